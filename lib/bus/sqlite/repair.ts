import type { DatabaseSync } from "node:sqlite";
import { tighten } from "../../private_files.ts";
import { SCHEMA_VERSION } from "./schema.ts";
import { openExisting, sessionFromRow } from "./sqlite_bus.ts";
import { COUNT_PENDING, RELEASE_HOLDER_CLAIMS } from "./pending_sql.ts";

// `doctor --fix` repairs only what is safe: modes (tightened, never loosened) and rows of
// sessions whose process is gone. A row with mail waiting is kept (marked offline) so the mail
// is delivered when a session takes the name again; one without mail is deleted.

/** Apply the safe repairs to the bus file of `dir`; returns one sentence per thing done. */
export function repairBus(dir: string, file: string, now: number): string[] {
  const done: string[] = [];
  const fixes = [
    // The top directory may be the user's own link (dotfiles elsewhere): tighten its target.
    tighten(realPath(dir), 0o700),
    ...["", "-wal", "-shm"].map((suffix) => tighten(file + suffix, 0o600)),
  ];
  for (const fix of fixes) {
    if (fix) done.push(`Tightened ${fix.path} from ${fix.from.toString(8)} to ${fix.to.toString(8)}.`);
  }
  try {
    Deno.statSync(file);
  } catch {
    return done;
  }
  let db: DatabaseSync;
  try {
    db = openExisting(file);
  } catch {
    return done;
  }
  try {
    db.exec("PRAGMA busy_timeout = 5000");
    const version = (db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
    if (version !== SCHEMA_VERSION) return done; // bus.schema reports it; leave it to a real open
    done.push(...forgetDeadSessions(db, now));
  } catch {
    // A damaged file: bus.integrity reports it; nothing here is safe to repair.
  } finally {
    db.close();
  }
  return done;
}

function forgetDeadSessions(db: DatabaseSync, now: number): string[] {
  const here = Deno.hostname();
  const deleted: string[] = [];
  const offline: string[] = [];
  db.exec("BEGIN IMMEDIATE");
  try {
    const rows =
      (db.prepare("SELECT * FROM sessions WHERE instance IS NOT NULL").all() as Record<string, unknown>[])
        .map((r) => sessionFromRow(r, now, here));
    const waiting = db.prepare(COUNT_PENDING);
    for (const row of rows) {
      if (row.online) continue;
      // `instance = ?` keeps a session that took the name meanwhile safe from this repair.
      if (Number((waiting.get(row.name) as { n: number }).n) === 0) {
        db.prepare("DELETE FROM sessions WHERE name = ? AND instance = ?").run(row.name, row.instance);
        deleted.push(row.name);
      } else {
        db.prepare(`UPDATE sessions SET pid = NULL, pid_start = NULL, instance = NULL
          WHERE name = ? AND instance = ?`).run(row.name, row.instance);
        // Its unacknowledged claims go back to the queue, as when a session leaves.
        db.prepare(RELEASE_HOLDER_CLAIMS).run(row.name, row.instance);
        offline.push(row.name);
      }
    }
    db.exec("COMMIT");
  } catch (err) {
    db.exec("ROLLBACK");
    throw err;
  }
  const done: string[] = [];
  if (deleted.length) {
    done.push(
      `Removed ${deleted.length} row${deleted.length === 1 ? "" : "s"} of sessions whose process is gone (${
        listNames(deleted)
      }).`,
    );
  }
  if (offline.length) {
    done.push(
      `Marked ${offline.length} session${
        offline.length === 1 ? "" : "s"
      } whose process is gone as offline; ` +
        `their waiting mail is kept for when the name is taken again (${listNames(offline)}).`,
    );
  }
  return done;
}

function realPath(path: string): string {
  try {
    return Deno.realPathSync(path);
  } catch {
    return path;
  }
}

/** Up to `max` names, then `+N more` (as doctor lists names). */
function listNames(names: string[], max = 5): string {
  const shown = names.slice(0, max).join(", ");
  return names.length > max ? `${shown}, +${names.length - max} more` : shown;
}
