import { CcDmError } from "../errors.ts";

// Engine-neutral bus failures. Each engine translates its driver's errors (SQLite's sentences,
// PostgreSQL's SQLSTATE codes) into one of these kinds, so commands and tools say what
// happened and the safe next step without knowing which engine answered.

/**
 * The kinds of bus failure a user can act on differently:
 * - `locked`: another process holds the write lock past the engine's wait (retry);
 * - `full`: the disk (or the database's quota) is full;
 * - `io`: an I/O error from the storage;
 * - `corrupt`: the stored bus is damaged;
 * - `readonly`: this process may read but not write;
 * - `cantopen`: the bus cannot be opened at all (directory, permissions);
 * - `missing`: there is no bus yet and the caller asked not to create one;
 * - `unreachable`: a bus server cannot be reached (network, server down);
 * - `denied`: the server refused this user (authentication, grants);
 * - `schema`: the bus has a schema this cc-dm cannot use (newer, or needs a migration it may not run).
 */
export type BusErrorKind =
  | "locked"
  | "full"
  | "io"
  | "corrupt"
  | "readonly"
  | "cantopen"
  | "missing"
  | "unreachable"
  | "denied"
  | "schema";

/**
 * A bus that cannot be used now, with the kind of failure; a write that failed this way stored
 * nothing. The message names the bus location (safe to print) and the reason; the hint says
 * what to check.
 */
export class BusError extends CcDmError {
  constructor(readonly kind: BusErrorKind, message: string, hint: string) {
    super(message, 1, hint);
    this.name = "BusError";
  }
}

/** Whether `err` is a BusError (of `kind`, when given). */
export function isBusError(err: unknown, kind?: BusErrorKind): err is BusError {
  return err instanceof BusError && (kind === undefined || err.kind === kind);
}
