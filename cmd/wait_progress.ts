import type { Bus } from "../lib/bus/bus.ts";
import { shownState } from "../lib/sessions/roster.ts";
import type { Io } from "./io.ts";

/** How often the progress line is redrawn. */
const REDRAW_MS = 1000;

/**
 * While `ask` or `send --wait` waits, one line on stderr redrawn in place: whether the recipient
 * is live and what it is doing, the time waited, and how to stop. Only on a terminal (a script's
 * stderr gets nothing). Returns `stop`, which erases the line.
 */
export function waitProgress(io: Io, bus: Bus, to: string, questionId: number): () => void {
  if (!io.stderrIsTty) return () => {};
  const started = Date.now();
  let stopped = false;
  const draw = async () => {
    try {
      const row = await bus.session(to);
      const now = Date.now();
      const state = row ? shownState(row, row.online).state : "unknown";
      const where = state === "offline" ? `${to} is offline (queued)` : `${to} is live, ${state}`;
      const waited = Math.round((now - started) / 1000);
      if (stopped) return;
      io.stderr(
        `\r\x1b[Kcc-dm: waiting for the reply to #${questionId}: ${where} · ${waited}s · Ctrl-C to stop`,
      );
    } catch {
      // The line is a courtesy; the wait goes on.
    }
  };
  void draw();
  const timer = setInterval(draw, REDRAW_MS);
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    io.stderr("\r\x1b[K");
  };
}
