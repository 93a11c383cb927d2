import { DatabaseSync } from "node:sqlite";
import { pathToFileURL } from "node:url";
import type { QueuedMail, SessionRow } from "../bus/bus.ts";
import { isLegacyBus } from "../bus/sqlite/legacy.ts";
import { SCHEMA_VERSION } from "../bus/sqlite/schema.ts";
import { sessionFromRow } from "../bus/sqlite/sqlite_bus.ts";
import { busFile, ccDmHome, type Env } from "../paths.ts";

// Doctor looks at the bus without going through SqliteBus: opening it that way would create a
// missing bus, migrate an old one and move a 1.x one aside, and doctor must only report.
// It opens read-write without create (`mode=rw`) rather than read-only: a read-only connection
// leaves -wal and -shm files behind, while the last read-write connection removes them on close.

/** Open an existing database file; never creates one (fails with "unable to open" instead). */
export function openExisting(file: string): DatabaseSync {
  const url = pathToFileURL(file);
  url.search = "?mode=rw";
  return new DatabaseSync(url);
}

/** Mode of one path of the bus (directory, database, -wal, -shm). */
export interface PathMode {
  path: string;
  kind: "dir" | "file";
  /** Permission bits, e.g. 0o600. */
  mode: number;
  uid: number | null;
}

export type DatabaseState =
  | { kind: "unreadable"; reason: string }
  | { kind: "legacy" }
  | {
    kind: "ok";
    journalMode: string;
    /** `PRAGMA quick_check` lines: ["ok"] when healthy. */
    quickCheck: string[];
    userVersion: number;
    /** Sessions and queued mail; only read when the schema is the current one. */
    contents: { sessions: SessionRow[]; queued: QueuedMail[]; messages: number } | null;
  };

export type BusInspection =
  | { state: "other_engine"; url: string }
  | { state: "absent"; dir: string; file: string; dirExists: boolean }
  | {
    state: "present";
    dir: string;
    file: string;
    modes: PathMode[];
    sizeBytes: number;
    walBytes: number;
    database: DatabaseState;
  };

/** Where the bus of `env` lives and what state it is in; creates and changes nothing. */
export function inspectBus(env: Env): BusInspection {
  const url = env.CC_DM_BUS_URL?.trim();
  if (url) return { state: "other_engine", url };
  const dir = ccDmHome(env);
  const file = busFile(dir);
  const dirMode = pathMode(dir, "dir");
  const fileMode = pathMode(file, "file");
  if (!fileMode) return { state: "absent", dir, file, dirExists: dirMode !== null };
  const modes = [dirMode, fileMode, pathMode(file + "-wal", "file"), pathMode(file + "-shm", "file")]
    .filter((m): m is PathMode => m !== null);
  return {
    state: "present",
    dir,
    file,
    modes,
    sizeBytes: fileSize(file),
    walBytes: fileSize(file + "-wal"),
    database: inspectDatabase(file),
  };
}

function pathMode(path: string, kind: PathMode["kind"]): PathMode | null {
  try {
    const info = Deno.statSync(path);
    return { path, kind, mode: (info.mode ?? 0) & 0o777, uid: info.uid };
  } catch {
    return null;
  }
}

function fileSize(path: string): number {
  try {
    return Deno.statSync(path).size;
  } catch {
    return 0;
  }
}

function inspectDatabase(file: string): DatabaseState {
  let db: DatabaseSync;
  try {
    db = openExisting(file);
  } catch (err) {
    return { kind: "unreadable", reason: (err as Error).message };
  }
  try {
    db.exec("PRAGMA busy_timeout = 1000");
    // The first read fails with "file is not a database" for a corrupted or foreign file.
    const userVersion = (db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
    if (isLegacyBus(db)) return { kind: "legacy" };
    const journalMode = String(
      (db.prepare("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode,
    );
    const quickCheck = (db.prepare("PRAGMA quick_check(5)").all() as { quick_check: string }[])
      .map((r) => String(r.quick_check));
    const contents = userVersion === SCHEMA_VERSION && quickCheck[0] === "ok" ? readContents(db) : null;
    return { kind: "ok", journalMode, quickCheck, userVersion, contents };
  } catch (err) {
    return { kind: "unreadable", reason: (err as Error).message };
  } finally {
    db.close();
  }
}

type Row = Record<string, unknown>;

function readContents(db: DatabaseSync): { sessions: SessionRow[]; queued: QueuedMail[]; messages: number } {
  const sessions = (db.prepare("SELECT * FROM sessions ORDER BY name").all() as Row[]).map(sessionOf);
  const queued = (db.prepare(`
    SELECT d.recipient, count(*) AS count, min(m.created_at) AS oldest
    FROM deliveries d JOIN messages m ON m.id = d.message_id
    WHERE d.delivered_at IS NULL GROUP BY d.recipient ORDER BY d.recipient`).all() as Row[])
    .map((r) => ({ recipient: String(r.recipient), count: Number(r.count), oldest: Number(r.oldest) }));
  const messages = Number((db.prepare("SELECT count(*) AS n FROM messages").get() as Row).n);
  return { sessions, queued, messages };
}

/** A `sessions` row of the current schema as the bus contract's SessionRow (the engine's own mapping). */
export const sessionOf = sessionFromRow;
