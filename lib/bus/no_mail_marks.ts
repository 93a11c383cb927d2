import { join } from "node:path";

// "No mail" markers: what lets a busy-path hook (every tool call, every prompt) answer "nothing
// to show" from POSIX sh in a few milliseconds instead of starting a runtime (~45 ms).
//
// <cc-dm dir>/hooks/nomail/<Claude Code pid> exists only while every cc-dm name the hooks of that
// Claude Code process could deliver for (its candidates, listed inside) had no undelivered mail
// when the real hook last looked. The real hook writes it, then re-checks the bus (so a send
// that committed meanwhile is seen); a send removes the markers naming a recipient after its
// COMMIT, a session that registers or leaves removes them all, and a waiting hook removes its
// own. The sh check only trusts a marker that is there: a missing, unreadable or doubtful one
// means "ask the real hook". A marker that could not be removed would hide mail until the
// session's next waiting hook or real hook run, so removal errors are not expected to happen;
// they still never fail a send, whose message is stored by then.

/** The directory of the markers. */
export function noMailDir(ccDmDir: string): string {
  return join(ccDmDir, "hooks", "nomail");
}

/**
 * POSIX sh for a hook command: exits 0 (nothing to show) when the marker of `$CLAUDE_PID` is
 * there, else falls through to what follows. bin/cc-dm has the same test.
 */
export const NO_MAIL_CHECK = [
  `case \${CLAUDE_PID:-x} in *[!0-9]*) ;; *) case \${CC_DM_HOME:-} in [[:space:]]* | *[[:space:]]) ;; *)`,
  `d=\${CC_DM_HOME:-\${HOME:-/nonexistent}/.cc-dm}/hooks/nomail;`,
  `if [ -z "\${CC_DM_BUS_URL:-}" ] && [ -d "$d" ] && [ ! -h "$d" ] && [ -f "$d/$CLAUDE_PID" ] && [ ! -h "$d/$CLAUDE_PID" ];`,
  // The hook's JSON is read first: a large tool result does not fit the pipe, and Claude Code's
  // write must not fail on a hook that left early.
  `then cat >/dev/null 2>&1 || :; exit 0; fi;;`,
  `esac;; esac`,
].join(" ");

/** Whether `dir` is a real directory (not a link to one), creating it (0700) if missing. */
function privateDir(dir: string): boolean {
  try {
    Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const info = Deno.lstatSync(dir);
    return info.isDirectory && !info.isSymlink;
  } catch {
    return false;
  }
}

/**
 * Write the marker of Claude Code `claudePid`, listing the names it vouches for. Written to a
 * new file (never through a link) and renamed into place; false when it could not be written.
 */
export function writeNoMailMark(ccDmDir: string, claudePid: number, names: readonly string[]): boolean {
  const hooks = join(ccDmDir, "hooks");
  const dir = noMailDir(ccDmDir);
  if (!privateDir(hooks) || !privateDir(dir)) return false;
  const file = join(dir, String(claudePid));
  const temp = `${file}.${Deno.pid}.${crypto.randomUUID()}.tmp`;
  try {
    const handle = Deno.openSync(temp, { createNew: true, write: true, mode: 0o600 });
    try {
      handle.writeSync(new TextEncoder().encode(JSON.stringify({ names })));
    } finally {
      handle.close();
    }
    Deno.renameSync(temp, file);
    return true;
  } catch {
    try {
      Deno.removeSync(temp);
    } catch {
      // Never created.
    }
    return false;
  }
}

/** Remove the marker of Claude Code `claudePid`, if any. Never throws. */
export function removeNoMailMark(ccDmDir: string, claudePid: number): void {
  try {
    Deno.removeSync(join(noMailDir(ccDmDir), String(claudePid)));
  } catch {
    // Not there.
  }
}

/**
 * After a COMMIT that may give someone mail: remove every marker that names one of
 * `recipients` (null: every marker), and any marker that cannot be read. Never throws.
 */
export function clearNoMailMarks(ccDmDir: string, recipients: readonly string[] | null): void {
  const dir = noMailDir(ccDmDir);
  let entries: Deno.DirEntry[];
  try {
    const info = Deno.lstatSync(dir);
    // A link in its place is never followed (the sh check refuses it too).
    if (!info.isDirectory) return;
    entries = [...Deno.readDirSync(dir)];
  } catch {
    return; // No hook ever wrote one.
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    try {
      if (recipients !== null && entry.isFile && !entry.name.endsWith(".tmp")) {
        const { names } = JSON.parse(Deno.readTextFileSync(path)) as { names?: unknown };
        if (Array.isArray(names) && !recipients.some((r) => names.includes(r))) continue;
      }
      Deno.removeSync(path);
    } catch {
      // Gone already, or being replaced: a marker written after this COMMIT re-checks the bus.
    }
  }
}

/** Remove the markers of Claude Code processes that are gone (their pid may be reused). Never throws. */
export function pruneNoMailMarks(ccDmDir: string, alive: (pid: number) => boolean): void {
  try {
    for (const entry of Deno.readDirSync(noMailDir(ccDmDir))) {
      const pid = Number(entry.name);
      if (entry.isFile && Number.isInteger(pid) && !alive(pid)) removeNoMailMark(ccDmDir, pid);
    }
  } catch {
    // No markers yet.
  }
}
