import { join } from "node:path";
import type { Env } from "../paths.ts";
import { liveSessionsDir } from "./paths.ts";
import { asObject, objectOf, readJsonFile } from "./json_file.ts";

/** A running Claude Code session: `~/.claude/sessions/<pid>.json` whose process still runs. */
export interface RunningSession {
  pid: number;
  cwd: string;
  /** The session's command line (from /proc), or null where it cannot be read. */
  argv: string[] | null;
}

/** Running Claude Code sessions of this user. Stale files (process gone) are skipped. */
export function runningSessions(env: Env): RunningSession[] {
  const dir = liveSessionsDir(env);
  let names: string[];
  try {
    names = [...Deno.readDirSync(dir)].filter((e) => /^\d+\.json$/.test(e.name)).map((e) => e.name);
  } catch {
    return [];
  }
  const sessions: RunningSession[] = [];
  for (const name of names) {
    const pid = Number(name.slice(0, -".json".length));
    const argv = commandLine(pid);
    if (argv === undefined) continue; // no such process
    const info = asObject(objectOf(readJsonFile(join(dir, name))));
    sessions.push({ pid, cwd: typeof info.cwd === "string" ? info.cwd : "", argv });
  }
  return sessions.sort((a, b) => a.pid - b.pid);
}

/** argv of `pid`; undefined when the process does not exist, null when it cannot be read. */
function commandLine(pid: number): string[] | null | undefined {
  if (Deno.build.os !== "linux") return null;
  try {
    const raw = Deno.readTextFileSync(`/proc/${pid}/cmdline`);
    return raw.split("\0").filter((a, i, all) => a !== "" || i < all.length - 1);
  } catch {
    return undefined;
  }
}

/** The channel flags Claude Code reads to decide which servers may push into a session. */
export const CHANNEL_FLAGS = ["--channels", "--dangerously-load-development-channels"] as const;

/** Values given to the channel flags, e.g. `server:cc-dm`, `plugin:cc-dm@local`. */
export function channelFlagValues(argv: readonly string[]): string[] {
  const values: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const flag = CHANNEL_FLAGS.find((f) => arg === f || arg.startsWith(`${f}=`));
    if (!flag) continue;
    if (arg.includes("=")) {
      values.push(...arg.slice(arg.indexOf("=") + 1).split(","));
      continue;
    }
    // Variadic: values run until the next option.
    while (i + 1 < argv.length && !argv[i + 1].startsWith("-")) values.push(...argv[++i].split(","));
  }
  return values.map((v) => v.trim()).filter(Boolean);
}
