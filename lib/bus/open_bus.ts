import type { Bus } from "./bus.ts";
import type { EngineOpenOptions } from "./engine.ts";
import { engineFor } from "./engines.ts";
import type { Env } from "../paths.ts";

export type OpenBusOptions = EngineOpenOptions;

/**
 * Open the bus the environment points at (engineFor: CC_DM_BUS_URL, else the SQLite bus in
 * CC_DM_HOME). Throws BusError (lib/bus/errors.ts) when it cannot be opened, "missing" with
 * `mustExist` and no bus, and CcDmError for a CC_DM_BUS_URL no engine takes.
 */
export function openBus(env: Env, options: OpenBusOptions = {}): Promise<Bus> {
  return engineFor(env).open(options);
}
