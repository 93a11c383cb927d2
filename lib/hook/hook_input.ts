/** The fields of a hook's stdin JSON that cc-dm reads (Claude Code sends more; ignored). */
export interface HookInput {
  sessionId: string | null;
  eventName: string | null;
  /** SessionStart only: startup, resume, clear or compact. */
  source: string | null;
  cwd: string | null;
  /** Claude Code's transcript (JSONL) of the session: peek reads it. */
  transcriptPath: string | null;
  /** Notification only: permission_prompt, idle_prompt, elicitation_dialog, ... */
  notificationType: string | null;
}

/** Parse a hook's stdin. Anything that is not a JSON object reads as an empty input. */
export function parseHookInput(text: string): HookInput {
  let value: unknown;
  try {
    value = text.trim() ? JSON.parse(text) : {};
  } catch {
    value = {};
  }
  const record = value !== null && typeof value === "object" && !Array.isArray(value)
    ? value as Record<string, unknown>
    : {};
  const str = (key: string) => typeof record[key] === "string" && record[key] !== "" ? record[key] : null;
  return {
    sessionId: str("session_id"),
    eventName: str("hook_event_name"),
    source: str("source"),
    cwd: str("cwd"),
    transcriptPath: str("transcript_path"),
    notificationType: str("notification_type"),
  };
}
