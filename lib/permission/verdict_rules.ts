import type { Behavior } from "./relay_messages.ts";

// When a verdict counts. One function for the worker (the authority: it alone decides) and for
// the approve/deny tools and CLI (which check first, to fail fast with the same reason).

/** A relayed request as its worker (or a reader of the history) knows it. */
export interface RequestFacts {
  requestId: string;
  /** The worker's session name and project tag when it relayed the request. */
  worker: string;
  project: string;
  /** The named approver, or null: any session of `project` (never empty then). */
  approver: string | null;
  expiresAt: number;
  /**
   * The process instance that held a session approver's name when the request was relayed:
   * only it can answer (a session that takes the name later cannot). Null for `cli:` people
   * and project approval.
   */
  approverInstance?: string | null;
  /** The bus message that carried the request; a verdict must answer this one. */
  messageId?: number | null;
  /** Set once a verdict was applied: later ones are refused. */
  answered?: { behavior: Behavior; by: string; messageId: number };
}

/** Who sent a verdict, as the bus recorded it (never taken from the content). */
export interface VerdictSender {
  name: string;
  project: string;
}

/** Why this verdict does not count, or undefined when it does. The order of checks is deliberate. */
export function verdictRefusal(
  request: RequestFacts | undefined,
  requestId: string,
  sender: VerdictSender,
  now: number,
): string | undefined {
  if (!request) return `no permission request ${requestId} is open in this session`;
  // Authority first: someone without it learns nothing about the state of the request.
  if (sender.name === request.worker) return `"${sender.name}" cannot answer its own permission request`;
  if (request.approver !== null) {
    if (sender.name !== request.approver) {
      return `"${sender.name}" is not the approver of request ${requestId} (CC_DM_PERMISSION_APPROVER of "${request.worker}" is "${request.approver}")`;
    }
  } else if (request.project === "" || sender.project !== request.project) {
    return `"${sender.name}" (project "${sender.project || "(none)"}") is not in project "${
      request.project || "(none)"
    }" of "${request.worker}", and only sessions of that project may answer its requests`;
  }
  if (request.answered) {
    return `request ${requestId} was already answered (${request.answered.behavior} by "${request.answered.by}", message ${request.answered.messageId}); only the first verdict counts`;
  }
  if (now >= request.expiresAt) {
    return `request ${requestId} expired at ${new Date(request.expiresAt).toISOString()}`;
  }
  return undefined;
}

/** What the bus recorded about a verdict message, for binding it to one request and one sender. */
export interface VerdictMessage {
  id: number;
  /** The request message a typed verdict answers (`in_reply_to`); free text has none. */
  inReplyTo: string | null;
  typed: boolean;
  fromInstance: string | null;
}

/**
 * Why a verdict that passed verdictRefusal still does not count: it is not bound to this very
 * request (an old verdict for an earlier request with the same id), or it comes from another
 * process than the approver instance the worker pinned.
 */
export function bindingRefusal(request: RequestFacts, verdict: VerdictMessage): string | undefined {
  const requestMessage = request.messageId ?? null;
  if (requestMessage !== null) {
    if (verdict.typed && verdict.inReplyTo !== String(requestMessage)) {
      return `the verdict answers message ${
        verdict.inReplyTo ?? "(none)"
      }, not request message ${requestMessage} (an earlier request with the same id?)`;
    }
    if (!verdict.typed && verdict.id < requestMessage) {
      return `the verdict (message ${verdict.id}) is older than request message ${requestMessage}`;
    }
  }
  if (request.approverInstance && verdict.fromInstance !== request.approverInstance) {
    return `it was not sent by the session that held the name "${request.approver}" when request ${request.requestId} was relayed (a name taken over later cannot answer)`;
  }
  return undefined;
}
