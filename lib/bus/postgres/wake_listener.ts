import { createHash } from "node:crypto";
import type { WakeSubscription } from "../bus.ts";
import { PollSubscription, WakeLatch } from "../wake_latch.ts";
import type { Pool } from "./pg_types.ts";

// Wake-ups over LISTEN/NOTIFY. A sender's transaction NOTIFYs each recipient's channel (and the
// traffic channel); PostgreSQL delivers notifications only after COMMIT, so a woken reader
// always finds the row. The table stays the truth: a notification is only "look now".
//
// One listening connection per Bus, shared by its subscriptions. When it drops (server restart,
// network cut, a pooler), every subscription is told "look now", and the connection is rebuilt
// with backoff; once LISTEN is back on every channel they are told "look now" again, so what was
// sent while nobody listened is drained. A ping every PING_MS with a deadline catches a link
// that died silently (no RST: the socket would otherwise wait for TCP to give up, minutes).

const PING_MS = 10_000;
const PING_DEADLINE_MS = 8_000;
const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 5_000;
/** Without a working LISTEN (a transaction pooler), subscriptions poll this often. */
export const FALLBACK_POLL_MS = 500;
/** How long the probe NOTIFY at the first LISTEN may take to come back. */
const PROBE_MS = 2_000;

/** The NOTIFY channel of a recipient (null: all traffic). Identifiers are short; names are not. */
export function wakeChannel(recipient: string | null): string {
  if (recipient === null) return "cc_dm_traffic";
  return "cc_dm_" + createHash("md5").update(recipient).digest("hex").slice(0, 24);
}

/** The same channel name as SQL computes it (pg_notify in the sender's transaction). */
export const WAKE_CHANNEL_SQL = (expr: string) => `'cc_dm_' || substr(md5(${expr}), 1, 24)`;

interface Options {
  /** A new pool for the listening connection (one connection). */
  connect(onnotify: (channel: string, payload: string) => void, onclose: () => void): Pool;
  /**
   * NOTIFY from the query connection, not the listening one: behind a transaction pooler a
   * NOTIFY sent on the listening client could land on the very server connection that listened.
   */
  notify(channel: string, payload: string): Promise<unknown>;
  /** Where it listens, for `detail` (no password). */
  location: string;
  note: (text: string) => void;
}

/** The listening side of one Bus. */
export class WakeListener {
  #options: Options;
  #pool: Pool | null = null;
  #channels = new Map<string, Set<Subscription>>();
  #listening = new Set<string>();
  #closed = false;
  #broken = false;
  #reconnecting: Promise<void> | null = null;
  #ping: ReturnType<typeof setInterval> | undefined;
  /** Why LISTEN cannot be trusted here (a pooler); subscriptions then poll. */
  #unusable: string | null = null;
  #probe: { payload: string; resolve: () => void } | null = null;
  #probed = false;
  /** Times the connection was rebuilt (tests and doctor). */
  reconnects = 0;

  constructor(options: Options) {
    this.#options = options;
  }

  /** Listen on `recipient`'s channel; resolves once LISTEN is in force (or it fell back to polling). */
  async subscribe(recipient: string | null): Promise<WakeSubscription> {
    if (this.#closed) return new PollSubscription("the bus is closed", FALLBACK_POLL_MS);
    if (this.#unusable) return new PollSubscription(this.#unusable, FALLBACK_POLL_MS);
    const channel = wakeChannel(recipient);
    const sub = new Subscription(
      `LISTEN ${channel} on ${this.#options.location}`,
      () => this.#drop(channel, sub),
    );
    let subs = this.#channels.get(channel);
    if (!subs) this.#channels.set(channel, subs = new Set());
    subs.add(sub);
    try {
      await this.#listen(channel);
      if (!this.#probed) await this.#checkDelivery(channel);
    } catch (err) {
      // The server is away: the subscription is registered and listens as soon as the
      // connection is back; until then it reports "look now" on each reconnect attempt.
      this.#options.note(`cc-dm: cannot LISTEN yet (${(err as Error).message}); retrying`);
      this.#connectionLost();
    }
    if (this.#unusable) {
      subs.delete(sub);
      return new PollSubscription(this.#unusable, FALLBACK_POLL_MS);
    }
    return sub;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#ping);
    for (const subs of this.#channels.values()) for (const sub of subs) sub.closeQuietly();
    this.#channels.clear();
    const pool = this.#pool;
    this.#pool = null;
    await pool?.end({ timeout: 1 }).catch(() => {});
  }

  #pool_(): Pool {
    if (this.#pool) return this.#pool;
    const pool = this.#options.connect(
      (channel, payload) => this.#notified(channel, payload),
      () => {
        if (this.#pool === pool) this.#connectionLost();
      },
    );
    this.#pool = pool;
    this.#listening.clear();
    clearInterval(this.#ping);
    this.#ping = setInterval(() => this.#pingOnce(pool), PING_MS);
    Deno.unrefTimer(this.#ping as unknown as number);
    return pool;
  }

  async #listen(channel: string): Promise<void> {
    if (this.#listening.has(channel) && !this.#broken) return;
    const pool = this.#pool_();
    await pool.unsafe(`LISTEN "${channel}"`);
    if (this.#pool === pool) this.#listening.add(channel);
  }

  /**
   * A first LISTEN is followed by a NOTIFY to it: behind a transaction-mode pooler the LISTEN
   * lands on a server connection that is handed to someone else, and nothing comes back.
   */
  async #checkDelivery(channel: string): Promise<void> {
    this.#probed = true;
    const payload = `probe-${crypto.randomUUID()}`;
    const back = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), PROBE_MS);
      this.#probe = {
        payload,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
    });
    await this.#options.notify(channel, payload);
    if (!(await back)) {
      this.#unusable = `LISTEN/NOTIFY does not reach this connection (a NOTIFY to itself never came back ` +
        `within ${PROBE_MS} ms): is ${this.#options.location} a transaction-mode pooler (PgBouncer ` +
        `pool_mode=transaction)? cc-dm needs a direct or session-mode connection; polling every ${FALLBACK_POLL_MS} ms`;
      this.#options.note(`cc-dm: ${this.#unusable}`);
    }
    this.#probe = null;
  }

  #notified(channel: string, payload: string): void {
    if (this.#probe && payload === this.#probe.payload) return this.#probe.resolve();
    const subs = this.#channels.get(channel);
    if (subs) { for (const sub of subs) sub.wake(); }
  }

  #drop(channel: string, sub: Subscription): void {
    const subs = this.#channels.get(channel);
    if (!subs) return;
    subs.delete(sub);
    if (subs.size > 0) return;
    this.#channels.delete(channel);
    if (this.#listening.delete(channel) && this.#pool && !this.#broken) {
      this.#pool.unsafe(`UNLISTEN "${channel}"`).catch(() => {});
    }
  }

  #wakeAll(): void {
    for (const subs of this.#channels.values()) for (const sub of subs) sub.wake();
  }

  #pingOnce(pool: Pool): void {
    if (this.#broken || this.#closed) return;
    let answered = false;
    const deadline = setTimeout(() => {
      if (!answered && this.#pool === pool) {
        this.#options.note(
          `cc-dm: the LISTEN connection to ${this.#options.location} stopped answering; reconnecting`,
        );
        this.#connectionLost();
      }
    }, PING_DEADLINE_MS);
    pool`SELECT 1`.then(() => {
      answered = true;
      clearTimeout(deadline);
    }, () => {
      answered = true;
      clearTimeout(deadline);
      if (this.#pool === pool) this.#connectionLost();
    });
  }

  /** The listening connection is gone: look now, then rebuild it with backoff and look again. */
  #connectionLost(): void {
    if (this.#closed) return;
    this.#broken = true;
    this.#wakeAll();
    this.#reconnecting ??= this.#reconnect().finally(() => this.#reconnecting = null);
  }

  async #reconnect(): Promise<void> {
    let delay = BACKOFF_FIRST_MS;
    while (!this.#closed) {
      const old = this.#pool;
      this.#pool = null;
      clearInterval(this.#ping);
      old?.end({ timeout: 0 }).catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.#closed) return;
      try {
        const pool = this.#pool_();
        const channels = [...this.#channels.keys()];
        await pool.unsafe(channels.length ? channels.map((c) => `LISTEN "${c}"`).join("; ") : "SELECT 1");
        if (this.#pool !== pool) continue;
        for (const c of channels) this.#listening.add(c);
        this.#broken = false;
        this.reconnects++;
        // Anything sent while nobody listened is in the table: drain it.
        this.#wakeAll();
        return;
      } catch {
        this.#wakeAll();
        delay = Math.min(delay * 2, BACKOFF_MAX_MS);
      }
    }
  }
}

/** One waiting reader's view of its channel. */
class Subscription implements WakeSubscription {
  readonly mode = "socket";
  readonly detail: string;
  #latch = new WakeLatch();
  #onClose: () => void;

  constructor(detail: string, onClose: () => void) {
    this.detail = detail;
    this.#onClose = onClose;
  }

  wake(): void {
    this.#latch.wake();
  }

  next(timeoutMs: number): Promise<boolean> {
    return this.#latch.next(timeoutMs);
  }

  closeQuietly(): void {
    this.#latch.close();
  }

  close(): Promise<void> {
    if (!this.#latch.closed) {
      this.#onClose();
      this.#latch.close();
    }
    return Promise.resolve();
  }
}
