// lib/hook/hook_input.ts
function parseHookInput(text) {
  let value;
  try {
    value = text.trim() ? JSON.parse(text) : {};
  } catch {
    value = {};
  }
  const record = value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
  const str = (key) => typeof record[key] === "string" && record[key] !== "" ? record[key] : null;
  return {
    sessionId: str("session_id"),
    eventName: str("hook_event_name"),
    source: str("source"),
    cwd: str("cwd"),
    transcriptPath: str("transcript_path"),
    notificationType: str("notification_type")
  };
}

export {
  parseHookInput
};
