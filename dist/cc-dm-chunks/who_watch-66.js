import {
  whoTable
} from "./chunk-46.js";
import "./chunk-25.js";
import {
  useColor
} from "./chunk-04.js";
import "./chunk-29.js";
import {
  catchInterrupt
} from "./chunk-33.js";
import {
  stamp
} from "./chunk-34.js";
import {
  roster
} from "./chunk-35.js";
import {
  waitForBus,
  withBus
} from "./chunk-36.js";
import "./chunk-37.js";
import "./chunk-38.js";
import "./chunk-39.js";
import "./chunk-40.js";
import "./chunk-41.js";
import "./chunk-42.js";
import {
  EXIT
} from "./chunk-05.js";
import "./chunk-06.js";
import "./chunk-43.js";
import "./chunk-44.js";
import "./chunk-45.js";
import "./chunk-07.js";

// cmd/who_watch.ts
var REFRESH_MS = 1e3;
async function watchWho(io, options) {
  const interrupt = catchInterrupt(io);
  const stop = new AbortController();
  const abort = () => stop.abort();
  interrupt.signal.addEventListener("abort", abort, {
    once: true
  });
  options.signal?.addEventListener("abort", abort, {
    once: true
  });
  try {
    if (!await waitForBus(io, stop.signal)) return ended(options);
    return await withBus(io, {
      mustExist: true
    }, async (bus) => {
      const show = io.stdoutIsTty ? redraw(io) : changes(io);
      while (!stop.signal.aborted) {
        const now = Date.now();
        show(await entries(bus, options), now);
        await sleep(options.refreshMs ?? REFRESH_MS, stop.signal);
      }
      if (io.stdoutIsTty) io.stdout("\n");
      return ended(options);
    });
  } finally {
    interrupt.dispose();
  }
}
function ended(options) {
  return options.signal?.aborted ? EXIT.ok : EXIT.interrupted;
}
function entries(bus, options) {
  return roster(bus, {
    includeOffline: options.includeOffline,
    viewerProject: options.viewerProject
  });
}
function redraw(io) {
  const color = useColor(io);
  return (list, now) => {
    const table = list.length ? whoTable(list, now, io.env.HOME, color) : "No live sessions.\n";
    io.stdout(`\x1B[H\x1B[2Jcc-dm who --watch \xB7 ${stamp(now)} \xB7 Ctrl-C to stop

${table}`);
  };
}
function changes(io) {
  const last = /* @__PURE__ */ new Map();
  return (list, now) => {
    const seen = /* @__PURE__ */ new Set();
    const lines = [];
    for (const e of list) {
      seen.add(e.name);
      const status = e.statusText === null ? "" : ` status ${JSON.stringify(e.statusText)}`;
      const line = `${e.name} ${e.live ? "live" : "offline"} ${e.state} queued ${e.queued}${status}`;
      if (last.get(e.name) !== line) lines.push(`${stamp(now)}  ${line}`);
      last.set(e.name, line);
    }
    for (const name of [
      ...last.keys()
    ]) {
      if (seen.has(name)) continue;
      last.delete(name);
      lines.push(`${stamp(now)}  ${name} gone`);
    }
    if (lines.length) io.stdout(lines.join("\n") + "\n");
  };
}
function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
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
  watchWho
};
