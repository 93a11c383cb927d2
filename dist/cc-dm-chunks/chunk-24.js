import {
  shownState
} from "./chunk-35.js";
import {
  NotFoundError
} from "./chunk-07.js";

// lib/sessions/state_wait.ts
var STATE_POLL_MS = 200;
async function waitForState(bus, name, options) {
  const started = options.now();
  const deadline = options.timeoutMs === null ? Infinity : started + options.timeoutMs;
  let last = null;
  for (; ; ) {
    const row = await bus.session(name);
    if (!row) {
      throw new NotFoundError(`No session named "${name}" has ever registered on this bus`, "cc-dm who --all lists the names; check the spelling.");
    }
    const now = options.now();
    const { state } = shownState(row, row.online);
    const waitedMs = now - started;
    if (options.want.has(state)) return {
      outcome: "reached",
      state,
      waitedMs
    };
    if (state !== last) options.onState?.(state);
    last = state;
    if (options.signal.aborted) return {
      outcome: "interrupted",
      state,
      waitedMs
    };
    if (now >= deadline) return {
      outcome: "timeout",
      state,
      waitedMs
    };
    await sleep(Math.min(options.pollMs ?? STATE_POLL_MS, deadline - now), options.signal);
  }
}
function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(done, Math.max(0, ms));
    signal.addEventListener("abort", done, {
      once: true
    });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

export {
  waitForState
};
