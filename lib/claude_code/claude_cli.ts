import { delimiter, join } from "node:path";
import type { Env } from "../paths.ts";
import { claudeConfigDir } from "./paths.ts";
import { outcomeProblem, runBounded } from "./bounded_run.ts";
import { parseVersion, type Version } from "./version.ts";
import { asObject } from "./json_file.ts";

/** Where the `claude` executable was found. */
export interface ClaudeLocation {
  path: string;
  /** False for an install outside PATH (the old local installer uses a shell alias). */
  onPath: boolean;
}

/** `claude` on PATH, else a known install location, else null. */
export function findClaude(env: Env): ClaudeLocation | null {
  const onPath = findOnPath("claude", env.PATH ?? "");
  if (onPath) return { path: onPath, onPath: true };
  const home = env.HOME;
  const candidates = [join(claudeConfigDir(env), "local", "claude")];
  if (home) candidates.push(join(home, ".local", "bin", "claude"));
  for (const candidate of candidates) {
    if (isExecutableFile(candidate)) return { path: candidate, onPath: false };
  }
  return null;
}

/** First executable `name` in a PATH string. */
export function findOnPath(name: string, path: string): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

/** Whether `path` is a regular file (after symlinks) that someone may execute. */
export function isExecutableFile(path: string): boolean {
  try {
    const info = Deno.statSync(path);
    if (!info.isFile) return false;
    if (Deno.build.os === "windows") return true;
    return ((info.mode ?? 0) & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** What `claude --version` said. */
export type ClaudeVersionProbe =
  | { ok: true; version: Version; text: string }
  | { ok: false; problem: string };

/** Run `claude --version` within `timeoutMs`. */
export async function probeClaudeVersion(
  claude: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<ClaudeVersionProbe> {
  const outcome = await runBounded(claude, ["--version"], { env, timeoutMs });
  if (outcome.kind !== "exited" || outcome.code !== 0) {
    return { ok: false, problem: outcomeProblem("`claude --version`", outcome, timeoutMs) };
  }
  const text = outcome.stdout.trim().split("\n")[0] ?? "";
  const version = parseVersion(text);
  if (!version) {
    return { ok: false, problem: `\`claude --version\` printed no version: "${text.slice(0, 80)}"` };
  }
  return { ok: true, version, text };
}

/** The fields doctor uses from `claude auth status --json`; nothing secret is kept. */
export interface AuthStatus {
  loggedIn: boolean;
  /** `claude.ai | api_key | api_key_helper | oauth_token | third_party | none`. */
  authMethod: string;
  /** `firstParty`, or the third-party provider (bedrock, vertex, foundry, ...). */
  apiProvider: string;
  /** Name of where an API key came from (e.g. `ANTHROPIC_API_KEY`), never the key. */
  apiKeySource: string | null;
  /** claude.ai plan: pro, max, team, enterprise. */
  subscriptionType: string | null;
}

export type AuthProbe = { ok: true; status: AuthStatus } | { ok: false; problem: string };

/** Run `claude auth status --json` within `timeoutMs` (exit 0 logged in, 1 not). */
export async function probeAuthStatus(
  claude: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<AuthProbe> {
  const outcome = await runBounded(claude, ["auth", "status", "--json"], { env, timeoutMs });
  if (outcome.kind !== "exited" || (outcome.code !== 0 && outcome.code !== 1)) {
    return { ok: false, problem: outcomeProblem("`claude auth status --json`", outcome, timeoutMs) };
  }
  let parsed: Record<string, unknown>;
  try {
    parsed = asObject(JSON.parse(outcome.stdout));
  } catch {
    return { ok: false, problem: "`claude auth status --json` did not print JSON" };
  }
  const text = (key: string) => typeof parsed[key] === "string" ? parsed[key] as string : null;
  return {
    ok: true,
    status: {
      loggedIn: parsed.loggedIn === true,
      authMethod: text("authMethod") ?? (parsed.loggedIn === true ? "unknown" : "none"),
      apiProvider: text("apiProvider") ?? "firstParty",
      apiKeySource: text("apiKeySource"),
      subscriptionType: text("subscriptionType"),
    },
  };
}
