import type { Bus } from "./bus.ts";
import { SqliteBus } from "./sqlite/sqlite_bus.ts";
import { busFile, ccDmHome, type Env, wakeDir } from "../paths.ts";
import { CcDmError } from "../errors.ts";
import { BusError, describeFailure, sqliteFailure } from "./sqlite/sqlite_errors.ts";

export interface OpenBusOptions {
  /** Where notes about repairs go (stderr in the CLI and in `channel`). */
  note?: (text: string) => void;
  /** Fail with a clear error instead of creating a missing bus (read-only commands). */
  mustExist?: boolean;
}

/**
 * Open the bus the environment points at. Today that is the SQLite file in the cc-dm
 * directory; `CC_DM_BUS_URL` is reserved for other engines (postgres://) and picks one here.
 */
export function openBus(env: Env, options: OpenBusOptions = {}): Bus {
  const url = env.CC_DM_BUS_URL?.trim();
  if (url) {
    throw new CcDmError(
      `Cannot open bus ${JSON.stringify(url)}: this cc-dm has only the SQLite engine`,
      1,
      "Unset CC_DM_BUS_URL to use the local bus in CC_DM_HOME (default ~/.cc-dm).",
    );
  }
  const dir = ccDmHome(env);
  const file = busFile(dir);
  try {
    return new SqliteBus({
      dir,
      file,
      wakeDir: wakeDir(dir),
      note: options.note,
      mustExist: options.mustExist,
    });
  } catch (err) {
    if (err instanceof Deno.errors.NotFound && options.mustExist) {
      throw new CcDmError(
        `Cannot open bus ${JSON.stringify(file)}: file does not exist`,
        1,
        "Start a session with `cc-dm channel` (Claude Code does this), or send a message with `cc-dm send`.",
      );
    }
    if (err instanceof CcDmError) throw err;
    const failure = sqliteFailure(err);
    if (failure) {
      const { reason, hint } = describeFailure(failure);
      throw new BusError(failure, `Cannot open bus ${JSON.stringify(file)}: ${reason}`, hint);
    }
    const text = err instanceof Error ? err.message : String(err);
    throw new CcDmError(
      `Cannot open bus ${JSON.stringify(file)}: ${text}`,
      1,
      "Run `cc-dm doctor` to check the bus.",
    );
  }
}
