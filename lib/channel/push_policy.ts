import type { Env } from "../paths.ts";
import { commandLine, currentParentPid, parentOf } from "../process_info.ts";

/** Whether the channel pushes events, and why (logged, and shown by doctor through the bus). */
export interface PushDecision {
  delivery: "push" | "pull";
  reason: string;
}

const CHANNEL_FLAGS = ["--channels", "--dangerously-load-development-channels"];
const THIRD_PARTY = ["CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX", "CLAUDE_CODE_USE_FOUNDRY"];

/**
 * Decide whether pushing channel events can reach the model. Claude Code drops every event of a
 * session started without a channel flag, or on a third-party provider, without telling the
 * server; pushing then would mark mail delivered that nobody saw. In those cases the session
 * pulls instead: mail stays queued for the hooks (`cc-dm hook`) and the `inbox` tool.
 * CC_DM_PUSH=always|never overrides; auto (default) looks at the Claude Code that started us.
 */
export function decidePush(env: Env, ancestors: () => (string[] | null)[] = claudeAncestors): PushDecision {
  const mode = env.CC_DM_PUSH?.trim() || "auto";
  if (mode === "always") return { delivery: "push", reason: "CC_DM_PUSH=always" };
  if (mode === "never") return { delivery: "pull", reason: "CC_DM_PUSH=never" };
  if (env.CLAUDECODE !== "1") return { delivery: "push", reason: "not started by Claude Code" };
  const provider = THIRD_PARTY.find((name) => env[name] === "1" || env[name] === "true");
  if (provider) return { delivery: "pull", reason: `${provider} is set: channels need the first-party API` };
  const lines = ancestors().filter((args): args is string[] => args !== null);
  const claude = lines.find((args) =>
    args.some((a) => /(^|\/)claude(\.exe)?$/.test(a) || a.includes("claude-code"))
  );
  if (!claude) return { delivery: "push", reason: "Claude Code's command line is not readable" };
  const flag = claude.find((a) => CHANNEL_FLAGS.some((f) => a === f || a.startsWith(f + "=")));
  if (flag) return { delivery: "push", reason: `Claude Code was started with ${flag}` };
  return {
    delivery: "pull",
    reason:
      "Claude Code was started without --channels or --dangerously-load-development-channels, so it would drop channel events",
  };
}

/** Command lines of the parent and up to three more ancestors (a launcher script may sit between). */
function claudeAncestors(): (string[] | null)[] {
  const lines: (string[] | null)[] = [];
  let pid: number | null = currentParentPid();
  for (let depth = 0; depth < 4 && pid && pid > 1; depth++) {
    lines.push(commandLine(pid));
    pid = parentOf(pid);
  }
  return lines;
}
