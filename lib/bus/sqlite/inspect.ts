import { DatabaseSync } from "node:sqlite";
import type { EngineCheck } from "../engine.ts";
import { isLegacyBus } from "./legacy.ts";
import { SCHEMA_VERSION } from "./schema.ts";
import { openExisting } from "./sqlite_bus.ts";
import { failureOfText } from "./sqlite_errors.ts";

// Doctor's look at the SQLite bus, without going through SqliteBus: opening it that way would
// create a missing bus, migrate an old one and move a 1.x one aside, and doctor must only
// report. It opens read-write without create (`mode=rw`) rather than read-only: a read-only
// connection leaves -wal and -shm files behind, while the last read-write connection removes
// them on close.

/** A bus this large means mail is piling up somewhere (retention keeps a healthy one small). */
const LARGE_BUS_BYTES = 100 * 1024 * 1024;

const FIX_HINT = "cc-dm doctor --fix";

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
    /** Messages stored; only read when the schema is the current one. */
    messages: number | null;
  };

export type BusInspection =
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

/** Doctor's checks of the bus file in `dir`: location, modes, integrity, journal, schema, size. */
export function inspectionChecks(dir: string, file: string): EngineCheck[] {
  const b = inspectBus(dir, file);
  const db = b.state === "present" ? b.database : null;
  const current = db?.kind === "ok" ? db : null;
  const checks: (EngineCheck | null)[] = [
    { id: "bus.engine", status: "ok", message: `SQLite ${sqliteVersion()}: one WAL database file` },
    { id: "bus.file", ...fileFinding(b) },
    withId("bus.modes", modes(b)),
    b.state === "present" ? { id: "bus.integrity", ...integrity(b.file, b.database) } : null,
    current
      ? {
        id: "bus.journal",
        ...(current.journalMode === "wal" ? { status: "ok", message: "journal_mode wal" } as const : {
          status: "warn",
          message: `journal_mode is ${current.journalMode}, not wal: sessions may block each other`,
          hint: "Any cc-dm process switches it back to WAL when it opens the bus (e.g. `cc-dm who`).",
        } as const),
      }
      : null,
    current ? { id: "bus.schema", ...schema(current.userVersion) } : null,
    b.state === "present" ? { id: "bus.size", ...size(b, current?.messages ?? null) } : null,
  ];
  return checks.filter((c): c is EngineCheck => c !== null);
}

type Finding = Omit<EngineCheck, "id">;

function sqliteVersion(): string {
  const db = new DatabaseSync(":memory:");
  try {
    return (db.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v;
  } finally {
    db.close();
  }
}

function withId(id: string, finding: Finding | null): EngineCheck | null {
  return finding ? { id, ...finding } : null;
}

/** Where the bus of `dir` lives and what state it is in; creates and changes nothing. */
export function inspectBus(dir: string, file: string): BusInspection {
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
    const messages = userVersion === SCHEMA_VERSION && quickCheck[0] === "ok"
      ? Number((db.prepare("SELECT count(*) AS n FROM messages").get() as { n: number }).n)
      : null;
    return { kind: "ok", journalMode, quickCheck, userVersion, messages };
  } catch (err) {
    return { kind: "unreadable", reason: (err as Error).message };
  } finally {
    db.close();
  }
}

function fileFinding(bus: BusInspection): Finding {
  switch (bus.state) {
    case "absent":
      return {
        status: "warn",
        message: `no bus yet at ${bus.file}: no session has registered and nothing was sent`,
        hint:
          "Start a Claude Code session with cc-dm registered, or `cc-dm send`; the bus is created on first use.",
      };
    case "present":
      return { status: "ok", message: bus.file };
  }
}

function octal(mode: number): string {
  return mode.toString(8).padStart(3, "0");
}

function modes(bus: BusInspection): Finding | null {
  const paths: PathMode[] = bus.state === "present" ? bus.modes : [];
  if (bus.state === "absent") {
    if (!bus.dirExists) return null;
    try {
      const info = Deno.statSync(bus.dir);
      paths.push({ path: bus.dir, kind: "dir", mode: (info.mode ?? 0) & 0o777, uid: info.uid });
    } catch {
      return null;
    }
  }
  if (Deno.build.os === "windows") return { status: "ok", message: "modes not checked on Windows" };
  const uid = Deno.uid();
  const foreign = paths.filter((p) => p.uid !== null && uid !== null && p.uid !== uid);
  if (foreign.length > 0) {
    return {
      status: "warn",
      message: `${foreign.map((p) => p.path).join(", ")} belong${foreign.length === 1 ? "s" : ""} to uid ${
        foreign[0].uid
      }, not to you (uid ${uid})`,
      hint: `chown -R $(id -u) ${paths[0].path}`,
    };
  }
  const loose = paths.filter((p) => (p.mode & 0o077) !== 0);
  const shown = (list: PathMode[]) => list.map((p) => `${p.path} ${octal(p.mode)}`).join(", ");
  if (loose.length === 0) {
    return { status: "ok", message: "private: directory 700, files 600" };
  }
  // Others can read mail when they can enter the directory and read a file in it.
  const dir = paths.find((p) => p.kind === "dir");
  const enter = dir ? dir.mode & 0o011 : 0o011;
  const readable = paths.some((p) => p.kind === "file" && (((p.mode & 0o044) >> 2) & enter) !== 0);
  return {
    status: readable ? "fail" : "warn",
    message: readable
      ? `other users can read the bus: ${shown(loose)} (want directory 700, files 600)`
      : `looser than directory 700, files 600: ${shown(loose)}`,
    hint: FIX_HINT,
  };
}

function integrity(
  file: string,
  database: Extract<BusInspection, { state: "present" }>["database"],
): Finding {
  switch (database.kind) {
    case "unreadable":
      return unreadable(file, database.reason);
    case "legacy":
      return {
        status: "warn",
        message: `${file} is a cc-dm 1.x bus: the next cc-dm 2 process moves it aside and starts a new one`,
        hint: "Run `cc-dm who` (or start a session); 1.x mail expired after 15 s, so nothing is lost.",
      };
    case "ok":
      return database.quickCheck[0] === "ok" ? { status: "ok", message: "quick_check ok" } : {
        status: "fail",
        message: `quick_check found damage: ${database.quickCheck.slice(0, 2).join("; ")}`,
        hint: rescueHint(file),
      };
  }
}

/**
 * A bus doctor could not read, told apart by cause: each has its own safe step, and none of
 * them loses mail. A full disk, a held lock or an I/O error leaves a healthy bus behind;
 * moving bus.db away from its -wal would throw away everything not yet checkpointed.
 */
function unreadable(file: string, reason: string): Finding {
  const size = (path: string) => {
    try {
      return Deno.lstatSync(path).size;
    } catch {
      return -1;
    }
  };
  const failure = failureOfText(reason);
  // Missing, or the empty one doctor's own open just created, while the -shm is in use.
  if (failure === "io" && size(`${file}-wal`) <= 0 && size(`${file}-shm`) > 0) {
    return {
      status: "fail",
      message:
        `${file}-wal is missing while ${file}-shm says the bus is in use (deleted under running sessions?)`,
      hint:
        "Do not delete or move anything: the newest mail is in the -wal the running sessions still hold open. End those sessions normally (quit Claude Code); the last one writes it back into bus.db. Then run doctor again.",
    };
  }
  switch (failure) {
    case "locked":
      return {
        status: "warn",
        message: `${file} is locked by another process right now (${reason})`,
        hint: "Run doctor again in a moment; a lock held for long is a stuck process (`fuser " + file +
          "` shows it). Do not move or delete the bus: it is not damaged.",
      };
    case "full":
      return {
        status: "fail",
        message: `the disk that holds ${file} is full (${reason})`,
        hint:
          "Free space on that disk; the bus and its queued mail are intact. Do not move or delete bus.db or bus.db-wal.",
      };
    case "io":
      return {
        status: "fail",
        message: `I/O error reading ${file} (${reason})`,
        hint:
          `Check the disk (dmesg). Before anything else copy the three files together: \`cp -p ${file} ${file}-wal ${file}-shm /somewhere/safe/\`. Do not delete bus.db-wal: it holds the newest mail.`,
      };
    case "corrupt":
      return {
        status: "fail",
        message: `${file} is damaged: ${reason}`,
        hint: rescueHint(file),
      };
    default:
      return {
        status: "fail",
        message: `${file} cannot be read: ${reason}`,
        hint: "Check owner and mode of the cc-dm directory and its files; nothing needs moving.",
      };
  }
}

function rescueHint(file: string): string {
  return `Keep everything: copy bus.db with its -wal and -shm (\`cp -p ${file} ${file}-wal ${file}-shm /somewhere/safe/\`), rescue the mail from the copy (\`sqlite3 /somewhere/safe/bus.db .recover > mail.sql\`), then stop the sessions and move all three aside together; cc-dm creates a new bus on next use.`;
}

function schema(version: number): Finding {
  if (version === SCHEMA_VERSION) return { status: "ok", message: `schema version ${version} (current)` };
  if (version < SCHEMA_VERSION) {
    return {
      status: "warn",
      message: `schema version ${version}, current is ${SCHEMA_VERSION}: upgraded when a cc-dm opens it next`,
      hint: "Run `cc-dm who` to upgrade it now.",
    };
  }
  return {
    status: "fail",
    message: `schema version ${version} is newer than this cc-dm understands (${SCHEMA_VERSION})`,
    hint: "A newer cc-dm wrote the bus: upgrade this one (and run `cc-dm setup` with it).",
  };
}

function size(b: Extract<BusInspection, { state: "present" }>, messages: number | null): Finding {
  const total = b.sizeBytes + b.walBytes;
  const text = `${formatBytes(b.sizeBytes)} (WAL ${formatBytes(b.walBytes)})` +
    (messages !== null ? `, ${messages} message${messages === 1 ? "" : "s"} stored` : "");
  return total > LARGE_BUS_BYTES
    ? {
      status: "warn",
      message: `${text}: larger than ${formatBytes(LARGE_BUS_BYTES)}`,
      hint: "Delivered mail is pruned automatically; `cc-dm who` shows sessions with mail piling up.",
    }
    : { status: "ok", message: text };
}

/** `1.2 MiB`, `340 KiB`, `512 B` (as doctor writes sizes). */
function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
