import type { Bus, StoredMessage, WakeSubscription } from "../bus/bus.ts";

// `tail`: reads history only, never claims, so watching the traffic cannot take a message from
// its recipient. New traffic is noticed through the bus's all-traffic wake-up, with a slow
// safety poll as the backstop for a lost wake-up.

/** How often the follower looks even without a wake-up. */
export const TAIL_SAFETY_POLL_MS = 5_000;
/** Most messages fetched in one step; more than this arriving between two steps are skipped. */
export const FOLLOW_BATCH = 10_000;

export interface TrafficFilter {
  /** Sent by or addressed to this name. */
  session?: string;
  project?: string;
  thread?: string;
}

export interface FollowOptions {
  /** Called with each batch of new matching messages, oldest first. May throw to stop. */
  onMessages: (messages: StoredMessage[]) => void | Promise<void>;
  /** Called when a step found more than FOLLOW_BATCH new messages and showed only the newest. */
  onSkipped?: (count: number) => void;
  signal: AbortSignal;
  safetyPollMs?: number;
}

/** Watches the bus's traffic: the recent messages first, then each new one as it is sent. */
export class TrafficFollower {
  #bus: Bus;
  #filter: TrafficFilter;
  #subscription: WakeSubscription;
  /** Highest message id already looked at (shown or filtered out). */
  #cursor = 0;

  /** Subscribed before it resolves, so nothing sent while the recent history is read is missed. */
  static async start(bus: Bus, filter: TrafficFilter): Promise<TrafficFollower> {
    return new TrafficFollower(bus, filter, await bus.subscribe(null));
  }

  private constructor(bus: Bus, filter: TrafficFilter, subscription: WakeSubscription) {
    this.#bus = bus;
    this.#filter = filter;
    this.#subscription = subscription;
  }

  /** The newest `limit` matching messages, oldest first; following continues after them. */
  async recent(limit: number): Promise<StoredMessage[]> {
    const newest = await this.#newestId();
    this.#cursor = newest;
    if (limit <= 0) return [];
    return (await this.#bus.history({ ...this.#filter, limit })).filter((m) => m.id <= newest);
  }

  /** Hand each new matching message to `onMessages` until the signal is raised. */
  async follow(options: FollowOptions): Promise<void> {
    const { signal } = options;
    const aborted = new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      signal.addEventListener("abort", () => resolve(), { once: true });
    });
    while (!signal.aborted) {
      await this.step(options);
      if (signal.aborted) break;
      await Promise.race([this.#subscription.next(options.safetyPollMs ?? TAIL_SAFETY_POLL_MS), aborted]);
    }
  }

  /** Look once for new traffic (tests drive this directly). */
  async step(options: Pick<FollowOptions, "onMessages" | "onSkipped">): Promise<void> {
    const newest = await this.#newestId();
    if (newest <= this.#cursor) return;
    const batch = (await this.#bus.history({ ...this.#filter, afterId: this.#cursor, limit: FOLLOW_BATCH }))
      .filter((m) => m.id <= newest);
    if (batch.length === FOLLOW_BATCH) options.onSkipped?.(batch[0].id - this.#cursor - 1);
    // Ids are handed out inside the write lock, so every id up to `newest` is committed by now.
    this.#cursor = newest;
    if (batch.length > 0) await options.onMessages(batch);
  }

  close(): Promise<void> {
    return this.#subscription.close();
  }

  async #newestId(): Promise<number> {
    return (await this.#bus.history({ limit: 1 }))[0]?.id ?? this.#cursor;
  }
}
