import type { Bus } from "../bus/bus.ts";
import { isShownLine, type TranscriptTail } from "../claude_code/transcript.ts";
import { CLAIM_LEASE_MS } from "./delivery_loop.ts";

// A pushed channel event and a socket frame are both fire-and-forget: Claude Code answers
// neither. Mail is acknowledged on the bus only once the session's transcript shows it (the
// line Claude Code writes when the model gets the turn). A message that does not show up
// while the session sits idle was dropped: its claims are handed back, so the next route
// (socket, hooks, inbox) delivers it, and the caller is told to change route.

/** How long an idle session may take to record a message before it counts as dropped (docs/delivery.md). */
export const IDLE_RECEIPT_MS = 5_000;
/** The same, when Claude Code's sessions file does not say whether the session is idle. */
export const UNKNOWN_IDLE_RECEIPT_MS = 60_000;
/** However busy the session claims to be, a message not recorded by then counts as dropped. */
export const MAX_RECEIPT_MS = 10 * 60_000;
/** Look at the transcript this often while something is outstanding. */
export const RECEIPT_POLL_MS = 20;

/** Mail written to the session, waiting for its transcript line. */
export interface Outstanding {
  deliveryIds: number[];
  messageIds: number[];
  /**
   * A random token that only this write carried (the event's receipt attribute, the frame's
   * msg_id): a shown transcript line that contains it records this write. Nobody else can
   * know it, so no sender can fake a receipt for another message.
   */
  token: string;
  sentAt: number;
  /** When the session was last seen not idle while this was outstanding. */
  busySince?: number;
}

export interface ReceiptOptions {
  bus: Bus;
  claimer: string;
  tail: TranscriptTail;
  /** Whether Claude Code is idle (waiting for its user); null when it cannot tell. */
  idle: () => boolean | null;
  now: () => number;
  /** Messages were recorded (acknowledged on the bus). */
  onSeen?: (messageIds: number[], ms: number) => void;
  /** Messages were not recorded in time; their claims were handed back. */
  onMissing: (missing: Outstanding[]) => void;
}

/** Tracks outstanding writes of one route and settles them against the transcript. */
export class Receipts {
  #options: ReceiptOptions;
  #outstanding: Outstanding[] = [];
  #lastRenew = 0;

  constructor(options: ReceiptOptions) {
    this.#options = options;
  }

  get count(): number {
    return this.#outstanding.length;
  }

  expect(entry: Omit<Outstanding, "sentAt">): void {
    this.#outstanding.push({ ...entry, sentAt: this.#options.now() });
  }

  /** Read the transcript once: acknowledge what it shows, hand back what it never will. */
  async check(): Promise<void> {
    if (this.#outstanding.length === 0) return;
    const { bus, claimer, tail, now } = this.#options;
    const lines = await tail.readLines();
    const seen: Outstanding[] = [];
    for (const line of lines) {
      if (!isShownLine(line)) continue;
      for (let i = this.#outstanding.length - 1; i >= 0; i--) {
        if (line.includes(this.#outstanding[i].token)) seen.push(...this.#outstanding.splice(i, 1));
      }
    }
    if (seen.length) {
      const t = now();
      await bus.ackDeliveries(seen.flatMap((s) => s.deliveryIds), claimer);
      for (const s of seen) this.#options.onSeen?.(s.messageIds, t - s.sentAt);
    }
    const t = now();
    const idle = this.#outstanding.length ? this.#options.idle() : null;
    const missing = this.#outstanding.filter((o) => {
      if (idle === false) o.busySince = t;
      const quietFor = t - Math.max(o.sentAt, o.busySince ?? 0);
      const limit = idle === true ? IDLE_RECEIPT_MS : idle === null ? UNKNOWN_IDLE_RECEIPT_MS : Infinity;
      return quietFor >= limit || t - o.sentAt >= MAX_RECEIPT_MS;
    });
    if (missing.length) {
      this.#outstanding = this.#outstanding.filter((o) => !missing.includes(o));
      await bus.releaseDeliveries(missing.flatMap((m) => m.deliveryIds), claimer);
      this.#options.onMissing(missing);
    }
    // Keep the claims of what is still outstanding from expiring (a long tool run).
    if (this.#outstanding.length && t - this.#lastRenew >= CLAIM_LEASE_MS / 3) {
      this.#lastRenew = t;
      await bus.renewDeliveries(this.#outstanding.flatMap((o) => o.deliveryIds), claimer);
    }
  }

  /** Drop the write with this token (it never went out) and hand its claims back. */
  async forget(token: string): Promise<void> {
    const gone = this.#outstanding.filter((o) => o.token === token);
    this.#outstanding = this.#outstanding.filter((o) => o.token !== token);
    await this.#options.bus.releaseDeliveries(gone.flatMap((o) => o.deliveryIds), this.#options.claimer);
  }

  /** Hand every outstanding claim back (shutting down, or changing route). */
  async releaseAll(): Promise<void> {
    const all = this.#outstanding;
    this.#outstanding = [];
    if (all.length) {
      await this.#options.bus.releaseDeliveries(all.flatMap((o) => o.deliveryIds), this.#options.claimer);
    }
  }
}
