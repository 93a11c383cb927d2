import type { DatabaseSync } from "node:sqlite";

// cc-dm 1.x (Bun) kept `sessions(id, ...)` and `messages(..., delivered)` in the same file with
// user_version 0. Its undelivered mail expired after 15 s and its session rows after 60 s, so
// there is nothing worth carrying over: the file is moved aside intact, never rewritten.

/** True when the open database is a cc-dm 1.x bus. */
export function isLegacyBus(db: DatabaseSync): boolean {
  const version = (db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
  if (version !== 0) return false;
  const columns = (table: string) =>
    (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
  return columns("sessions").includes("id") && columns("messages").includes("delivered");
}

/** Rename the 1.x bus and its WAL files to `<path>.v1-<stamp>`; returns the new path. */
export function moveLegacyAside(path: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  const target = `${path}.v1-${stamp}`;
  for (const suffix of ["-wal", "-shm"]) {
    try {
      Deno.renameSync(path + suffix, target + suffix);
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
  }
  Deno.renameSync(path, target);
  return target;
}
