import type { Bus, Delivery } from "../bus/bus.ts";
import type { TranscriptTail } from "../claude_code/transcript.ts";
import type { Membership } from "../sessions/membership.ts";
import type { Route } from "./delivery_route.ts";
import type { ChannelEvent } from "./event.ts";
import { type Outstanding, RECEIPT_POLL_MS, Receipts } from "./receipts.ts";
import { socketEnvelope } from "./socket_envelope.ts";

/** Largest socket frame: far below Claude Code's 1 MiB line limit, several full messages. */
export const FRAME_MAX_BYTES = 256 * 1024;
/**
 * Pacing of socket frames: Claude Code drops a sender's frames past a burst of 30 (refill
 * 0.5/s). A bucket of 10 refilled every 3 s stays well below, and mail that arrives meanwhile
 * is batched into the next frame, so pacing delays mail but never drops it.
 */
export const FRAME_BURST = 10;
export const FRAME_REFILL_MS = 3_000;
/** Failed socket writes in a row (with backoff: 0.5, 1, 2, 4, 8 s) before the socket is given up. */
const SOCKET_ATTEMPTS = 6;

export interface CourierOptions {
  route: Route;
  bus: Bus;
  membership: Membership;
  /** Push one channel event (the MCP notification). */
  pushEvent: (event: ChannelEvent) => Promise<void>;
  channelEvent: (delivery: Delivery, receipt?: string) => ChannelEvent;
  /** Write one frame to the inbox socket. */
  writeFrame: (frame: Record<string, unknown>) => Promise<void>;
  /** Messages for the relay, not the model (permission verdicts): true when taken. */
  intercept: (delivery: Delivery) => Promise<boolean>;
  /** The transcript, where receipts are read; null when it cannot be located. */
  tail: TranscriptTail | null;
  idle: () => boolean | null;
  now: () => number;
  log: (text: string) => void;
  /** A route dropped mail: switch away from it (the claims were handed back). */
  onRouteFailed: (route: Route, why: string) => void;
  /** Figures for the bench and logs: time from write to transcript line. */
  onReceipt?: (route: Route, ms: number) => void;
}

/**
 * Hands claimed mail to the session over the current route and settles it: acknowledged on
 * the bus when the transcript records it, handed back when it does not. Where no transcript
 * can be read, an event counts as delivered once written (every gate was seen open), and the
 * socket is not used at all (nothing would ever prove it arrived).
 */
export class Courier {
  #o: CourierOptions;
  #route: Route;
  #receipts: Receipts | null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #tokens = FRAME_BURST;
  #lastRefill: number;
  #checking: Promise<void> | undefined;
  /** Socket writes that failed in a row, and when to try again. */
  #failures = 0;
  #retryAt = 0;

  constructor(options: CourierOptions) {
    this.#o = options;
    this.#route = options.route;
    this.#lastRefill = options.now();
    this.#receipts = options.tail
      ? new Receipts({
        bus: options.bus,
        claimer: options.membership.instance,
        tail: options.tail,
        idle: options.idle,
        now: options.now,
        onSeen: (_ids, ms) => options.onReceipt?.(this.#route, ms),
        onMissing: (missing) => this.#missing(missing),
      })
      : null;
  }

  get route(): Route {
    return this.#route;
  }

  set route(route: Route) {
    this.#route = route;
  }

  /** Mail written and not yet seen in the transcript. */
  get outstanding(): number {
    return this.#receipts?.count ?? 0;
  }

  /** Whether the loop should claim mail now (a pushing route with room to write). */
  accepting(): boolean {
    if (this.#route === "events") return true;
    if (this.#route !== "socket" || !this.#receipts) return false;
    this.#refill();
    // One frame at a time: what arrives while it is outstanding goes into the next one.
    return this.#tokens >= 1 && this.#receipts.count === 0 && this.#o.now() >= this.#retryAt;
  }

  /** Hand `batch` over; returns the delivery ids to acknowledge now (the rest await receipts). */
  async deliver(batch: Delivery[]): Promise<number[]> {
    const ackNow: number[] = [];
    const shown: Delivery[] = [];
    for (const d of batch) {
      if (await this.#o.intercept(d)) ackNow.push(d.deliveryId);
      else shown.push(d);
    }
    if (shown.length === 0) return ackNow;
    if (this.#route === "events") return [...ackNow, ...(await this.#pushEvents(shown))];
    await this.#writeFrames(shown);
    return ackNow;
  }

  async #pushEvents(shown: Delivery[]): Promise<number[]> {
    const ackNow: number[] = [];
    for (const d of shown) {
      if (!this.#receipts) {
        await this.#o.pushEvent(this.#o.channelEvent(d));
        ackNow.push(d.deliveryId);
        continue;
      }
      const receipt = randomToken();
      this.#receipts.expect({ token: receipt, deliveryIds: [d.deliveryId], messageIds: [d.message.id] });
      this.#startChecking();
      await this.#o.pushEvent(this.#o.channelEvent(d, receipt));
    }
    return ackNow;
  }

  async #writeFrames(shown: Delivery[]): Promise<void> {
    for (const frame of framesOf(shown)) {
      const msgId = crypto.randomUUID();
      this.#receipts!.expect({
        token: msgId,
        deliveryIds: frame.map((d) => d.deliveryId),
        messageIds: frame.map((d) => d.message.id),
      });
      this.#tokens -= 1;
      try {
        await this.#o.writeFrame({
          type: "user",
          message: { role: "user", content: socketEnvelope(frame) },
          msg_id: msgId,
          from: "cc-dm",
        });
      } catch (err) {
        await this.#writeFailed(msgId, frame, err);
        return;
      }
      this.#failures = 0;
      this.#startChecking();
    }
  }

  /** Settle receipts now (tests, and before shutting down). */
  async check(): Promise<void> {
    if (!this.#receipts) return;
    this.#checking ??= this.#receipts.check().finally(() => (this.#checking = undefined));
    await this.#checking;
    if (this.#receipts.count === 0) this.#stopChecking();
  }

  /** Hand back everything outstanding and stop looking. */
  async close(): Promise<void> {
    this.#stopChecking();
    await this.#checking;
    await this.#receipts?.releaseAll();
  }

  /** The socket refused a frame: hand its mail back and retry later; give the route up after a few. */
  async #writeFailed(msgId: string, frame: Delivery[], err: unknown): Promise<void> {
    await this.#receipts!.forget(msgId);
    this.#failures++;
    const why = err instanceof Error ? err.message : String(err);
    if (this.#failures >= SOCKET_ATTEMPTS) {
      this.#failures = 0;
      this.#o.onRouteFailed("socket", `writing to the inbox socket failed ${SOCKET_ATTEMPTS} times: ${why}`);
      return;
    }
    this.#retryAt = this.#o.now() + 250 * 2 ** this.#failures;
    this.#o.log(
      `cc-dm channel: inbox socket write failed (${why}); ${frame.length} message(s) retried later`,
    );
  }

  #missing(missing: Outstanding[]): void {
    const ids = missing.flatMap((m) => m.messageIds);
    this.#o.onRouteFailed(
      this.#route,
      `message${ids.length === 1 ? "" : "s"} ${ids.join(", ")} did not reach the session's transcript`,
    );
  }

  #refill(): void {
    const t = this.#o.now();
    const earned = Math.floor((t - this.#lastRefill) / FRAME_REFILL_MS);
    if (earned > 0) {
      this.#tokens = Math.min(FRAME_BURST, this.#tokens + earned);
      this.#lastRefill += earned * FRAME_REFILL_MS;
    }
  }

  #startChecking(): void {
    this.#timer ??= setInterval(() => {
      this.check().catch((err) =>
        this.#o.log(`cc-dm channel: reading the transcript failed: ${String(err)}`)
      );
    }, RECEIPT_POLL_MS);
  }

  #stopChecking(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

/** Split deliveries into frames no larger than FRAME_MAX_BYTES (one message per frame at least). */
export function framesOf(deliveries: Delivery[]): Delivery[][] {
  const frames: Delivery[][] = [];
  let current: Delivery[] = [];
  let size = 0;
  for (const d of deliveries) {
    const bytes = new TextEncoder().encode(d.message.content).length + 512;
    if (current.length && size + bytes > FRAME_MAX_BYTES) {
      frames.push(current);
      current = [];
      size = 0;
    }
    current.push(d);
    size += bytes;
  }
  if (current.length) frames.push(current);
  return frames;
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}
