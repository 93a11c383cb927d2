import { join } from "node:path";
import { ensurePrivateDir } from "../private_files.ts";

// Which hook ran last in a Claude Code session. A waiting Stop / SessionStart hook delivers only
// while it is the last one: once a prompt starts a turn (UserPromptSubmit) or a tool runs
// (PostToolUse) the session is busy, mail belongs in that turn's additionalContext, and the
// waiter steps aside. It also leaves one waiter per session when turns end one after another.

/** The last hook run of one Claude Code session. */
export interface HookMark {
  /** Unique per hook process. */
  token: string;
  event: string;
  pid: number;
  /**
   * When the hook process started (ms since the epoch). Claude Code starts a session's hooks in
   * order, but a slow start can make an earlier one write later: the later start wins.
   */
  startedAt: number;
}

/** Marks live in `<cc-dm dir>/hooks/`, one small file per Claude Code session. */
export function markFile(ccDmDir: string, claudeSessionId: string): string {
  const safe = claudeSessionId.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 128);
  return join(ccDmDir, "hooks", `${safe}.json`);
}

/**
 * Record `mark` as the session's last hook, unless a hook that started later already did (then
 * false). Written to a temporary file and renamed: readers never see half a file.
 */
export function writeMark(file: string, mark: HookMark): boolean {
  const current = readMark(file);
  if (current && current.startedAt > mark.startedAt) return false;
  const dir = file.slice(0, file.lastIndexOf("/"));
  // hooks/ gets the checks of the bus directory (ours, private, not a link), and the temporary
  // file is created new, so nothing is written through a link planted there.
  ensurePrivateDir(dir, { sub: true });
  const temp = `${file}.${mark.pid}.tmp`;
  try {
    Deno.removeSync(temp);
  } catch {
    // No leftover from an earlier run of this pid.
  }
  Deno.writeTextFileSync(temp, JSON.stringify(mark), { mode: 0o600, createNew: true });
  Deno.renameSync(temp, file);
  return true;
}

/** The session's last hook, or null when none is recorded (or the file is unreadable). */
export function readMark(file: string): HookMark | null {
  try {
    const value = JSON.parse(Deno.readTextFileSync(file));
    return typeof value?.token === "string" ? value as HookMark : null;
  } catch {
    return null;
  }
}

/** Remove the mark if it is still `token`'s (a waiter leaving without having been superseded). */
export function removeOwnMark(file: string, token: string): void {
  if (readMark(file)?.token !== token) return;
  try {
    Deno.removeSync(file);
  } catch {
    // Gone already.
  }
}

/** Delete marks of sessions not seen for `maxAgeMs` (sessions that ended without a waiter). */
export function pruneMarks(ccDmDir: string, now: number, maxAgeMs: number): void {
  const dir = join(ccDmDir, "hooks");
  try {
    for (const entry of Deno.readDirSync(dir)) {
      if (!entry.isFile) continue;
      const path = join(dir, entry.name);
      const mtime = Deno.statSync(path).mtime?.getTime() ?? now;
      if (now - mtime > maxAgeMs) Deno.removeSync(path);
    }
  } catch {
    // No directory yet, or a file vanished under us: nothing to prune.
  }
}
