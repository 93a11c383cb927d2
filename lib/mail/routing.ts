import { AccessRefusedError } from "../access/access_error.ts";
import { reaches } from "../access/project_scope.ts";
import { receiverRefusal } from "../access/receiver_rules.ts";
import {
  broadcastRefusal,
  OPEN_POLICY,
  recipientRefusal,
  type SenderPolicy,
} from "../access/sender_policy.ts";
import type {
  Bus,
  CliPresence,
  DeliveryRoute,
  NewMessage,
  SessionRow,
  StoredMessage,
  StoreOptions,
} from "../bus/bus.ts";
import { InvalidInputError, NotFoundError } from "../errors.ts";
import type { Identity } from "../sessions/membership.ts";
import * as rules from "./input_limits.ts";

// Routing rules, the same for every engine and every entry point (tools, CLI, hooks):
// - project scoping (lib/access/project_scope.ts): a tagged sender reaches its own project and
//   every `cli:` name, an untagged one everyone;
// - a dm to a known but offline session is queued and delivered when it registers again;
// - a dm to a name the bus has never seen is refused (typos must not vanish) unless the
//   sender asks to queue it for a session that has not started yet;
// - access rules (lib/access/): the sender's own policy (what its model may send), then the
//   recipient's published accept/reject rules. A refused dm throws and stores nothing; a
//   broadcast skips refusing recipients and reports them in the receipt.

export interface MessageOptions {
  content: string;
  priority?: string;
  messageType?: string;
  threadId?: string;
  inReplyTo?: string;
  meta?: Record<string, unknown>;
  /**
   * A permission-relay message type (rules.RELAY_MESSAGE_TYPES). Set only by cc-dm's own relay
   * code (lib/permission/), never from tool or CLI input; it replaces `messageType`.
   */
  internalType?: rules.RelayMessageType;
  /** Allows the relay's meta keys (rules.RELAY_KEYS); set only by the relay code, like internalType. */
  relayMeta?: boolean;
  /**
   * When the recipients are woken (StoreOptions.wake): "after" lets a long-lived caller answer
   * first (the channel's broadcast tool). Ignored for a `cli:` sender, which may exit at once.
   */
  wake?: StoreOptions["wake"];
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
  /** Recipients left out of a broadcast by an access rule, with the reason (always empty for a dm). */
  refused: Refusal[];
  /** How each live recipient gets it (its session's delivery route). */
  routes: Record<string, DeliveryRoute>;
}

export interface Refusal {
  name: string;
  reason: string;
}

/**
 * Send a direct message from `sender`. Throws (storing nothing) on any invalid input or refusal.
 * `policy` is the sending session's own rules (channel tools pass theirs; the CLI has none).
 * `cli`: the sender is a person or script whose `cli:` row the bus writes with the message
 * (Bus.insertCliMessage; NameTakenError when a live session holds the name).
 */
export async function sendDm(
  bus: Bus,
  sender: Identity,
  request: DmRequest,
  policy: SenderPolicy = OPEN_POLICY,
  cli?: CliPresence,
): Promise<Receipt> {
  const to = rules.normalizeName(request.to, "recipient name");
  if (to === sender.name) {
    throw new InvalidInputError(
      `Invalid recipient "${to}": that is you`,
      "Use `who` to see the other sessions.",
    );
  }
  const fields = await messageFields(bus, request);
  const target = await bus.session(to);
  const own = recipientRefusal(policy, target ?? { name: to, role: "", project: "" });
  if (own) {
    throw new AccessRefusedError(
      `Cannot message "${to}": ${own}; nothing was sent`,
      "The user set this rule for this session; ask them if the message must go out.",
    );
  }
  if (!target) {
    if (!request.queueForUnknown) {
      const known = await knownNames(bus, sender);
      const error = new NotFoundError(
        `No session named "${to}" has ever registered on this bus; nothing was sent`,
        `${known} Check the spelling, or queue it for a session that has not started yet (queue: true).`,
      );
      error.cliHint = `${known} Check the spelling, or queue it for a session that has not started yet: ` +
        `cc-dm send ${to} --queue "..."`;
      throw error;
    }
  } else if (!reaches(sender, target)) {
    throw new InvalidInputError(
      `Cannot message "${to}": it is in project "${
        target.project || "(none)"
      }" and you are in project "${sender.project}"; nothing was sent`,
      "A session with a project tag reaches only its own project.",
    );
  } else {
    const theirs = receiverRefusal(target, sender);
    if (theirs) {
      throw new AccessRefusedError(
        `Cannot message "${to}": ${theirs}; nothing was sent`,
        "The recipient chose whom it accepts; reach it through a session it accepts, or ask its user.",
      );
    }
  }
  const message = await store(
    bus,
    {
      ...fields,
      from: sender.name,
      fromRole: sender.role,
      fromProject: sender.project,
      to,
      recipients: [to],
    },
    cli,
    request.wake,
  );
  const live = target !== undefined && target.online;
  return {
    message,
    live: live ? [to] : [],
    queued: live ? [] : [to],
    refused: [],
    routes: live ? { [to]: routeOf(target!) } : {},
  };
}

/**
 * Send to every live Claude session in the sender's scope except the sender. Throws when the
 * sender may not broadcast; recipients that an access rule excludes are skipped and reported.
 */
export async function sendBroadcast(
  bus: Bus,
  sender: Identity,
  request: MessageOptions,
  policy: SenderPolicy = OPEN_POLICY,
  cli?: CliPresence,
): Promise<Receipt> {
  const own = broadcastRefusal(policy, sender);
  if (own) {
    throw new AccessRefusedError(
      `Cannot broadcast: ${own}; nothing was sent`,
      "Message the sessions one by one with dm, or ask the user.",
    );
  }
  const fields = await messageFields(bus, request);
  const reachable = (await bus.sessions())
    .filter((s) => s.kind === "claude" && s.name !== sender.name && reaches(sender, s) && s.online)
    .sort((a, b) => a.name.localeCompare(b.name));
  const recipients: string[] = [];
  const refused: Refusal[] = [];
  for (const s of reachable) {
    const reason = recipientRefusal(policy, s) ?? receiverRefusal(s, sender);
    if (reason) refused.push({ name: s.name, reason });
    else recipients.push(s.name);
  }
  const message = await store(
    bus,
    {
      ...fields,
      from: sender.name,
      fromRole: sender.role,
      fromProject: sender.project,
      to: null,
      recipients,
    },
    cli,
    request.wake,
  );
  const routes = Object.fromEntries(
    reachable.filter((s) => recipients.includes(s.name)).map((s) => [s.name, routeOf(s)]),
  );
  return { message, live: recipients, queued: [], refused, routes };
}

/** Store `msg`, with its CLI sender's row when `cli` is given. */
function store(
  bus: Bus,
  msg: NewMessage,
  cli: CliPresence | undefined,
  wake: StoreOptions["wake"],
): Promise<StoredMessage> {
  return cli ? bus.insertCliMessage(msg, cli) : bus.insertMessage(msg, { wake });
}

/** A person or script (`cli:` row) takes replies through `ask` / `inbox`, never pushed. */
function routeOf(row: SessionRow): DeliveryRoute {
  return row.kind === "cli" ? "inbox" : row.delivery;
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
    messageType: request.internalType ??
      rules.messageType(request.messageType ?? (inReplyTo !== undefined ? "reply" : undefined)),
    threadId,
    inReplyTo: inReplyTo ?? null,
    meta: rules.senderMeta(request.meta, {
      relay: request.internalType !== undefined || request.relayMeta === true,
    }),
  };
}

/** The names a sender could have meant: sessions in reach, and names mail is already queued for. */
async function knownNames(bus: Bus, sender: Identity): Promise<string> {
  const sessions = (await bus.sessions())
    .filter((s) => s.name !== sender.name && reaches(sender, s));
  const names = sessions.filter((s) => s.kind === "claude").map((s) => s.name);
  const registered = new Set(sessions.map((s) => s.name));
  // A name mail is queued for that never registered has no project yet (see roster()).
  const queuedFor = (await bus.queuedMail()).map((m) => m.recipient).filter((n) =>
    !registered.has(n) && n !== sender.name &&
    reaches(sender, { project: "", kind: n.startsWith(rules.CLI_PREFIX) ? "cli" : "claude" })
  );
  const parts: string[] = [];
  if (names.length) parts.push(`Known sessions: ${names.join(", ")}.`);
  if (queuedFor.length) parts.push(`Mail is queued for (not started yet): ${queuedFor.join(", ")}.`);
  return parts.length ? parts.join(" ") : "No other sessions are known yet.";
}
