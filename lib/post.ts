import type { Bus, SessionRow, StoredMessage } from "./bus/bus.ts";
import { InvalidInputError, NotFoundError } from "./errors.ts";
import { isSessionAlive } from "./liveness.ts";
import type { Identity } from "./membership.ts";
import * as rules from "./rules.ts";

// Routing rules, the same for every engine and every entry point (tools, CLI, hooks):
// - project scoping: a sender with a project tag reaches only sessions of that project; an
//   untagged sender reaches everyone; people and scripts (`cli:` names) are reachable from
//   every project, so an answer to them always comes back;
// - a dm to a known but offline session is queued and delivered when it registers again;
// - a dm to a name the bus has never seen is refused (typos must not vanish) unless the
//   sender asks to queue it for a session that has not started yet.

export interface MessageOptions {
  content: string;
  priority?: string;
  messageType?: string;
  threadId?: string;
  inReplyTo?: string;
  meta?: Record<string, unknown>;
}

export interface DmRequest extends MessageOptions {
  to: string;
  /** Queue for a name that has never registered instead of refusing it. */
  queueForUnknown?: boolean;
}

/** What happened to a message: stored once, live recipients woken, the others queued. */
export interface Receipt {
  message: StoredMessage;
  /** Recipients whose session is running: they get it within milliseconds. */
  live: string[];
  /** Recipients that are offline (or never started): it waits for them. */
  queued: string[];
}

/** Send a direct message from `sender`. Throws (storing nothing) on any invalid input. */
export async function sendDm(bus: Bus, sender: Identity, request: DmRequest, now: number): Promise<Receipt> {
  const to = rules.normalizeName(request.to, "recipient name");
  if (to === sender.name) {
    throw new InvalidInputError(
      `Invalid recipient "${to}": that is you`,
      "Use `who` to see the other sessions.",
    );
  }
  const fields = await messageFields(bus, request);
  const target = await bus.session(to);
  if (!target) {
    if (!request.queueForUnknown) {
      throw new NotFoundError(
        `No session named "${to}" has ever registered on this bus; nothing was sent`,
        await knownNamesHint(bus, sender),
      );
    }
  } else if (!inScope(sender, target)) {
    throw new InvalidInputError(
      `Cannot message "${to}": it is in project "${
        target.project || "(none)"
      }" and you are in project "${sender.project}"; nothing was sent`,
      "A session with a project tag reaches only its own project.",
    );
  }
  const message = await bus.insertMessage({
    ...fields,
    from: sender.name,
    fromRole: sender.role,
    fromProject: sender.project,
    to,
    recipients: [to],
    now,
  });
  const live = target !== undefined && isSessionAlive(target, now);
  return { message, live: live ? [to] : [], queued: live ? [] : [to] };
}

/** Send to every live Claude session in the sender's scope except the sender. */
export async function sendBroadcast(
  bus: Bus,
  sender: Identity,
  request: MessageOptions,
  now: number,
): Promise<Receipt> {
  const fields = await messageFields(bus, request);
  const recipients = (await bus.sessions())
    .filter((s) =>
      s.kind === "claude" && s.name !== sender.name && inScope(sender, s) && isSessionAlive(s, now)
    )
    .map((s) => s.name);
  const message = await bus.insertMessage({
    ...fields,
    from: sender.name,
    fromRole: sender.role,
    fromProject: sender.project,
    to: null,
    recipients,
    now,
  });
  return { message, live: recipients, queued: [] };
}

/** Whether `sender` may reach `target` under project scoping. */
export function inScope(sender: Identity, target: Pick<SessionRow, "project" | "kind">): boolean {
  return sender.project === "" || target.kind === "cli" || target.project === sender.project;
}

async function messageFields(bus: Bus, request: MessageOptions) {
  const content = rules.content(request.content);
  const inReplyTo = rules.label(request.inReplyTo, "in_reply_to");
  let threadId = rules.label(request.threadId, "thread_id") ?? null;
  if (inReplyTo !== undefined && threadId === null) {
    // A reply joins its parent's thread; a parent that was pruned starts a thread named after it.
    const parentId = Number(inReplyTo);
    const parent = Number.isSafeInteger(parentId) ? await bus.message(parentId) : undefined;
    threadId = parent?.threadId ?? inReplyTo;
  }
  return {
    content,
    priority: rules.priority(request.priority),
    messageType: rules.messageType(request.messageType ?? (inReplyTo !== undefined ? "reply" : undefined)),
    threadId,
    inReplyTo: inReplyTo ?? null,
    meta: rules.senderMeta(request.meta),
  };
}

async function knownNamesHint(bus: Bus, sender: Identity): Promise<string> {
  const names = (await bus.sessions())
    .filter((s) => s.kind === "claude" && s.name !== sender.name && inScope(sender, s))
    .map((s) => s.name);
  const known = names.length ? `Known sessions: ${names.join(", ")}.` : "No other sessions are known yet.";
  return `${known} Check the spelling, or queue it for a session that has not started yet (queue: true / --queue).`;
}
