import { isAbsolute, resolve } from "node:path";
import { CcDmError } from "../errors.ts";
import type { Env } from "../paths.ts";

// Setup changes Claude Code's configuration only through the `claude` CLI, so its own locking
// and format apply; this runs it, bounded in time.

/** What one run of the `claude` CLI printed. */
export interface ClaudeRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunClaudeOptions {
  env: Env;
  cwd: string;
  /** Killed after this long; `claude` can hang on a network check or a lock. */
  timeoutMs: number;
}

/** Run `claude <args>` with stdin closed and a hard time limit; a timeout throws. */
export async function runClaude(
  claude: string,
  args: string[],
  options: RunClaudeOptions,
): Promise<ClaudeRun> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.env)) if (value !== undefined) env[key] = value;
  const child = new Deno.Command(claude, {
    args,
    cwd: options.cwd,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  }, options.timeoutMs);
  try {
    const out = await child.output();
    if (timedOut) {
      throw new CcDmError(
        `"claude ${args.slice(0, 2).join(" ")}" did not finish within ${
          options.timeoutMs / 1000
        } s and was stopped`,
        1,
        `run it yourself to see what it waits for: ${claude} ${args.join(" ")}`,
      );
    }
    const decoder = new TextDecoder();
    return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Absolute path of an executable: a path (relative to `cwd`) is checked as given, a bare name
 * is looked up on `PATH` (with `PATHEXT` on Windows). Null when there is none.
 */
export async function findExecutable(nameOrPath: string, env: Env, cwd: string): Promise<string | null> {
  const windows = Deno.build.os === "windows";
  if (nameOrPath.includes("/") || (windows && nameOrPath.includes("\\"))) {
    const path = isAbsolute(nameOrPath) ? nameOrPath : resolve(cwd, nameOrPath);
    return (await isExecutableFile(path)) ? path : null;
  }
  const extensions = windows ? ["", ...(env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";")] : [""];
  for (const dir of (env.PATH ?? "").split(windows ? ";" : ":")) {
    if (!dir) continue;
    for (const ext of extensions) {
      const path = resolve(cwd, dir, nameOrPath + ext);
      if (await isExecutableFile(path)) return path;
    }
  }
  return null;
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await Deno.stat(path);
    return info.isFile && (info.mode === null || (info.mode & 0o111) !== 0);
  } catch {
    return false;
  }
}
