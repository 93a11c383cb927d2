/** The Claude Code hook events `cc-dm hook` handles, by their Claude Code names. */
export const HOOK_EVENTS = [
  "SessionStart",
  "UserPromptSubmit",
  "PostToolUse",
  "Stop",
  "Notification",
] as const;
export type HookEvent = typeof HOOK_EVENTS[number];

/** `session-start` for SessionStart: the spelling used on cc-dm's command line. */
export function kebabName(event: HookEvent): string {
  return event.replace(/[A-Z]/g, (c, i) => (i ? "-" : "") + c.toLowerCase());
}

/** The event named by `name` (kebab-case or Claude Code's own spelling), or null. */
export function parseHookEvent(name: string): HookEvent | null {
  const wanted = name.trim().toLowerCase().replaceAll("-", "").replaceAll("_", "");
  return HOOK_EVENTS.find((event) => event.toLowerCase() === wanted) ?? null;
}
