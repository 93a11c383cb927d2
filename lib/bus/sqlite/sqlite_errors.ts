import { CcDmError } from "../../errors.ts";
import { BusError, type BusErrorKind } from "../errors.ts";

// SQLite reports trouble as bare sentences ("database or disk is full"), and node:sqlite gives
// no result code. These name each kind once, so every command and tool says what happened
// and the safe next step; none of the steps loses mail.

/** The kinds of bus failure SQLite names (a part of BusErrorKind). */
export type SqliteFailure = Extract<
  BusErrorKind,
  "locked" | "full" | "io" | "corrupt" | "readonly" | "cantopen"
>;

const PATTERNS: [SqliteFailure, RegExp][] = [
  ["locked", /database (table )?is locked|database is busy|SQLITE_BUSY/i],
  ["full", /database or disk is full|SQLITE_FULL|no space left/i],
  ["io", /disk I\/O error|SQLITE_IOERR/i],
  ["corrupt", /malformed|file is not a database|SQLITE_CORRUPT|SQLITE_NOTADB/i],
  ["readonly", /readonly database|read-only/i],
  ["cantopen", /unable to open database/i],
];

/** Which kind of SQLite failure an error text names, or undefined. */
export function failureOfText(text: string): SqliteFailure | undefined {
  return PATTERNS.find(([, pattern]) => pattern.test(text))?.[0];
}

/** Which kind of SQLite failure `err` is, or undefined for anything else. */
export function sqliteFailure(err: unknown): SqliteFailure | undefined {
  const e = err as { code?: unknown; message?: unknown };
  if (!(err instanceof Error) || err instanceof CcDmError) return undefined;
  if (e.code !== "ERR_SQLITE_ERROR" && !/sqlite|database/i.test(String(e.message))) return undefined;
  return PATTERNS.find(([, pattern]) => pattern.test(String(e.message)))?.[0];
}

/** Say what happened and the safe step for it. */
export function describeFailure(failure: SqliteFailure): { reason: string; hint: string } {
  switch (failure) {
    case "locked":
      return {
        reason: "it is locked by another process (waited 5 s)",
        hint: "Retry in a moment; if it persists, `cc-dm doctor` shows which process holds it.",
      };
    case "full":
      return {
        reason: "the disk is full",
        hint:
          "Free space on that disk, then retry; the bus and its queued mail are intact (do not move bus.db aside).",
      };
    case "io":
      return {
        reason: "disk I/O error",
        hint:
          "Check the disk (dmesg); the bus is not necessarily damaged. Copy bus.db, bus.db-wal and bus.db-shm together before any repair.",
      };
    case "corrupt":
      return {
        reason: "the database file is damaged",
        hint:
          "Run `cc-dm doctor`: it copies the bus (bus.db with its -wal and -shm) before starting a new one, so nothing is thrown away.",
      };
    case "readonly":
      return {
        reason: "it is read-only for this process",
        hint: "Check owner and mode of the cc-dm directory and its files (`cc-dm doctor`).",
      };
    case "cantopen":
      return {
        reason: "the file cannot be opened",
        hint: "Check that the cc-dm directory exists and belongs to you (`cc-dm doctor`).",
      };
  }
}

/** `err` as a clear BusError when it is a known SQLite failure; any other error unchanged. */
export function busError(err: unknown, location: string): unknown {
  const failure = sqliteFailure(err);
  if (!failure) return err;
  const { reason, hint } = describeFailure(failure);
  return new BusError(failure, `Cannot use bus ${JSON.stringify(location)}: ${reason}`, hint);
}

/**
 * What opening the bus at `file` threw, as the error to report: BusError "missing" for a
 * missing file when it had to exist, a BusError of the SQLite failure's kind, CcDmError
 * unchanged, anything else a BusError "cantopen" with its text.
 */
export function openError(err: unknown, file: string, mustExist: boolean): unknown {
  if (err instanceof Deno.errors.NotFound && mustExist) {
    return new BusError(
      "missing",
      `Cannot open bus ${JSON.stringify(file)}: file does not exist`,
      "Start a session with `cc-dm channel` (Claude Code does this), or send a message with `cc-dm send`.",
    );
  }
  if (err instanceof CcDmError) return err;
  const failure = sqliteFailure(err);
  if (failure) {
    const { reason, hint } = describeFailure(failure);
    return new BusError(failure, `Cannot open bus ${JSON.stringify(file)}: ${reason}`, hint);
  }
  const text = err instanceof Error ? err.message : String(err);
  return new BusError(
    "cantopen",
    `Cannot open bus ${JSON.stringify(file)}: ${text}`,
    "Run `cc-dm doctor` to check the bus.",
  );
}
