import type { Bus } from "../lib/bus/bus.ts";
import { roster, type RosterEntry } from "../lib/sessions/roster.ts";
import { waitForBus, withBus } from "./bus_access.ts";
import { EXIT } from "./exit_codes.ts";
import { stamp } from "./format_time.ts";
import { catchInterrupt } from "./interrupt.ts";
import { type Io, useColor } from "./io.ts";
import { whoTable } from "./who.ts";

/** How often the live view looks again (state changes wake nothing; a read is cheap). */
const REFRESH_MS = 1000;

export interface WatchOptions {
  includeOffline: boolean;
  viewerProject: string | undefined;
  /** Stops the watch (tests); Ctrl-C does too. */
  signal?: AbortSignal;
  refreshMs?: number;
}

/**
 * `who --watch`: on a terminal, the table redrawn in place every second; otherwise one plain
 * line per change (a session appearing, changing state, queue or status, or leaving), for logs.
 * Runs until Ctrl-C (exit 130) or `signal`.
 */
export async function watchWho(io: Io, options: WatchOptions): Promise<number> {
  const interrupt = catchInterrupt(io);
  const stop = new AbortController();
  const abort = () => stop.abort();
  interrupt.signal.addEventListener("abort", abort, { once: true });
  options.signal?.addEventListener("abort", abort, { once: true });
  try {
    if (!(await waitForBus(io, stop.signal))) return ended(options);
    return await withBus(io, { mustExist: true }, async (bus) => {
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

function ended(options: WatchOptions): number {
  return options.signal?.aborted ? EXIT.ok : EXIT.interrupted;
}

function entries(bus: Bus, options: WatchOptions): Promise<RosterEntry[]> {
  return roster(bus, { includeOffline: options.includeOffline, viewerProject: options.viewerProject });
}

function redraw(io: Io): (list: RosterEntry[], now: number) => void {
  const color = useColor(io);
  return (list, now) => {
    const table = list.length ? whoTable(list, now, io.env.HOME, color) : "No live sessions.\n";
    // Home, clear the screen, draw: the view stays in place like top.
    io.stdout(`\x1b[H\x1b[2Jcc-dm who --watch · ${stamp(now)} · Ctrl-C to stop\n\n${table}`);
  };
}

function changes(io: Io): (list: RosterEntry[], now: number) => void {
  const last = new Map<string, string>();
  return (list, now) => {
    const seen = new Set<string>();
    const lines: string[] = [];
    for (const e of list) {
      seen.add(e.name);
      const status = e.statusText === null ? "" : ` status ${JSON.stringify(e.statusText)}`;
      const line = `${e.name} ${e.live ? "live" : "offline"} ${e.state} queued ${e.queued}${status}`;
      if (last.get(e.name) !== line) lines.push(`${stamp(now)}  ${line}`);
      last.set(e.name, line);
    }
    for (const name of [...last.keys()]) {
      if (seen.has(name)) continue;
      last.delete(name);
      lines.push(`${stamp(now)}  ${name} gone`);
    }
    if (lines.length) io.stdout(lines.join("\n") + "\n");
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
