import type { Bus, SessionRow, SessionState } from "../bus/bus.ts";
import type { HookEvent } from "./hook_event.ts";
import type { HookInput } from "./hook_input.ts";

// What a session is doing, read off the hooks Claude Code runs anyway: a prompt or a tool result
// means a turn is running, Stop (and a fresh start) means it waits for its user, a permission or
// question notification means a dialog waits for an answer. Kept on the session row for `who`,
// `wait` and the status line; sessions without hooks stay `unknown` (null), never guessed idle.

/** A status older than this is cleared when the session goes idle: its work is over. */
export const STATUS_FRESH_MS = 10 * 60_000;

/** The Notification types that mean the session waits on its user (a dialog is open). */
const WAITING_NOTIFICATIONS = new Set(["permission_prompt", "elicitation_dialog"]);

/** The state `event` shows its session is in; null when it says nothing (a compaction, other notices). */
export function stateOfEvent(event: HookEvent, input: HookInput): SessionState | null {
  switch (event) {
    case "UserPromptSubmit":
    case "PostToolUse":
      return "busy";
    case "Stop":
      return "idle";
    case "SessionStart":
      // A compaction can happen in the middle of a turn.
      return input.source === "compact" ? null : "idle";
    case "Notification":
      return input.notificationType !== null && WAITING_NOTIFICATIONS.has(input.notificationType)
        ? "waiting"
        : null;
  }
}

/**
 * Record `state` for the session `row` (found by the hook) unless the row says so already, so a
 * busy session's tool calls after the first write nothing. Never throws: state is a courtesy,
 * mail delivery must go on whatever the bus says.
 */
export async function noteState(
  bus: Bus,
  row: SessionRow,
  state: SessionState | null,
  input: HookInput,
): Promise<void> {
  if (state === null) return;
  const transcript = input.transcriptPath;
  if (row.state === state && (transcript === null || transcript === row.transcriptPath)) return;
  try {
    await bus.setState(row.name, state, { transcriptPath: transcript, statusFreshMs: STATUS_FRESH_MS });
    row.state = state;
  } catch {
    // A locked or broken bus: the next hook tries again.
  }
}
