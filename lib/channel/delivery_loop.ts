import type { Bus, Delivery, WakeSubscription } from "../bus/bus.ts";
import type { Membership } from "../membership.ts";

/** A claim not acknowledged within this time is handed out again (reader crashed mid-push). */
export const CLAIM_LEASE_MS = 30_000;
/** Backstop when a wake-up is lost (watcher failure, another engine): look anyway this often. */
export const SAFETY_POLL_MS = 2_000;
const BATCH = 100;

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
  /**
   * Wake on the bus's wake-up signal (default). False polls every `safetyPollMs` only: for
   * file systems without change notification (network mounts), and as the bench's baseline.
   */
  watch?: boolean;
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

  constructor(options: DeliveryLoopOptions) {
    this.#options = options;
  }

  start(): Promise<void> {
    this.#done ??= this.#run();
    return this.#done;
  }

  /** Look for mail now (after register, or for tests). */
  kick(): void {
    this.#kicked = true;
    this.#kick?.();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#kick?.();
    this.#subscription?.close();
    await this.#done;
  }

  /** Claim and push one batch for the current name; true when more may be waiting. */
  async step(): Promise<boolean> {
    const { bus, membership, deliver, accepting, now } = this.#options;
    const name = membership.identity?.name;
    if (!name || (accepting && !accepting())) return false;
    const claimer = membership.instance;
    const batch = await bus.claimDeliveries(name, claimer, now(), CLAIM_LEASE_MS, BATCH);
    if (batch.length === 0) return false;
    let settled: number[] = [];
    try {
      settled = await deliver(batch);
    } finally {
      // Claims not settled stay claimed until a receipt, the lease's end or the next holder.
      await bus.ackDeliveries(settled, claimer, now());
    }
    return batch.length === BATCH;
  }

  async #run(): Promise<void> {
    const pollMs = this.#options.safetyPollMs ?? SAFETY_POLL_MS;
    while (!this.#stopped) {
      this.#follow(this.#options.membership.identity?.name);
      this.#kicked = false;
      if (await this.step()) continue;
      if (this.#stopped || this.#kicked) continue;
      await this.#wait(pollMs);
    }
    this.#subscription?.close();
  }

  /** Watch the wake file of the name this session holds now. */
  #follow(name: string | undefined): void {
    if (name === this.#subscribedTo) return;
    this.#subscription?.close();
    this.#subscription = name && this.#options.watch !== false
      ? this.#options.bus.subscribe(name)
      : undefined;
    this.#subscribedTo = name;
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
