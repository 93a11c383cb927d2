import { type Bus, isPulled, type WakeSubscription } from "../bus/bus.ts";
import { commandLine, pidExists } from "../process_info.ts";
import { rewakeRun } from "./claude_run.ts";
import { pruneMarks, readMark, removeOwnMark } from "./hook_mark.ts";
import { findHookIdentity } from "./identity.ts";
import { pruneNoMailMarks } from "../bus/no_mail_marks.ts";
import {
  busyHook,
  forgetNoMail,
  type HookPlace,
  hookPlace,
  type HookRequest,
  type HookResult,
  markLastHook,
  NOTHING,
  openExistingBus,
  result,
  tryMark,
} from "./run_hook.ts";
import { noteState } from "./session_state.ts";
import { hookClaimer, takeMail } from "./take_mail.ts";

/** A session whose channel has not registered yet (SessionStart runs first): look this long. */
export const IDENTITY_GRACE_MS = 30_000;
/**
 * A waiting hook wakes on the bus's signal; this poll is only the backstop (Claude Code or the
 * channel gone, a lost wake-up). Every 5 s keeps an idle waiter under 0.1% CPU.
 */
export const WAITER_POLL_MS = 5_000;
/** Marks of sessions gone this long are deleted by the next waiting hook. */
const MARK_MAX_AGE_MS = 7 * 24 * 3600_000;

export interface RewakeOptions {
  /** How often to look even without a wake-up (liveness, hand-over, lost wake-ups). */
  pollMs?: number;
  /** Claude Code's command line, for how it runs this hook (tests pass their own). */
  commandLine?: (pid: number) => string[] | null;
}

/**
 * The rewake path: a SessionStart or Stop hook configured with `asyncRewake`. In an interactive
 * session it waits, on the bus's wake-up signal (the channel's own), for undelivered mail; when
 * some arrives it returns it with `wake` (exit 2: Claude Code injects stderr and starts a turn).
 * It gives up (nothing to show) a little before its timeout, when Claude Code or the session's
 * channel ends, when a later hook of the session ran (a turn started: that turn's hooks carry
 * the mail), or when the session pushes through its channel. Elsewhere it looks once.
 */
export async function rewakeHook(request: HookRequest, options: RewakeOptions = {}): Promise<HookResult> {
  const place = hookPlace(request);
  // A new turn, /clear or /resume (a new session id) follow: the busy hooks must run for real.
  forgetNoMail(place);
  const run = rewakeRun(request.env, options.commandLine ?? commandLine);
  if (run === "foreground" && request.event === "SessionStart") {
    // Claude Code runs it like a plain hook: exit 2 would only show stderr to the user.
    return await busyHook({ ...request, wait: false }, place);
  }
  if (run !== "interactive") return await lookOnce(request, place);

  const token = crypto.randomUUID();
  const written = tryMark(place, request.event, token);
  // A hook that started after this one ran already: a turn is under way, or a newer waiter.
  if (written === "later") return NOTHING;
  const mark = { token, written };
  // Again after the mark: a busy hook's marker written before it is taken back by that hook,
  // one written after it is removed here, so the next busy hook runs and this waiter steps aside.
  forgetNoMail(place);
  pruneMarks(place.ccDmDir, place.now(), MARK_MAX_AGE_MS);
  pruneNoMailMarks(place.ccDmDir, pidExists);
  let outcome: "superseded" | "done" = "done";
  try {
    const found = await waitForMail(request, place, mark, options.pollMs ?? WAITER_POLL_MS, () => {
      outcome = "superseded";
    });
    return found;
  } finally {
    if (outcome === "done" && place.markFile) removeOwnMark(place.markFile, token);
  }
}

async function lookOnce(request: HookRequest, place: HookPlace): Promise<HookResult> {
  markLastHook(place, request.event);
  const bus = await openExistingBus(place);
  if (!bus) return NOTHING;
  try {
    const row = await findHookIdentity(bus, place.who);
    const mail = row && isPulled(row.delivery) ? await takeMail(bus, row.name, hookClaimer()) : null;
    // Recorded after the claim, so it adds nothing to the time the claim takes.
    if (row) await noteState(bus, row, mail ? "busy" : "idle", request.input);
    forgetNoMail(place); // after the state: the next busy hook must record busy for real
    if (mail) return result(bus, mail, { stdout: "", stderr: mail.text + "\n", wake: true });
  } catch (err) {
    await bus.close();
    throw err;
  }
  await bus.close();
  return NOTHING;
}

async function waitForMail(
  request: HookRequest,
  place: HookPlace,
  mark: { token: string; written: "written" | "unwritten" },
  pollMs: number,
  superseded: () => void,
): Promise<HookResult> {
  const started = place.now();
  const margin = Math.max(1000, Math.min(10_000, request.timeoutMs * 0.05));
  const deadline = started + request.timeoutMs - margin;
  const graceEnd = request.event === "SessionStart" ? started + IDENTITY_GRACE_MS : started;
  const claudePid = place.who.claudePid;

  let bus: Bus | null = null;
  let subscription: WakeSubscription | undefined;
  let watching: string | undefined;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  try {
    for (;;) {
      const now = place.now();
      if (place.markFile && mark.written === "unwritten") {
        // The first session on a machine starts its hooks before its channel creates the bus
        // directory (or hooks/ is not writable): a missing mark means "not written yet", not
        // "superseded". Write it as soon as it can be; a later hook that wrote first wins.
        const now = tryMark(place, request.event, mark.token);
        if (now === "later") {
          superseded();
          return NOTHING;
        }
        mark.written = now;
      } else if (place.markFile && readMark(place.markFile)?.token !== mark.token) {
        superseded();
        return NOTHING;
      }
      if (claudePid !== null && !pidExists(claudePid)) return NOTHING;
      bus ??= await openExistingBus(place);
      const row = bus ? await findHookIdentity(bus, place.who) : null;
      if (!bus || !row) {
        // Not registered (yet): SessionStart runs before Claude Code's MCP servers are up.
        if (now >= graceEnd || now >= deadline) return NOTHING;
        await sleep(Math.min(1000, deadline - now));
        continue;
      }
      await noteState(bus, row, "idle", request.input);
      forgetNoMail(place); // after the state: the next busy hook must record busy for real
      // A channel that pushes (events or the inbox socket) delivers at once; waiting beside it
      // would only race it and keep a process per idle session.
      if (!isPulled(row.delivery)) return NOTHING;
      if (watching !== row.name) {
        await subscription?.close();
        subscription = await bus.subscribe(row.name);
        watching = row.name;
      }
      const mail = await takeMail(bus, row.name, hookClaimer());
      if (mail) {
        await noteState(bus, row, "busy", request.input); // the wake-up starts a turn
        const shown = result(bus, mail, { stdout: "", stderr: mail.text + "\n", wake: true });
        bus = null; // handed over: closed by commit or abandon
        return shown;
      }
      const left = deadline - place.now();
      if (left <= 0) return NOTHING;
      await subscription!.next(Math.min(pollMs, left));
    }
  } finally {
    await subscription?.close();
    await bus?.close();
  }
}
