import type { SenderPolicy } from "../access/sender_policy.ts";
import type { Bus, CliPresence, StoredMessage } from "../bus/bus.ts";
import { CcDmError, NotFoundError } from "../errors.ts";
import type { Identity } from "../sessions/membership.ts";
import { type Receipt, sendDm } from "../mail/routing.ts";
import { reaches } from "../access/project_scope.ts";
import * as rules from "../mail/input_limits.ts";
import { type Behavior, PERMISSION_REQUEST, requestId, VERDICT, verdictText } from "./relay_messages.ts";
import { factsFromMessage } from "./request_message.ts";
import { verdictRefusal } from "./verdict_rules.ts";

/** How far back in the history a request is looked for. */
const SEARCH_DEPTH = 2000;

export interface AnswerRequest {
  requestId: string;
  behavior: Behavior;
  /** The worker, when the id alone is ambiguous (or the request is no longer in the history). */
  worker?: string;
}

export interface AnswerReceipt {
  receipt: Receipt;
  worker: string;
  requestId: string;
  behavior: Behavior;
}

/**
 * Answer a relayed permission request as `you` (the approve/deny tools, `cc-dm approve`): find
 * the request in the history within your project scope, check it the way the worker will, and
 * send the verdict to the worker as a dm. The worker alone decides whether it counts; these
 * checks only fail early with the same reason.
 */
export async function answerRequest(
  bus: Bus,
  you: Identity,
  answer: AnswerRequest,
  now: number,
  policy?: SenderPolicy,
  cli?: CliPresence,
): Promise<AnswerReceipt> {
  const id = requestId(answer.requestId);
  if (!id) {
    throw new CcDmError(
      `Invalid request id ${JSON.stringify(answer.requestId)}: it is 5 letters of a-z without l, e.g. abcde`,
      1,
      "Copy request_id from the permission request.",
    );
  }
  const worker = answer.worker === undefined ? undefined : rules.normalizeName(answer.worker, "worker name");
  const request = await findRequest(bus, you, id, now, worker);
  const facts = factsFromMessage(request)!;
  const refusal = verdictRefusal(facts, id, { name: you.name, project: you.project }, now);
  if (refusal) throw new CcDmError(`Cannot answer permission request ${id}: ${refusal}; nothing was sent`, 1);
  const row = await bus.session(facts.worker);
  if (!row?.online) {
    throw new CcDmError(
      `Cannot answer permission request ${id}: "${facts.worker}" is offline, and its request ended with it; nothing was sent`,
      1,
    );
  }
  const receipt = await sendDm(
    bus,
    you,
    {
      to: facts.worker,
      content: verdictText(answer.behavior, id),
      internalType: VERDICT,
      inReplyTo: String(request.id),
      meta: { request_id: id, behavior: answer.behavior },
    },
    policy,
    cli,
  );
  return { receipt, worker: facts.worker, requestId: id, behavior: answer.behavior };
}

/**
 * The newest relayed request with this id that `you` can see (project scoping applies). Ids are
 * 5 letters: when open requests of several workers share one, answering "the newest" could
 * allow the wrong tool call, so that is refused until the worker is named.
 */
async function findRequest(
  bus: Bus,
  you: Identity,
  id: string,
  now: number,
  worker?: string,
): Promise<StoredMessage> {
  const history = await bus.history({ limit: SEARCH_DEPTH, session: worker });
  const newestByWorker = new Map<string, StoredMessage>();
  let newestExpired: StoredMessage | undefined;
  for (let i = history.length - 1; i >= 0; i--) {
    const m = history[i];
    if (m.messageType !== PERMISSION_REQUEST || m.meta.request_id !== id) continue;
    if (worker !== undefined && m.from !== worker) continue;
    if (!reaches(you, { project: m.fromProject, kind: "claude" })) continue;
    const facts = factsFromMessage(m);
    if (!facts) continue;
    if (facts.expiresAt <= now) {
      newestExpired ??= m;
      continue;
    }
    if (!newestByWorker.has(m.from)) newestByWorker.set(m.from, m);
  }
  if (newestByWorker.size > 1) {
    const list = [...newestByWorker.values()].map((m) => `"${m.from}" (message ${m.id})`).join(", ");
    throw new CcDmError(
      `Cannot answer permission request ${id}: it is open in ${newestByWorker.size} sessions, ${list}; nothing was sent`,
      1,
      "Name the session that asked: `to` in the tool, `--to SESSION` on the command line.",
    );
  }
  const open = newestByWorker.values().next().value ?? newestExpired;
  if (open) return open;
  throw new NotFoundError(
    `No permission request ${id}${worker ? ` from "${worker}"` : ""} in reach on this bus; nothing was sent`,
    you.project
      ? `Requests of other projects are out of reach for project "${you.project}"; \`cc-dm tail\` shows recent requests.`
      : "`cc-dm tail` shows recent requests.",
  );
}
