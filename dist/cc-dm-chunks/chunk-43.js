// lib/bus/wake_latch.ts
var WakeLatch = class {
  #pending = false;
  #closed = false;
  #waiter;
  get closed() {
    return this.#closed;
  }
  /** Mark "look now" and release the waiter, if one waits. */
  wake() {
    this.#pending = true;
    this.#waiter?.();
  }
  /** No more wake-ups; a waiter is released with false. */
  close() {
    this.#closed = true;
    this.#waiter?.();
  }
  /** True at a mark (one left from before counts), false at `timeoutMs` or once closed. */
  next(timeoutMs) {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve(true);
    }
    if (this.#closed) {
      return new Promise((resolve) => setTimeout(() => resolve(false), timeoutMs));
    }
    this.#waiter?.();
    return new Promise((resolve) => {
      const waiter = () => {
        clearTimeout(timer);
        if (this.#waiter === waiter) this.#waiter = void 0;
        const woke = this.#pending;
        this.#pending = false;
        resolve(woke);
      };
      const timer = setTimeout(waiter, timeoutMs);
      this.#waiter = waiter;
    });
  }
};
var PollSubscription = class {
  mode = "poll";
  detail;
  #everyMs;
  #closed = false;
  #cancel;
  constructor(detail, everyMs) {
    this.detail = detail;
    this.#everyMs = everyMs;
  }
  next(timeoutMs) {
    this.#cancel?.();
    const wait = this.#closed ? timeoutMs : Math.min(timeoutMs, this.#everyMs);
    const looks = !this.#closed && wait < timeoutMs;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#cancel = void 0;
        resolve(looks);
      }, wait);
      this.#cancel = () => {
        clearTimeout(timer);
        this.#cancel = void 0;
        resolve(false);
      };
    });
  }
  close() {
    this.#closed = true;
    this.#cancel?.();
    return Promise.resolve();
  }
};

export {
  WakeLatch,
  PollSubscription
};
