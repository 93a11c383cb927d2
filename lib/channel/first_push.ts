import type { Env } from "../paths.ts";
import { FIRST_PUSH_AFTER_TOOLS_MS } from "./channel_config.ts";

// Claude Code drops channel events that arrive before it sets its channel handler, and tells
// the server nothing when it does (docs/delivery.md, "The first push"). How the channel knows:
//
// - "signal" (an interactive Claude Code, and clients that are not Claude Code): Claude Code
//   sets the channel handler and, in the same synchronous step, its `tools/list_changed`
//   handler; a `notifications/tools/list_changed` read before that is dropped, one read after
//   it makes Claude Code ask `tools/list` again. So the channel declares `tools.listChanged`,
//   sends the notification every LIST_CHANGED_POLL_MS once its first tools/list answer is out,
//   and pushes when a second `tools/list` request arrives: that request was written after the
//   handler was set, so everything written after it is read after it.
// - "margin" (a headless Claude Code, `-p` and the SDKs): the channel handler is set at the
//   start of each turn, the tools/list_changed handler at connect: no request tells us. Push
//   FIRST_PUSH_AFTER_TOOLS_MS after the tools/list answer; the receipts catch a push that came
//   before the first turn (docs/delivery.md).
// - "now": nothing to wait for (clients that listen before they connect, the socket route).

/** How often the "signal" plan repeats `notifications/tools/list_changed` until Claude Code asks again. */
export const LIST_CHANGED_POLL_MS = 5;

export type FirstPushPlan = "signal" | "margin" | "now";

/** Which plan fits the client that started us (`delayMs`: CC_DM_FIRST_PUSH_DELAY_MS; 0: "now"). */
export function firstPushPlan(env: Env, delayMs: number): FirstPushPlan {
  if (delayMs <= 0) return "now";
  const headless = env.CLAUDECODE === "1" && env.CLAUDE_CODE_ENTRYPOINT?.trim() !== "cli";
  return headless ? "margin" : "signal";
}

export interface FirstPushOptions {
  plan: FirstPushPlan;
  /** Longest wait after `initialized` (CC_DM_FIRST_PUSH_DELAY_MS), whatever the client does. */
  delayMs: number;
  /** Send `notifications/tools/list_changed` to the client. */
  notifyListChanged: () => Promise<void>;
}

/**
 * Waits for the moment the first channel event may go out. Feed it the client's steps
 * (`initialized`, `toolsListed`, `toolsListRequest`); `ready` resolves at that moment.
 */
export class FirstPush {
  readonly ready: Promise<void>;
  #options: FirstPushOptions;
  #resolve: () => void = () => {};
  #done = false;
  #timers: ReturnType<typeof setTimeout>[] = [];
  #poll: ReturnType<typeof setInterval> | undefined;
  #asked = false;

  constructor(options: FirstPushOptions) {
    this.#options = options;
    this.ready = new Promise<void>((resolve) => (this.#resolve = resolve));
  }

  /** Whether the server should declare `tools.listChanged`. */
  get declaresListChanged(): boolean {
    return this.#options.plan === "signal";
  }

  /** The client sent `notifications/initialized`. */
  initialized(): void {
    if (this.#options.plan === "now") return this.#go();
    this.#after(this.#options.delayMs);
  }

  /** The answer to the client's first `tools/list` is written. */
  toolsListed(): void {
    if (this.#done) return;
    if (this.#options.plan === "margin") {
      this.#after(Math.min(FIRST_PUSH_AFTER_TOOLS_MS, this.#options.delayMs));
    } else if (this.#options.plan === "signal") {
      this.#askAgain();
      this.#poll = setInterval(() => this.#askAgain(), LIST_CHANGED_POLL_MS);
    }
  }

  /** A `tools/list` request arrived (`count`: how many so far). */
  toolsListRequest(count: number): void {
    if (this.#options.plan === "signal" && count >= 2 && this.#asked) this.#go();
  }

  /** Stop every timer (the channel closes); `ready` then never resolves. */
  close(): void {
    this.#done = true;
    this.#stop();
  }

  #askAgain(): void {
    if (this.#done) return;
    this.#asked = true;
    // Writing failed (stdout is gone): stop asking; the delay still ends the wait.
    this.#options.notifyListChanged().catch(() => this.#stopAsking());
  }

  #after(ms: number): void {
    if (!this.#done) this.#timers.push(setTimeout(() => this.#go(), ms));
  }

  #go(): void {
    if (this.#done) return;
    this.#done = true;
    this.#stop();
    this.#resolve();
  }

  #stopAsking(): void {
    clearInterval(this.#poll);
    this.#poll = undefined;
  }

  #stop(): void {
    this.#stopAsking();
    this.#timers.forEach(clearTimeout);
    this.#timers = [];
  }
}
