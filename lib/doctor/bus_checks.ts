import type { Check, Finding } from "./check.ts";
import type { DoctorContext } from "./context.ts";
import type { QueuedMail, SessionRow } from "../bus/bus.ts";
import { formatAge, listNames } from "./format.ts";

/** Mail waiting this long for a live session means its channel is not taking it. */
const STUCK_MAIL_MS = 60_000;

const FIX_HINT = "cc-dm doctor --fix";

/**
 * Bus: the engine's own checks (where the bus is, its privacy, health, schema, size: asked of
 * the engine), then what any engine's bus holds: sessions and waiting mail.
 */
export function busChecks(ctx: DoctorContext): Check[] {
  return [
    { id: "bus.engine", group: "bus", run: () => ctx.engineChecks() },
    {
      id: "bus.sessions",
      group: "bus",
      run: async () => {
        const contents = await ctx.busContents();
        return contents ? sessions(contents.sessions) : null;
      },
    },
    {
      id: "bus.delivery",
      group: "bus",
      run: async () => {
        const contents = await ctx.busContents();
        return contents ? deliveryHealth(contents.sessions) : null;
      },
    },
    {
      id: "bus.queue",
      group: "bus",
      run: async () => {
        const contents = await ctx.busContents();
        return contents ? queue(contents, ctx.now) : null;
      },
    },
  ];
}

function sessions(rows: SessionRow[]): Finding {
  const held = rows.filter((r) => r.instance !== null);
  const live = held.filter((r) => r.online);
  const gone = held.filter((r) => !r.online);
  const offline = rows.length - held.length;
  const liveText = `${live.length} live session${live.length === 1 ? "" : "s"}${
    live.length ? ` (${listNames(live.map((r) => r.name))})` : ""
  }`;
  const offlineText = offline ? `, ${offline} offline` : "";
  if (gone.length > 0) {
    return {
      status: "warn",
      message: `${liveText}${offlineText}; ${gone.length} row${gone.length === 1 ? "" : "s"} of sessions ` +
        `whose process is gone (${listNames(gone.map((r) => r.name))})`,
      hint: FIX_HINT,
    };
  }
  return { status: "ok", message: `${liveText}${offlineText}` };
}

/** Live channels that say their delivery is degraded (retrying after errors, or polling). */
function deliveryHealth(rows: SessionRow[]): Finding {
  const degraded = rows.filter((r) => r.online && r.health);
  if (degraded.length === 0) return { status: "ok", message: "every live channel delivers normally" };
  return {
    status: "warn",
    message: degraded.map((r) => `${r.name}: ${r.health}`).join("; "),
    hint:
      "The channel keeps running and retries by itself; mail still arrives (by polling when wake-ups fail). Fix the cause named above.",
  };
}

function queue(
  contents: { sessions: SessionRow[]; queued: QueuedMail[] },
  now: number,
): Finding {
  if (contents.queued.length === 0) return { status: "ok", message: "no messages waiting" };
  // Only a channel takes all of its mail; `ask` (kind cli) waits for its reply and leaves the rest.
  const liveNames = new Set(
    contents.sessions.filter((r) => r.kind === "claude" && r.online).map((r) => r.name),
  );
  const total = contents.queued.reduce((n, q) => n + q.count, 0);
  const oldest = contents.queued.reduce((a, b) => (b.oldest < a.oldest ? b : a));
  const summary = `${total} message${total === 1 ? "" : "s"} waiting for ${
    listNames(contents.queued.map((q) => `${q.recipient} (${q.count})`))
  }; oldest ${formatAge(now - oldest.oldest)} old, for ${oldest.recipient}`;
  const stuck = contents.queued.filter((q) => liveNames.has(q.recipient) && now - q.oldest > STUCK_MAIL_MS);
  if (stuck.length > 0) {
    return {
      status: "warn",
      message: `${summary}; live session${stuck.length === 1 ? "" : "s"} ${
        listNames(stuck.map((q) => q.recipient))
      } not taking mail`,
      hint:
        "Restart that Claude Code session (its cc-dm channel may have stopped), or ask it to check its inbox.",
    };
  }
  return { status: "ok", message: `${summary} (offline: delivered when they return)` };
}
