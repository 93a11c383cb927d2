import type { WakeSubscription } from "./bus.ts";

// The waiting half every engine's subscription shares: the engine says "look now" (a socket poke,
// a NOTIFY, a lost connection) and a reader's `next` resolves at once or at its timeout.

/** A "look now" mark and at most one armed waiter for it. */
export class WakeLatch {
  #pending = false;
  #closed = false;
  #waiter: (() => void) | undefined;

  get closed(): boolean {
    return this.#closed;
  }

  /** Mark "look now" and release the waiter, if one waits. */
  wake(): void {
    this.#pending = true;
    this.#waiter?.();
  }

  /** No more wake-ups; a waiter is released with false. */
  close(): void {
    this.#closed = true;
    this.#waiter?.();
  }

  /** True at a mark (one left from before counts), false at `timeoutMs` or once closed. */
  next(timeoutMs: number): Promise<boolean> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve(true);
    }
    if (this.#closed) {
      // False after the wait, not at once: a caller's loop never spins on a closed one.
      return new Promise((resolve) => setTimeout(() => resolve(false), timeoutMs));
    }
    // A caller that stopped waiting (it raced this against something else) may call again
    // before the timer fires: settle the older wait first so only one waiter is ever armed.
    this.#waiter?.();
    return new Promise((resolve) => {
      const waiter = () => {
        clearTimeout(timer);
        if (this.#waiter === waiter) this.#waiter = undefined;
        const woke = this.#pending;
        this.#pending = false;
        resolve(woke);
      };
      const timer = setTimeout(waiter, timeoutMs);
      this.#waiter = waiter;
    });
  }
}

/** No wake-ups to be had: report "look now" every `everyMs`, so readers stay within a poll of a send. */
export class PollSubscription implements WakeSubscription {
  readonly mode = "poll";
  readonly detail: string;
  #everyMs: number;
  #closed = false;
  #cancel: (() => void) | undefined;

  constructor(detail: string, everyMs: number) {
    this.detail = detail;
    this.#everyMs = everyMs;
  }

  next(timeoutMs: number): Promise<boolean> {
    this.#cancel?.();
    const wait = this.#closed ? timeoutMs : Math.min(timeoutMs, this.#everyMs);
    const looks = !this.#closed && wait < timeoutMs;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#cancel = undefined;
        resolve(looks);
      }, wait);
      this.#cancel = () => {
        clearTimeout(timer);
        this.#cancel = undefined;
        resolve(false);
      };
    });
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#cancel?.();
    return Promise.resolve();
  }
}
