import { homedir } from "node:os";
import { join } from "node:path";
import { CLAUDE_CODE_VERSIONS } from "../e2e/claude_versions.ts";

// The Claude Code versions of tests/e2e/claude_versions.ts, each installed once from npm. Tests
// running in parallel (and other checkouts) share one cache directory; a mkdir lock makes sure
// only one `npm install` runs into it at a time, and a marker file says the install finished.

/** The pinned Claude Code version (the first of CLAUDE_CODE_VERSIONS): doctor, setup, plugin tests. */
export const CLAUDE_CODE_VERSION = CLAUDE_CODE_VERSIONS[0];

const PACKAGE = "@anthropic-ai/claude-code";
/** An install that takes longer than this is treated as dead and its lock broken. */
const LOCK_STALE_MS = 5 * 60_000;
const LOCK_POLL_MS = 250;

/** `$CC_DM_TEST_CACHE/claude-code-<version>`, default `~/.cache/cc-dm-test/claude-code-<version>`. */
export function claudeCodeCacheDir(version = CLAUDE_CODE_VERSION): string {
  const root = Deno.env.get("CC_DM_TEST_CACHE") ?? join(homedir(), ".cache", "cc-dm-test");
  return join(root, `claude-code-${version}`);
}

/**
 * Absolute path of the `claude` executable of `version` (default: the pinned one), installing it
 * from npm into the shared cache first when it is not there. Throws with npm's output when the
 * install fails.
 */
export async function ensureClaudeCode(version = CLAUDE_CODE_VERSION): Promise<string> {
  const dir = claudeCodeCacheDir(version);
  const ready = await installedBinary(dir, version);
  if (ready) return ready;

  const lock = `${dir}.lock`;
  await Deno.mkdir(join(dir, ".."), { recursive: true });
  await acquireLock(lock);
  try {
    // Another process may have finished the install while we waited for the lock.
    const afterWait = await installedBinary(dir, version);
    if (afterWait) return afterWait;
    await Deno.mkdir(dir, { recursive: true });
    const out = await new Deno.Command("npm", {
      args: [
        "install",
        "--prefix",
        dir,
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        `${PACKAGE}@${version}`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      const text = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
      throw new Error(`npm install ${PACKAGE}@${version} into ${dir} failed (exit ${out.code}):\n${text}`);
    }
    const bin = binaryPath(dir);
    const probe = await new Deno.Command(bin, { args: ["--version"], stdout: "piped", stderr: "piped" })
      .output();
    const printed = new TextDecoder().decode(probe.stdout).trim();
    if (!probe.success || !printed.startsWith(version)) {
      throw new Error(`${bin} --version printed "${printed}" (exit ${probe.code}), expected ${version}`);
    }
    await Deno.writeTextFile(markerPath(dir), `${version}\n`);
    return bin;
  } finally {
    await Deno.remove(lock, { recursive: true }).catch(() => {});
  }
}

function binaryPath(dir: string): string {
  return join(dir, "node_modules", ".bin", "claude");
}

function markerPath(dir: string): string {
  return join(dir, ".cc-dm-installed");
}

async function installedBinary(dir: string, version: string): Promise<string | null> {
  try {
    if ((await Deno.readTextFile(markerPath(dir))).trim() !== version) return null;
    const bin = binaryPath(dir);
    await Deno.stat(bin);
    return bin;
  } catch {
    return null;
  }
}

async function acquireLock(lock: string): Promise<void> {
  for (;;) {
    try {
      await Deno.mkdir(lock);
      return;
    } catch (err) {
      if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
    }
    try {
      const info = await Deno.stat(lock);
      if (info.mtime && Date.now() - info.mtime.getTime() > LOCK_STALE_MS) {
        await Deno.remove(lock, { recursive: true }).catch(() => {});
        continue;
      }
    } catch {
      continue; // released between our mkdir and stat
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}
