import type { HookEvent } from "./hook_event.ts";
import { NO_MAIL_CHECK } from "../bus/no_mail_marks.ts";

// The hooks cc-dm installs, in one place: the plugin's hooks/hooks.json and `cc-dm setup --hooks`
// write these (a test checks hooks.json against them).

/**
 * How long a waiting hook may wait. Claude Code accepts any positive timeout; an idle session is
 * woken by mail for this long after its last turn (afterwards mail waits for the next prompt).
 */
export const WAIT_TIMEOUT_S = 86_400;
/** The busy-path hooks take ~40 ms; the bus's lock timeout (5 s) is their worst case. */
export const BUSY_TIMEOUT_S = 10;

/** One hook entry as Claude Code's settings hold it. */
export interface CommandHook {
  type: "command";
  command: string;
  timeout: number;
  asyncRewake?: boolean;
}

/** A matcher group: `{"matcher": "...", "hooks": [...]}` under `hooks.<Event>`. */
export interface HookGroup {
  matcher?: string;
  hooks: CommandHook[];
}

export interface HookSpec {
  event: HookEvent;
  /** SessionStart sources, or tool names for PostToolUse; none: every occurrence. */
  matcher?: string;
  /** `cc-dm` arguments. */
  args: string[];
  timeout: number;
  asyncRewake?: boolean;
}

export const HOOK_SPECS: readonly HookSpec[] = [
  // Idle at start (not after a compaction, which can happen mid-turn): wait for mail.
  {
    event: "SessionStart",
    matcher: "startup|resume|clear",
    args: ["hook", "session-start", "--wait", "--timeout", String(WAIT_TIMEOUT_S)],
    timeout: WAIT_TIMEOUT_S,
    asyncRewake: true,
  },
  { event: "UserPromptSubmit", args: ["hook", "user-prompt-submit"], timeout: BUSY_TIMEOUT_S },
  { event: "PostToolUse", matcher: "*", args: ["hook", "post-tool-use"], timeout: BUSY_TIMEOUT_S },
  {
    event: "Stop",
    args: ["hook", "stop", "--wait", "--timeout", String(WAIT_TIMEOUT_S)],
    timeout: WAIT_TIMEOUT_S,
    asyncRewake: true,
  },
  // State only: a permission dialog or a question waits for the user (`who` shows waiting).
  {
    event: "Notification",
    matcher: "permission_prompt|elicitation_dialog",
    args: ["hook", "notification"],
    timeout: BUSY_TIMEOUT_S,
  },
];

/** The settings group of `spec`, its command built by `command(args)`. */
export function hookGroup(spec: HookSpec, command: (args: string[]) => string): HookGroup {
  const hook: CommandHook = { type: "command", command: command(spec.args), timeout: spec.timeout };
  if (spec.asyncRewake) hook.asyncRewake = true;
  return spec.matcher === undefined ? { hooks: [hook] } : { matcher: spec.matcher, hooks: [hook] };
}

/**
 * `command` (a shell line running `cc-dm <args>`) behind the sh "no mail" check when `args` is a
 * busy-path hook (every tool call, every prompt), so no mail costs no runtime start. Not needed
 * for bin/cc-dm, which checks first thing itself.
 */
export function withNoMailCheck(args: string[], command: string): string {
  const busy = args.length === 2 && args[0] === "hook" &&
    (args[1] === "post-tool-use" || args[1] === "user-prompt-submit");
  return busy ? `${NO_MAIL_CHECK}; exec ${command}` : command;
}

/** The plugin's command: its launcher, with the path expanded by Claude Code. */
export function pluginCommand(args: string[]): string {
  return `sh "\${CLAUDE_PLUGIN_ROOT}/bin/cc-dm" ${args.join(" ")}`;
}

/** Whether a hook command runs `cc-dm hook` (any install: binary, main.ts, bundle, plugin launcher). */
export function isCcDmHookCommand(command: string): boolean {
  return /(^|[\s\/\\'"])(cc-dm(\.exe)?|main\.ts|cc-dm\.js)['"]?\s+hook(\s|$)/.test(command);
}
