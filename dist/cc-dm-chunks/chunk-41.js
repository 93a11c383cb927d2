// lib/bus/no_mail_marks.ts
import { join } from "node:path";
function noMailDir(ccDmDir) {
  return join(ccDmDir, "hooks", "nomail");
}
var NO_MAIL_CHECK = [
  `case \${CLAUDE_PID:-x} in *[!0-9]*) ;; *) case \${CC_DM_HOME:-} in [[:space:]]* | *[[:space:]]) ;; *)`,
  `d=\${CC_DM_HOME:-\${HOME:-/nonexistent}/.cc-dm}/hooks/nomail;`,
  `if [ -z "\${CC_DM_BUS_URL:-}" ] && [ -d "$d" ] && [ ! -h "$d" ] && [ -f "$d/$CLAUDE_PID" ] && [ ! -h "$d/$CLAUDE_PID" ];`,
  // The hook's JSON is read first: a large tool result does not fit the pipe, and Claude Code's
  // write must not fail on a hook that left early.
  `then cat >/dev/null 2>&1 || :; exit 0; fi;;`,
  `esac;; esac`
].join(" ");
function privateDir(dir) {
  try {
    Deno.mkdirSync(dir, {
      recursive: true,
      mode: 448
    });
    const info = Deno.lstatSync(dir);
    return info.isDirectory && !info.isSymlink;
  } catch {
    return false;
  }
}
function writeNoMailMark(ccDmDir, claudePid, names) {
  const hooks = join(ccDmDir, "hooks");
  const dir = noMailDir(ccDmDir);
  if (!privateDir(hooks) || !privateDir(dir)) return false;
  const file = join(dir, String(claudePid));
  const temp = `${file}.${Deno.pid}.${crypto.randomUUID()}.tmp`;
  try {
    const handle = Deno.openSync(temp, {
      createNew: true,
      write: true,
      mode: 384
    });
    try {
      handle.writeSync(new TextEncoder().encode(JSON.stringify({
        names
      })));
    } finally {
      handle.close();
    }
    Deno.renameSync(temp, file);
    return true;
  } catch {
    try {
      Deno.removeSync(temp);
    } catch {
    }
    return false;
  }
}
function removeNoMailMark(ccDmDir, claudePid) {
  try {
    Deno.removeSync(join(noMailDir(ccDmDir), String(claudePid)));
  } catch {
  }
}
function clearNoMailMarks(ccDmDir, recipients) {
  const dir = noMailDir(ccDmDir);
  let entries;
  try {
    const info = Deno.lstatSync(dir);
    if (!info.isDirectory) return;
    entries = [
      ...Deno.readDirSync(dir)
    ];
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    try {
      if (recipients !== null && entry.isFile && !entry.name.endsWith(".tmp")) {
        const { names } = JSON.parse(Deno.readTextFileSync(path));
        if (Array.isArray(names) && !recipients.some((r) => names.includes(r))) continue;
      }
      Deno.removeSync(path);
    } catch {
    }
  }
}
function pruneNoMailMarks(ccDmDir, alive) {
  try {
    for (const entry of Deno.readDirSync(noMailDir(ccDmDir))) {
      const pid = Number(entry.name);
      if (entry.isFile && Number.isInteger(pid) && !alive(pid)) removeNoMailMark(ccDmDir, pid);
    }
  } catch {
  }
}

export {
  noMailDir,
  NO_MAIL_CHECK,
  writeNoMailMark,
  removeNoMailMark,
  clearNoMailMarks,
  pruneNoMailMarks
};
