import { commandLine, currentParentPid, parentOf } from "../process_info.ts";

/** The Claude Code process that started this one, as far as it can be seen. */
export interface ClaudeProcess {
  pid: number;
  argv: string[];
  /** Command lines between Claude Code and this process (a launcher script), nearest first, then ours. */
  between: string[][];
}

const CLAUDE_ARG = /(^|\/)claude(\.exe)?$/;

/** Whether an argv looks like Claude Code (the npm launcher, the native binary, or node running it). */
export function isClaudeArgv(argv: readonly string[]): boolean {
  return argv.slice(0, 2).some((a) => CLAUDE_ARG.test(a) || a.includes("claude-code"));
}

/**
 * Walk up from our parent (at most four levels: a launcher may sit between) to the Claude Code
 * that started us. Null when none is found or command lines cannot be read.
 */
export function findClaudeProcess(
  read: (pid: number) => string[] | null = commandLine,
  parent: (pid: number) => number | null = parentOf,
  firstParent: number = currentParentPid(),
  self: string[] | null = commandLine(Deno.pid),
): ClaudeProcess | null {
  const between: string[][] = self ? [self] : [];
  let pid: number | null = firstParent;
  for (let depth = 0; depth < 4 && pid && pid > 1; depth++) {
    const argv = read(pid);
    if (argv && isClaudeArgv(argv)) return { pid, argv, between };
    if (argv) between.unshift(argv);
    pid = parent(pid);
  }
  return null;
}
