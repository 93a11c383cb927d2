import type { Env } from "../paths.ts";

/**
 * How Claude Code runs an `asyncRewake` hook in this session (seen with 2.1.330):
 * - "interactive": in the background; exit 2 wakes the idle session. The hook may wait for mail.
 * - "background": headless with streamed input (`-p --input-format stream-json`, the SDKs): in
 *   the background too, but Claude Code holds its exit up to 30 s for such hooks, so no waiting.
 * - "foreground": plain `claude -p`: the hook blocks the session like any other, so no waiting;
 *   exit 2 from Stop still continues the turn with the messages.
 */
export type RewakeRun = "interactive" | "background" | "foreground";

/** Decide from `CLAUDE_CODE_ENTRYPOINT` and Claude Code's command line (`CLAUDE_PID`). */
export function rewakeRun(env: Env, commandLine: (pid: number) => string[] | null): RewakeRun {
  const entry = env.CLAUDE_CODE_ENTRYPOINT?.trim() ?? "";
  if (entry === "cli") return "interactive";
  const pid = Number(env.CLAUDE_PID);
  const args = Number.isInteger(pid) && pid > 1 ? commandLine(pid) : null;
  if (args) {
    const streamed = args.some((a, i) =>
      a === "--input-format=stream-json" || (a === "--input-format" && args[i + 1] === "stream-json")
    );
    if (streamed) return "background";
    const print = args.some((a) => a === "-p" || a === "--print");
    if (!print && entry === "") return "interactive";
  }
  // The SDKs (sdk-ts, sdk-py, ...) always stream their input; `claude -p` is sdk-cli.
  if (entry.startsWith("sdk-") && entry !== "sdk-cli") return "background";
  return "foreground";
}
