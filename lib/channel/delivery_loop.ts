import type { Bus, Delivery, WakeSubscription } from "../bus/bus.ts";
import type { Membership } from "../sessions/membership.ts";

/** A claim not acknowledged within this time is handed out again (reader crashed mid-push). */
export const CLAIM_LEASE_MS = 30_000;
/** Backstop when a wake-up is lost (watcher failure, another engine): look anyway this often. */
export const SAFETY_POLL_MS = 2_000;
const BATCH = 100;
/** After a failed round the loop waits this long, doubling up to RETRY_MAX_MS. */
export const RETRY_MIN_MS = 250;
export const RETRY_MAX_MS = 30_000;

/**
 * How the loop is doing, for `who` and `doctor`: "ok", or what went wrong and since when. A
 * failed round is retried with backoff; a failed subscription falls back to the safety poll.
 */
export interface LoopHealth {
  state: "ok" | "polling" | "retrying";
  /** The last error, for the log and `doctor`. */
  problem?: string;
  since?: number;
}

export interface DeliveryLoopOptions {
  bus: Bus;
  membership: Membership;
  /**
   * Hand claimed mail to the session; returns the delivery ids to acknowledge now. The others
   * stay claimed until their receipt settles them (lib/channel/courier.ts). Throws if it cannot.
   */
  deliver: (batch: Delivery[]) => Promise<number[]>;
  /** Whether to claim now (false: pulled mail, or the route is waiting for a receipt). */
  accepting?: () => boolean;
  now: () => number;
  safetyPollMs?: number;
  /** Where a failed round or a lost wake-up watch is reported (the channel's stderr). */
  log?: (text: string) => void;
}

/**
 * Delivers a session's mail: claim, push, acknowledge, then sleep until a wake-up (or the
 * safety poll). Claims are atomic, so a message goes out once even with racing readers; a
 * crash between push and acknowledge re-delivers it (at-least-once, deduplicated by message_id).
 */
export class DeliveryLoop {
  #options: DeliveryLoopOptions;
  #stopped = false;
  #kick: (() => void) | undefined;
  #kicked = false;
  #subscription: WakeSubscription | undefined;
  #subscribedTo: string | undefined;
  #done: Promise<void> | undefined;
  #failures = 0;
  #subscribeFailed: string | undefined;
  #nextSubscribeAt = 0;
  #roundProblem: string | undefined;
  #since: number | undefined;
  /** Claimed by the last step's ackAndClaim, not yet handed over. */
  #carried: Delivery[] = [];
  /** Confirmed, not yet acknowledged (only between deliver and the next claim, or after a failed one). */
  #acks: number[] = [];

  constructor(options: DeliveryLoopOptions) {
    this.#options = options;
  }

  start(): Promise<void> {
    this.#done ??= this.#run();
    return this.#done;
  }

  /** Watch the wake-up signal anew (the bus was reopened), then look for mail. */
  resubscribe(): void {
    // Claims on the old bus: their ids mean other rows on the new one, so never ack or release them.
    this.#carried = [];
    this.#acks = [];
    this.#subscribedTo = undefined;
    void this.#subscription?.close();
    this.#subscription = undefined;
    this.kick();
  }

  /** Look for mail now (after register, or for tests). */
  kick(): void {
    this.#kicked = true;
    this.#kick?.();
  }

  /** End the loop after its current round; what it claimed and did not hand over is given back. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#kick?.();
    await this.#subscription?.close();
    await this.#done;
    await this.#flushAcks();
    const carried = this.#carried;
    this.#carried = [];
    if (carried.length) {
      await this.#options.bus.releaseDeliveries(
        carried.map((d) => d.deliveryId),
        this.#options.membership.instance,
      );
    }
  }

  /**
   * Push one batch for the current name (the batch the last step claimed ahead, else a fresh
   * claim), then acknowledge what the session confirmed and claim the next batch in one
   * transaction: a burst costs one lock and one commit per batch. True when that claimed more.
   * The background loop calls this; tests drive it one round at a time.
   */
  async step(): Promise<boolean> {
    const { bus, membership, deliver, accepting } = this.#options;
    const name = membership.identity?.name;
    const claimer = membership.instance;
    let batch = this.#carried;
    this.#carried = [];
    const open = name !== undefined && (!accepting || accepting());
    if (batch.length && (!open || batch[0].recipient !== name)) {
      // Renamed, or the route stopped taking mail: give the claims back for the next holder.
      await bus.releaseDeliveries(batch.map((d) => d.deliveryId), claimer);
      batch = [];
    }
    if (!open) {
      await this.#flushAcks();
      return false;
    }
    if (batch.length === 0) batch = await this.#ackAndClaim(name);
    if (batch.length === 0) return false;
    // Claims not settled stay claimed until a receipt, the lease's end or the next holder; a
    // throw leaves the whole batch so.
    this.#acks.push(...await deliver(batch));
    if (this.#stopped || (accepting && !accepting())) {
      // Stopping, or a route waiting for its receipt: take nothing new.
      await this.#flushAcks();
      return false;
    }
    this.#carried = await this.#ackAndClaim(name);
    return this.#carried.length > 0;
  }

  /** Acknowledge what is confirmed without claiming (stopping, or a route that takes nothing now). */
  async #flushAcks(): Promise<void> {
    const acks = this.#acks.splice(0);
    if (acks.length === 0) return;
    try {
      await this.#options.bus.ackDeliveries(acks, this.#options.membership.instance);
    } catch (err) {
      this.#acks.unshift(...acks); // acknowledged by a later round
      throw err;
    }
  }

  async #ackAndClaim(name: string): Promise<Delivery[]> {
    const { bus, membership } = this.#options;
    const acks = this.#acks.splice(0);
    try {
      return acks.length
        ? await bus.ackAndClaim(acks, name, membership.instance, CLAIM_LEASE_MS, BATCH)
        : await bus.claimDeliveries(name, membership.instance, CLAIM_LEASE_MS, BATCH);
    } catch (err) {
      this.#acks.unshift(...acks); // acknowledged by a later round
      throw err;
    }
  }

  /** What the loop is doing now (ok, polling because the wake-up watch failed, retrying). */
  health(): LoopHealth {
    if (this.#roundProblem) return { state: "retrying", problem: this.#roundProblem, since: this.#since };
    if (this.#subscribeFailed) {
      return { state: "polling", problem: this.#subscribeFailed, since: this.#since };
    }
    return { state: "ok" };
  }

  // Claude Code never restarts an MCP server: a loop that ended on a transient error (lock held,
  // disk full, no inotify instance left) would leave the session deaf. Every round is caught,
  // logged once per kind of failure, and retried with backoff; only stop() ends the loop.
  async #run(): Promise<void> {
    const pollMs = this.#options.safetyPollMs ?? SAFETY_POLL_MS;
    while (!this.#stopped) {
      await this.#follow(this.#options.membership.identity?.name);
      this.#kicked = false;
      let more: boolean;
      try {
        more = await this.step();
        this.#recovered();
      } catch (err) {
        this.#failed(err);
        await this.#wait(Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** Math.min(this.#failures - 1, 10)));
        continue;
      }
      if (more) continue;
      if (this.#stopped || this.#kicked) continue;
      await this.#wait(pollMs);
    }
    await this.#subscription?.close();
  }

  #failed(err: unknown): void {
    this.#failures++;
    const problem = err instanceof Error ? err.message : String(err);
    if (problem !== this.#roundProblem) {
      this.#options.log?.(`cc-dm channel: delivery failed, retrying with backoff: ${problem}`);
    }
    if (!this.#roundProblem) this.#since = this.#options.now();
    this.#roundProblem = problem;
  }

  #recovered(): void {
    if (this.#roundProblem) this.#options.log?.("cc-dm channel: delivery works again");
    this.#failures = 0;
    this.#roundProblem = undefined;
  }

  /**
   * Watch the wake file of the name this session holds now. When that fails (inotify instances
   * used up, a wake file we may not touch) the safety poll carries delivery, and the watch is
   * tried again now and then.
   */
  async #follow(name: string | undefined): Promise<void> {
    const retry = this.#subscribeFailed !== undefined && this.#options.now() >= this.#nextSubscribeAt;
    if (name === this.#subscribedTo && !retry) return;
    await this.#subscription?.close();
    this.#subscription = undefined;
    this.#subscribedTo = name;
    // Polling only (CC_DM_WAKE=poll) is the engine's choice: its subscription then never wakes.
    if (!name) {
      this.#subscribeFailed = undefined;
      return;
    }
    try {
      this.#subscription = await this.#options.bus.subscribe(name);
      if (this.#subscribeFailed) this.#options.log?.("cc-dm channel: wake-up watch works again");
      this.#subscribeFailed = undefined;
    } catch (err) {
      const problem = `wake-up watch failed, polling every ${
        this.#options.safetyPollMs ?? SAFETY_POLL_MS
      } ms: ${err instanceof Error ? err.message : String(err)}`;
      if (problem !== this.#subscribeFailed) this.#options.log?.(`cc-dm channel: ${problem}`);
      if (!this.#subscribeFailed && !this.#roundProblem) this.#since = this.#options.now();
      this.#subscribeFailed = problem;
      this.#nextSubscribeAt = this.#options.now() + RETRY_MAX_MS;
    }
  }

  #wait(timeoutMs: number): Promise<unknown> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const kicked = new Promise<void>((resolve) => (this.#kick = resolve));
    const woken = this.#subscription
      ? this.#subscription.next(timeoutMs)
      : new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    return Promise.race([kicked, woken]).finally(() => {
      this.#kick = undefined;
      clearTimeout(timer);
    });
  }
}
