import type { Bus } from "../bus/bus.ts";
import { NotFoundError } from "../errors.ts";
import { type ShownState, shownState } from "./roster.ts";

/** How often a wait looks at the session row: state changes wake nothing, a read is cheap. */
export const STATE_POLL_MS = 200;

export interface StateWaitOptions {
  /** The states that end the wait. */
  want: ReadonlySet<ShownState>;
  /** Give up after this long; null waits until interrupted. */
  timeoutMs: number | null;
  signal: AbortSignal;
  now: () => number;
  pollMs?: number;
  /** Called once with each state seen that does not end the wait (for progress lines). */
  onState?: (state: ShownState) => void;
}

export type StateWaitResult =
  | { outcome: "reached"; state: ShownState; waitedMs: number }
  | { outcome: "timeout" | "interrupted"; state: ShownState; waitedMs: number };

/**
 * Wait until the session `name` is in one of `want`'s states. Throws NotFoundError when no
 * session of that name ever registered (a typo must not wait forever).
 */
export async function waitForState(
  bus: Bus,
  name: string,
  options: StateWaitOptions,
): Promise<StateWaitResult> {
  const started = options.now();
  const deadline = options.timeoutMs === null ? Infinity : started + options.timeoutMs;
  let last: ShownState | null = null;
  for (;;) {
    const row = await bus.session(name);
    if (!row) {
      throw new NotFoundError(
        `No session named "${name}" has ever registered on this bus`,
        "cc-dm who --all lists the names; check the spelling.",
      );
    }
    const now = options.now();
    const { state } = shownState(row, row.online);
    const waitedMs = now - started;
    if (options.want.has(state)) return { outcome: "reached", state, waitedMs };
    if (state !== last) options.onState?.(state);
    last = state;
    if (options.signal.aborted) return { outcome: "interrupted", state, waitedMs };
    if (now >= deadline) return { outcome: "timeout", state, waitedMs };
    await sleep(Math.min(options.pollMs ?? STATE_POLL_MS, deadline - now), options.signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, Math.max(0, ms));
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
