import type { Bus } from "./bus.ts";

// One BusEngine per engine, in lib/bus/<engine>/engine.ts: it opens the bus, says whether one
// exists, and inspects and repairs it for doctor. Its layout (files, wake directory, tables)
// and its wake mode stay private to it; nothing outside lib/bus/<engine>/ knows them.

/** The engine-level clock: every time the bus stores comes from it (tests move it). */
export interface BusClock {
  now(): number;
}

export interface EngineOpenOptions {
  /** Where notes about repairs go (stderr in the CLI and in `channel`). */
  note?: (text: string) => void;
  /** Fail with BusError "missing" instead of creating a missing bus (read-only commands). */
  mustExist?: boolean;
  /**
   * Look only (doctor): never create, migrate, move aside or fix modes; a bus that would need
   * any of that throws BusError ("missing", "schema", ...). Implies mustExist.
   */
  readOnly?: boolean;
  /** The clock that stamps every stored time; default the system clock. */
  clock?: BusClock;
}

/** One line of doctor's report about the engine's own state (its group is "bus"). */
export interface EngineCheck {
  /** Stable id, `bus.<name>` (e.g. `bus.modes`). */
  id: string;
  status: "ok" | "warn" | "fail";
  message: string;
  /** What to run or change; only when the status is not ok. */
  hint?: string;
}

export interface BusEngine {
  readonly kind: "sqlite" | "postgres";
  /** Where the bus lives (a file path, a URL without its password): always safe to print. */
  readonly location: string;
  /**
   * Open the bus (creating it unless `mustExist`). Throws BusError: "missing" (mustExist, no
   * bus), "locked", "corrupt", "cantopen", "unreachable", "denied", "schema", ...
   */
  open(options?: EngineOpenOptions): Promise<Bus>;
  /**
   * Cheap "is there a bus that may hold mail" (the hook's fast path, read commands on a fresh
   * machine). SQLite: the file exists; PostgreSQL: true (configured). Never throws.
   */
  exists(): Promise<boolean>;
  /** Doctor's engine checks (location, privacy, integrity, schema, size); creates and changes nothing. Never throws. */
  inspect(): Promise<EngineCheck[]>;
  /**
   * The safe repairs (doctor --fix): modes, rows of sessions whose process is gone. One line
   * per thing done (status "ok", message says what). Never throws.
   */
  repair(): Promise<EngineCheck[]>;
}
