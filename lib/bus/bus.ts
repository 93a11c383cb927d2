/**
 * The bus contract. `channel`, the CLI and the hooks talk only to this interface, so a second
 * engine (PostgreSQL for teams on several machines) can be added beside `sqlite/` without
 * touching them. Engines store and wake; routing rules live in lib/ above them.
 *
 * Engine-timed: no method takes a `now`. The engine's clock stamps every time (sent_at,
 * last_seen, claims and their leases), because sessions on different machines have different
 * clocks. Liveness is the engine's too (SessionRow.online).
 *
 * Errors: every method may throw a BusError (lib/bus/errors.ts: locked, full, io, corrupt,
 * readonly, unreachable, denied, ...) when the bus cannot be used; a write that throws changed
 * nothing. Other errors a method throws are named in its doc.
 */

/** How a session takes its mail (see SessionRow.delivery). */
export type DeliveryRoute = "events" | "socket" | "hooks" | "inbox";

/** Whether mail waits on the bus for a hook or the inbox tool (nothing pushes it). */
export function isPulled(delivery: DeliveryRoute): boolean {
  return delivery === "hooks" || delivery === "inbox";
}

/** How a store wakes its recipients. */
export interface StoreOptions {
  /**
   * "before" (default): the recipients are woken before the store resolves. "after": it
   * resolves once the message is stored, and the wake-ups go out on the next turn of the event
   * loop, after the caller has answered whoever waits on it (a channel's broadcast tool: 100
   * woken recipients take the CPU from the sender that wakes them, so its answer came only
   * after all of them). For long-lived processes; `close()` still sends what is pending.
   * Engines whose wake-up is part of the commit (PostgreSQL NOTIFY) ignore it.
   */
  wake?: "before" | "after";
}

/** What a session row says about a member of the bus. */
export interface SessionRow {
  name: string;
  role: string;
  /**
   * Project tag; "" means untagged. An untagged session reaches every session; a tagged one
   * reaches only sessions of its own tag, and `cli:` names (lib/access/project_scope.ts).
   */
  project: string;
  /** "claude" for a `cc-dm channel`, "cli" for a human or script waiting on `ask`. */
  kind: "claude" | "cli";
  /**
   * Whether a running process holds the name, as the engine judges it when it read the row
   * (SQLite: the pid and its start time on this host, the heartbeat elsewhere; PostgreSQL: the
   * holder's connection). False for an offline row.
   */
  online: boolean;
  /**
   * The database user the engine vouches for as the holder of this row (PostgreSQL
   * `current_user` of its claim); null where the engine has no such identity (SQLite).
   */
  user: string | null;
  /** Process holding the name, or null when the session is offline. */
  pid: number | null;
  /** Kernel start time of `pid` where the platform exposes it; guards against pid reuse. */
  pidStart: string | null;
  host: string;
  /** Unique id of the process instance holding the name; null when offline. */
  instance: string | null;
  cwd: string;
  /** Claude Code's session id (`CLAUDE_CODE_SESSION_ID`), used by hooks to find their identity. */
  claudeSessionId: string | null;
  /**
   * How the session's model gets mail: "events" (pushed channel events, each confirmed by the
   * transcript), "socket" (written to Claude Code's inbox socket, confirmed the same way),
   * "hooks" or "inbox" (mail waits on the bus for cc-dm's hooks or the `inbox` tool).
   */
  delivery: DeliveryRoute;
  /** Why the session gets mail that way (one sentence, for who and doctor). */
  deliveryReason: string;
  /** Receiver-side rules: only these senders are accepted (null: everyone). */
  acceptFrom: string[] | null;
  /** Receiver-side rules: these senders are refused (null: nobody). */
  rejectFrom: string[] | null;
  startedAt: number;
  lastSeen: number;
  /** What the session is doing, as its hooks last saw it; null: unknown (no hooks ran yet). */
  state: SessionState | null;
  /** When `state` last changed; null with it. */
  stateSince: number | null;
  /** The one-line status the session set for itself (status tool); null: none. */
  statusText: string | null;
  statusAt: number | null;
  /** Claude Code's transcript file of the session, as its hooks reported it. */
  transcriptPath: string | null;
  /** What is wrong with its delivery now (retrying, polling), as its channel last said; null: fine. */
  health: string | null;
}

/**
 * What a live session is doing: `busy` (a turn is running), `idle` (waiting for its user),
 * `waiting` (a permission dialog or a question to its user). Offline is not a state the row
 * stores: it follows from liveness.
 */
export type SessionState = "busy" | "idle" | "waiting";

/** Fields of a row that only the session's own processes (hooks, status tool) set after the claim. */
type Reported = "state" | "stateSince" | "statusText" | "statusAt" | "transcriptPath";

/** What a process says about itself when it takes a name (the engine stamps the times). */
export type SessionClaim =
  & Omit<SessionRow, "lastSeen" | "startedAt" | "pid" | "instance" | "health" | "online" | "user" | Reported>
  & {
    pid: number;
    instance: string;
  };

/** A message as stored: one row per send, whatever the number of recipients. */
export interface StoredMessage {
  id: number;
  from: string;
  fromRole: string;
  fromProject: string;
  /** Recipient of a dm; null for a broadcast. */
  to: string | null;
  /** Every recipient the message was addressed to. */
  recipients: string[];
  content: string;
  priority: string;
  messageType: string;
  threadId: string;
  inReplyTo: string | null;
  meta: Record<string, string>;
  createdAt: number;
  /**
   * The process instance that held `from` when the message was stored, as the bus recorded it
   * (null for people and scripts, whose names no process holds).
   */
  fromInstance?: string | null;
  /**
   * The database user the engine vouches for as the sender (PostgreSQL `current_user`); null
   * where the engine has no such identity (SQLite). Optional: absent reads as null.
   */
  fromUser?: string | null;
}

/** A message to store; `createdAt` is the engine's time of the insert. */
export type NewMessage =
  & Omit<StoredMessage, "id" | "threadId" | "createdAt" | "fromInstance" | "fromUser">
  & {
    /** Thread to file under; null starts a new thread named after the message id. */
    threadId: string | null;
  };

/**
 * Where a person or script sends from (`cc-dm send`, `approve`, ...): its `cli:` row is
 * written offline with these, so sessions can answer it (their replies queue for the name).
 */
export interface CliPresence {
  cwd: string;
  host: string;
}

/** One message claimed for one recipient. */
export interface Delivery {
  deliveryId: number;
  recipient: string;
  message: StoredMessage;
}

export interface HistoryQuery {
  /** Only messages with an id above this one (for following). */
  afterId?: number;
  /** The newest `limit` messages that match, oldest first. */
  limit: number;
  /** Sent by or addressed to this name. */
  session?: string;
  project?: string;
  thread?: string;
}

/** Claim only the answers to one message: its thread, or replies naming it. */
export interface ReplyFilter {
  threadId: string;
  messageId: number;
}

/** Per-recipient count of messages waiting, with the oldest one's time. */
export interface QueuedMail {
  recipient: string;
  count: number;
  oldest: number;
}

export interface RetentionPolicy {
  /** Delivered messages older than this are deleted. */
  deliveredMaxAgeMs: number;
  /** At most this many fully delivered messages are kept. */
  deliveredMaxCount: number;
  /** Offline sessions with no mail and unseen for this long are forgotten. */
  offlineSessionMaxAgeMs: number;
}

/** A wake-up subscription: resolves when new traffic may be waiting. */
export interface WakeSubscription {
  /** How wake-ups arrive: "socket" (a sender pokes it after COMMIT) or "poll" (a fallback timer). */
  readonly mode?: "socket" | "poll";
  /** Where it listens, or why it polls (for logs, `who` and `doctor`). */
  readonly detail?: string;
  /** Resolves true on a wake-up (or "look now"), false when `timeoutMs` passed or it closed. */
  next(timeoutMs: number): Promise<boolean>;
  /** Stop listening; a pending `next` resolves false. Never throws. */
  close(): Promise<void>;
}

export interface Bus {
  /** Where the bus lives, for messages and doctor (a file path for SQLite); never holds a password. */
  readonly location: string;

  /**
   * Take `claim.name` for the calling process. Atomic: if another instance holds the row and
   * the engine judges it online, throws NameTakenError (lib/errors.ts) and changes nothing.
   * Claims left by a previous holder are released so their messages are delivered again.
   */
  claimSession(claim: SessionClaim): Promise<SessionRow>;
  /** Mark the session offline (if `instance` still holds it) and release its unacked claims. */
  leaveSession(name: string, instance: string): Promise<void>;
  /** Heartbeat: refresh last_seen (and the health note, when given); false when the name is no longer ours. */
  touchSession(name: string, instance: string, health?: string | null): Promise<boolean>;
  /** Every session row, `online` judged at the read. */
  sessions(): Promise<SessionRow[]>;
  /** One session row, or undefined for a name the bus has never seen. */
  session(name: string): Promise<SessionRow | undefined>;
  /** Forget a session row (doctor --fix); its queued mail stays. */
  forgetSession(name: string): Promise<boolean>;
  /**
   * Record what the live session `name` is doing (its hooks call this). Writes only when the
   * state or transcript changes; at `idle`, a status set more than `statusFreshMs` ago is
   * cleared. False when no live session holds the name. A courtesy: engines need not wait for
   * a held lock here (BusError "locked" at once is fine; hooks ignore it).
   */
  setState(
    name: string,
    state: SessionState,
    report?: { transcriptPath?: string | null; statusFreshMs?: number },
  ): Promise<boolean>;
  /**
   * Set (or with null clear) the one-line status of `name` while `instance` holds it. False when
   * it does not; the text is stored as given (callers check it).
   */
  setStatus(name: string, instance: string, text: string | null): Promise<boolean>;

  /**
   * Store a message and one delivery per recipient in one transaction, then wake them: before
   * it resolves, or with `wake: "after"` just after (see StoreOptions).
   */
  insertMessage(msg: NewMessage, options?: StoreOptions): Promise<StoredMessage>;
  /**
   * A message from a person or script (`msg.from` is a `cli:` name): in one transaction,
   * write the sender's row offline (role, project, `presence`; a row a live `ask` of the same
   * name holds is left as it is), then store the message as insertMessage does. Throws
   * NameTakenError, storing nothing, when a live Claude session holds `msg.from`.
   */
  insertCliMessage(msg: NewMessage, presence: CliPresence): Promise<StoredMessage>;
  /**
   * Claim up to `limit` undelivered messages of `recipient` for `claimer`. A claim older than
   * `leaseMs` that was never acknowledged can be claimed again (at-least-once delivery).
   * Atomic: two claimers racing never both get one delivery within its lease.
   */
  claimDeliveries(
    recipient: string,
    claimer: string,
    leaseMs: number,
    limit: number,
    only?: ReplyFilter,
  ): Promise<Delivery[]>;
  /** Mark claimed deliveries delivered, a whole batch in one statement; only the claimer's claims count. */
  ackDeliveries(deliveryIds: number[], claimer: string): Promise<void>;
  /**
   * `ackDeliveries(ackIds)` then `claimDeliveries(recipient, ...)` in one write transaction:
   * a delivery loop that acknowledges what it pushed and takes the next batch pays one lock
   * and one commit instead of two. With no ids to acknowledge it is a plain claim.
   */
  ackAndClaim(
    ackIds: number[],
    recipient: string,
    claimer: string,
    leaseMs: number,
    limit: number,
  ): Promise<Delivery[]>;
  /** Give claims back unshown (the route dropped them): they can be claimed again at once. */
  releaseDeliveries(deliveryIds: number[], claimer: string): Promise<void>;
  /** Restart the lease of claims still awaiting their receipt, so nobody else takes them. */
  renewDeliveries(deliveryIds: number[], claimer: string): Promise<void>;
  /** Record how `name` (held by `instance`) now gets its mail, and why. False if not held. */
  setDelivery(name: string, instance: string, delivery: DeliveryRoute, reason: string): Promise<boolean>;
  /** Undelivered mail per recipient, ordered by recipient. */
  queuedMail(): Promise<QueuedMail[]>;
  /** Whether each recipient of message `id` has it yet (empty for an unknown message). */
  deliveryStates(messageId: number): Promise<{ recipient: string; delivered: boolean }[]>;
  /** One message, or undefined (never stored, or pruned). */
  message(id: number): Promise<StoredMessage | undefined>;
  history(query: HistoryQuery): Promise<StoredMessage[]>;
  /** Delete what `policy` says is old, by the engine's clock; counts what went. */
  prune(policy: RetentionPolicy): Promise<{ messages: number; sessions: number }>;

  /**
   * Wait for wake-ups of one recipient, or of all traffic when `recipient` is null. Resolves
   * once it listens: a message inserted after that wakes it ("subscribe, then send"). A
   * wake-up channel that cannot be had falls back to polling (mode "poll"); it throws only when
   * using it would be unsafe (SQLite: a wake directory another user could write in).
   */
  subscribe(recipient: string | null): Promise<WakeSubscription>;
  /**
   * Engines backed by a file: reopen when the file was replaced or deleted under this process
   * (true when it did; the caller registers again). Others leave it out.
   */
  reopenIfReplaced?(): Promise<boolean>;

  /** Release the connection and timers; the Bus is unusable after. Never throws. */
  close(): Promise<void>;
}
