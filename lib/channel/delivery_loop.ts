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

  constructor(options: DeliveryLoopOptions) {
    this.#options = options;
  }

  start(): Promise<void> {
    this.#done ??= this.#run();
    return this.#done;
  }

  /** Watch the wake-up signal anew (the bus was reopened), then look for mail. */
  resubscribe(): void {
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

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#kick?.();
    await this.#subscription?.close();
    await this.#done;
  }

  /** Claim and push one batch for the current name; true when more may be waiting. */
  async step(): Promise<boolean> {
    const { bus, membership, deliver, accepting } = this.#options;
    const name = membership.identity?.name;
    if (!name || (accepting && !accepting())) return false;
    const claimer = membership.instance;
    const batch = await bus.claimDeliveries(name, claimer, CLAIM_LEASE_MS, BATCH);
    if (batch.length === 0) return false;
    let settled: number[] = [];
    try {
      settled = await deliver(batch);
    } finally {
      // Claims not settled stay claimed until a receipt, the lease's end or the next holder.
      await bus.ackDeliveries(settled, claimer);
    }
    return batch.length === BATCH;
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
