import { join } from "node:path";
import type { Bus } from "../bus.ts";
import type { BusEngine, EngineCheck, EngineOpenOptions } from "../engine.ts";
import { CcDmError } from "../../errors.ts";
import type { Env } from "../../paths.ts";
import { inspectionChecks } from "./inspect.ts";
import { repairBus } from "./repair.ts";
import { SqliteBus } from "./sqlite_bus.ts";

// The SQLite engine: one WAL database file in the cc-dm directory, shared by every process of
// one user, with a directory of wake-up sockets beside it. Its layout and its wake mode live
// here only; nothing outside lib/bus/sqlite/ knows the bus is a file.

/** Where the SQLite bus lives inside the cc-dm directory. */
export function busFile(home: string): string {
  return join(home, "bus.db");
}

/** Directory of per-recipient wake-up sockets. */
export function wakeDir(home: string): string {
  return join(home, "wake");
}

/**
 * CC_DM_WAKE: "watch" (default: wake-up sockets) or "poll" (readers poll at their own period,
 * the 1.x design, for comparison and for file systems without sockets).
 */
export function wakeMode(env: Env): "watch" | "poll" {
  const mode = env.CC_DM_WAKE?.trim() || "watch";
  if (mode !== "watch" && mode !== "poll") {
    throw new CcDmError(`Invalid CC_DM_WAKE ${JSON.stringify(mode)}: use watch or poll`, 2);
  }
  return mode;
}

/** The SQLite engine of one cc-dm directory. */
export class SqliteEngine implements BusEngine {
  readonly kind = "sqlite" as const;
  readonly location: string;
  readonly #home: string;
  readonly #env: Env;

  /** `env` gives the wake mode (CC_DM_WAKE), checked when the bus is opened. */
  constructor(home: string, env: Env = {}) {
    this.#home = home;
    this.#env = env;
    this.location = busFile(home);
  }

  /** Open (or, unless `mustExist`, create) the bus; throws BusError (see BusEngine.open). */
  async open(options: EngineOpenOptions = {}): Promise<Bus> {
    return await SqliteBus.open({
      dir: this.#home,
      file: this.location,
      wakeDir: wakeDir(this.#home),
      wake: wakeMode(this.#env),
      ...options,
    });
  }

  exists(): Promise<boolean> {
    try {
      Deno.lstatSync(this.location);
      return Promise.resolve(true);
    } catch {
      return Promise.resolve(false);
    }
  }

  inspect(): Promise<EngineCheck[]> {
    return Promise.resolve(inspectionChecks(this.#home, this.location));
  }

  repair(): Promise<EngineCheck[]> {
    return Promise.resolve(
      repairBus(this.#home, this.location, Date.now()).map((message) => ({
        id: "bus.repair",
        status: "ok" as const,
        message,
      })),
    );
  }
}
