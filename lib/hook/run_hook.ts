import { type Bus, isPulled } from "../bus/bus.ts";
import { engineFor } from "../bus/engines.ts";
import { ccDmHome, type Env } from "../paths.ts";
import type { HookEvent } from "./hook_event.ts";
import type { HookInput } from "./hook_input.ts";
import { candidateNames, findHookIdentity, type HookSession, hookSession } from "./identity.ts";
import { markFile, readMark, writeMark } from "./hook_mark.ts";
import { noteState, stateOfEvent } from "./session_state.ts";
import { removeNoMailMark, writeNoMailMark } from "../bus/no_mail_marks.ts";
import { ackMail, hookClaimer, takeMail, type TakenMail } from "./take_mail.ts";

/** One `cc-dm hook` run as the command line asked for it. */
export interface HookRequest {
  event: HookEvent;
  /** The hook is configured with asyncRewake: wait for mail and wake the session with exit 2. */
  wait: boolean;
  /** The hook's configured timeout; a waiting hook gives up a little before it. */
  timeoutMs: number;
  input: HookInput;
  env: Env;
  now?: () => number;
}

/**
 * What to hand back to Claude Code. Write `stdout` / `stderr` first, then call `commit` (marks
 * the shown mail delivered); `wake` means exit 2. With nothing to show, both are empty and
 * `commit` only closes the bus.
 */
export interface HookResult {
  stdout: string;
  stderr: string;
  wake: boolean;
  /** Message ids shown, for tests and logs. */
  messageIds: number[];
  commit: () => Promise<void>;
  /** Close without acknowledging (the output could not be written: the lease returns the mail). */
  abandon: () => void;
}

/** Everything a hook run needs to know about where it runs. */
export interface HookPlace {
  env: Env;
  ccDmDir: string;
  who: HookSession;
  /** Hook input's session id: the key of this session's hook mark. */
  markFile: string | null;
  now: () => number;
}

export function hookPlace(request: HookRequest): HookPlace {
  const ccDmDir = ccDmHome(request.env);
  const who = hookSession(request.env, request.input.sessionId);
  return {
    env: request.env,
    ccDmDir,
    who,
    markFile: who.sessionIds[0] ? markFile(ccDmDir, who.sessionIds[0]) : null,
    now: request.now ?? Date.now,
  };
}

/** Nothing to show. */
export const NOTHING: HookResult = {
  stdout: "",
  stderr: "",
  wake: false,
  messageIds: [],
  commit: () => Promise.resolve(),
  abandon: () => {},
};

/**
 * The busy path (UserPromptSubmit, PostToolUse, a SessionStart or Stop hook that does not wait):
 * claim this session's undelivered mail and return it as the event's hook output.
 */
export async function busyHook(request: HookRequest, place = hookPlace(request)): Promise<HookResult> {
  const token = markLastHook(place, request.event);
  const bus = await openExistingBus(place);
  if (!bus) return NOTHING;
  try {
    const row = await findHookIdentity(bus, place.who);
    if (row) {
      await noteState(bus, row, stateOfEvent(request.event, request.input), request.input);
    }
    // Only a busy session's busy hooks may be answered by the marker: any other event (a dialog
    // opens, a turn ends) takes it back after recording its state, so the next one runs for real.
    if (!FAST_EVENTS.has(request.event)) forgetNoMail(place);
    if (request.event === "Notification") {
      // State only: a notification's output never reaches the model.
      await bus.close();
      return NOTHING;
    }
    // A pushing channel delivers within a millisecond: claiming beside it could only race it,
    // and a permission verdict taken by a hook would be shown to the model instead of applied.
    const mail = row && isPulled(row.delivery) ? await takeMail(bus, row.name, hookClaimer()) : null;
    if (!mail) {
      if (token !== null && FAST_EVENTS.has(request.event)) {
        await recordNoMail(bus, place, token, row?.name ?? null);
      }
      await bus.close();
      return NOTHING;
    }
    return result(bus, mail, {
      stdout: hookOutput(request.event, mail.text),
      stderr: "",
      wake: false,
    });
  } catch (err) {
    await bus.close();
    throw err;
  }
}

/** The events whose hook command checks the "no mail" marker before starting cc-dm. */
export const FAST_EVENTS: ReadonlySet<HookEvent> = new Set(["UserPromptSubmit", "PostToolUse"]);

/**
 * Leave the "no mail" marker for this Claude Code process, so its next busy hooks finish in sh,
 * when that is sure: written first, then the bus read again, and taken back if any candidate
 * name has undelivered mail (claimed or not), a new candidate appeared, the session `name` found
 * is not (or no longer) recorded busy (its state must follow the next prompt or dialog), or a
 * later hook ran (a waiting hook must see that later hook run for real). Never throws.
 */
export async function recordNoMail(
  bus: Bus,
  place: HookPlace,
  token: string,
  name: string | null,
): Promise<void> {
  const pid = place.who.claudePid;
  if (pid === null) return;
  try {
    const before = candidateNames(await bus.sessions(), place.who);
    if (!writeNoMailMark(place.ccDmDir, pid, before)) return;
    const rows = await bus.sessions();
    const after = candidateNames(rows, place.who);
    const pending = new Set((await bus.queuedMail()).map((q) => q.recipient));
    const busy = name === null || rows.find((r) => r.name === name)?.state === "busy";
    const sure = busy && after.every((n) => before.includes(n)) && !before.some((n) => pending.has(n)) &&
      (place.markFile === null || readMark(place.markFile)?.token === token);
    if (!sure) removeNoMailMark(place.ccDmDir, pid);
  } catch {
    removeNoMailMark(place.ccDmDir, pid);
  }
}

/** A waiting (or rewake) hook runs: the session's next busy hooks must run for real. */
export function forgetNoMail(place: HookPlace): void {
  if (place.who.claudePid !== null) removeNoMailMark(place.ccDmDir, place.who.claudePid);
}

/** The JSON a hook prints to put `text` in front of the model for `event`. */
export function hookOutput(event: HookEvent, text: string): string {
  if (event === "Stop") return JSON.stringify({ decision: "block", reason: text }) + "\n";
  return JSON.stringify({ hookSpecificOutput: { hookEventName: event, additionalContext: text } }) + "\n";
}

/** A result that shows `mail` and, on commit, acknowledges it. */
export function result(
  bus: Bus,
  mail: TakenMail,
  output: { stdout: string; stderr: string; wake: boolean },
): HookResult {
  return {
    ...output,
    messageIds: mail.messageIds,
    commit: async () => {
      try {
        await ackMail(bus, mail);
      } finally {
        await bus.close();
      }
    },
    abandon: () => void bus.close(),
  };
}

/**
 * Record this run as the session's last hook (a waiting hook steps aside); never fails. Returns
 * this run's token, or null when a hook that started later is already recorded.
 */
export function markLastHook(
  place: HookPlace,
  event: HookEvent,
  token: string = crypto.randomUUID(),
): string | null {
  return tryMark(place, event, token) === "later" ? null : token;
}

/**
 * Write this run's mark: "written", "later" (a hook that started later is recorded), or
 * "unwritten" (no bus directory yet, or hooks/ not writable: nothing is known about later hooks).
 */
export function tryMark(
  place: HookPlace,
  event: HookEvent,
  token: string,
): "written" | "later" | "unwritten" {
  if (!place.markFile) return "unwritten";
  try {
    // Only where a bus exists: a session without cc-dm gets no files from its hooks.
    Deno.statSync(place.ccDmDir);
    const mark = { token, event, pid: Deno.pid, startedAt: performance.timeOrigin };
    return writeMark(place.markFile, mark) ? "written" : "later";
  } catch {
    return "unwritten";
  }
}

/** The bus if it exists; null when no cc-dm session ever ran here (nothing can be waiting). */
export async function openExistingBus(place: HookPlace): Promise<Bus | null> {
  const engine = engineFor(place.env);
  if (!(await engine.exists())) return null;
  return await engine.open({ mustExist: true });
}
