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
  /** Hand one message to the session (the channel notification). Throws if it cannot. */
  push: (delivery: Delivery) => Promise<void>;
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
    const { bus, membership, push, now } = this.#options;
    const name = membership.identity?.name;
    if (!name) return false;
    const claimer = membership.instance;
    const batch = await bus.claimDeliveries(name, claimer, now(), CLAIM_LEASE_MS, BATCH);
    const pushed: number[] = [];
    try {
      for (const delivery of batch) {
        await push(delivery);
        pushed.push(delivery.deliveryId);
      }
    } finally {
      // Unpushed claims stay claimed until the lease ends or the next holder registers.
      await bus.ackDeliveries(pushed, claimer, now());
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
