import { dirname, isAbsolute, join, resolve } from "node:path";
import { CcDmError } from "./errors.ts";
import type { Env } from "./paths.ts";
import { claudeJsonPath } from "./claude_code/paths.ts";

// Claude Code's MCP configuration as `claude mcp add` writes it (read offline, never written
// here: every change goes through the `claude` CLI so its own locking and format apply).

/** The scopes of `claude mcp add -s`. */
export const MCP_SCOPES = ["user", "local", "project"] as const;
export type McpScope = typeof MCP_SCOPES[number];

/** One `mcpServers` entry (stdio servers; other transports keep an empty command). */
export interface McpServerEntry {
  type: string;
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** `$CLAUDE_CONFIG_DIR/.claude.json` if set, else `~/.claude.json`: user and local scope. */
export function claudeConfigFile(env: Env): string {
  try {
    return claudeJsonPath(env);
  } catch {
    throw new CcDmError("Cannot find Claude Code's configuration: neither CLAUDE_CONFIG_DIR nor HOME is set");
  }
}

/** The `.mcp.json` that `claude mcp add -s project` writes: in the working directory itself. */
export function projectMcpFile(cwd: string): string {
  return join(cwd, ".mcp.json");
}

/**
 * Keys under which local scope may be filed in `.claude.json` `projects`, best first. Claude
 * Code files it under the git root of the real working directory (seen with 2.1.330: from a
 * sub-directory or through a symlink), so try that, then the real and the given directory.
 */
export async function localProjectKeys(cwd: string): Promise<string[]> {
  const real = await Deno.realPath(cwd).catch(() => cwd);
  const keys: string[] = [];
  for (let dir = real;; dir = dirname(dir)) {
    if (await exists(join(dir, ".git"))) {
      keys.push(dir);
      break;
    }
    if (dirname(dir) === dir) break;
  }
  keys.push(real, cwd);
  return [...new Set(keys)];
}

/** The entry `name` in one scope, or null when that scope has none (or no file at all). */
export async function readMcpEntry(
  env: Env,
  cwd: string,
  scope: McpScope,
  name: string,
): Promise<McpServerEntry | null> {
  if (scope === "project") {
    const file = projectMcpFile(cwd);
    return entryFrom((await readJsonObject(file))?.mcpServers, name, file);
  }
  const file = claudeConfigFile(env);
  const config = await readJsonObject(file);
  if (!config) return null;
  if (scope === "user") return entryFrom(config.mcpServers, name, file);
  const projects = asObject(config.projects);
  for (const key of await localProjectKeys(cwd)) {
    const entry = entryFrom(asObject(projects?.[key])?.mcpServers, name, file);
    if (entry) return entry;
  }
  return null;
}

/**
 * Installed plugins whose id is `cc-dm@<marketplace>`, from `<config dir>/plugins/installed_plugins.json`
 * (`$CLAUDE_CONFIG_DIR`, else `~/.claude`). A session with both the plugin and an `mcp add`
 * entry would start two cc-dm servers.
 */
export async function installedCcDmPlugins(env: Env): Promise<string[]> {
  const configDir = env.CLAUDE_CONFIG_DIR?.trim() || join(env.HOME ?? env.USERPROFILE ?? "", ".claude");
  const file = join(configDir, "plugins", "installed_plugins.json");
  const installed = await readJsonObject(file).catch(() => null);
  return Object.keys(asObject(installed?.plugins) ?? {}).filter((id) => id.startsWith("cc-dm@"));
}

/** Whether two entries start the same process (type, command, arguments, environment). */
export function sameEntry(a: McpServerEntry, b: McpServerEntry): boolean {
  const envA = Object.entries(a.env).sort();
  const envB = Object.entries(b.env).sort();
  return a.type === b.type && a.command === b.command && JSON.stringify(a.args) === JSON.stringify(b.args) &&
    JSON.stringify(envA) === JSON.stringify(envB);
}

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

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function readJsonObject(file: string): Promise<Record<string, unknown> | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw new CcDmError(`Cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return asObject(JSON.parse(text)) ?? {};
  } catch (err) {
    throw new CcDmError(
      `Cannot read ${file}: not valid JSON (${(err as Error).message})`,
      1,
      "repair or move that file; Claude Code rewrites it on its next start",
    );
  }
}

function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? value as Record<string, unknown>
    : null;
}

function entryFrom(servers: unknown, name: string, file: string): McpServerEntry | null {
  const raw = asObject(asObject(servers)?.[name]);
  if (!raw) return null;
  const args = Array.isArray(raw.args) ? raw.args.filter((a): a is string => typeof a === "string") : [];
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(asObject(raw.env) ?? {})) {
    if (typeof value === "string") env[key] = value;
  }
  const command = raw.command ?? "";
  if (typeof command !== "string") {
    throw new CcDmError(`Cannot read the MCP server "${name}" in ${file}: its command is not a string`);
  }
  return { type: typeof raw.type === "string" ? raw.type : "stdio", command, args, env };
}
