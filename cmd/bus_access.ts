import type { Bus } from "../lib/bus/bus.ts";
import { openBus } from "../lib/bus/open_bus.ts";
import { CcDmError } from "../lib/errors.ts";
import { busFile, ccDmHome } from "../lib/paths.ts";
import type { Io } from "./io.ts";

/** SQLite's busy codes (SQLITE_BUSY, SQLITE_LOCKED) and their extended forms. */
function isLocked(err: unknown): boolean {
  const e = err as { errcode?: number; message?: string };
  const primary = typeof e.errcode === "number" ? e.errcode & 0xff : undefined;
  return primary === 5 || primary === 6 || /database (table )?is locked/i.test(e.message ?? "");
}

function lockedError(location: string): CcDmError {
  return new CcDmError(
    `Cannot use bus ${JSON.stringify(location)}: it is locked by another process (waited 5 s)`,
    1,
    "Retry in a moment; if it persists, `cc-dm doctor` shows which process holds it.",
  );
}

/**
 * Open the bus, run `work`, close the bus. Read commands pass `mustExist` so a missing bus
 * is one clear error instead of an empty one being created; a lock held past SQLite's busy
 * timeout becomes one clear error too, whichever statement hit it.
 */
export async function withBus<T>(
  io: Io,
  options: { mustExist: boolean; ifMissing?: () => Promise<T> },
  work: (bus: Bus) => Promise<T>,
): Promise<T> {
  // A fresh machine has no bus yet: a read command shows what that means (no sessions, no
  // traffic) instead of failing, and creates nothing.
  if (options.mustExist && options.ifMissing && !busExists(io)) return await options.ifMissing();
  let bus: Bus;
  try {
    bus = openBus(io.env, { mustExist: options.mustExist, note: (text) => io.stderr(`cc-dm: ${text}\n`) });
  } catch (err) {
    if (err instanceof CcDmError && /locked/i.test(err.message)) {
      throw lockedError(err.message.match(/"([^"]+)"/)?.[1] ?? "bus");
    }
    throw err;
  }
  try {
    return await work(bus);
  } catch (err) {
    if (!(err instanceof CcDmError) && isLocked(err)) throw lockedError(bus.location);
    throw err;
  } finally {
    bus.close();
  }
}

/** Whether the bus file the environment points at exists (CC_DM_BUS_URL engines: assumed). */
export function busExists(io: Pick<Io, "env">): boolean {
  if (io.env.CC_DM_BUS_URL?.trim()) return true;
  try {
    Deno.statSync(busFile(ccDmHome(io.env)));
    return true;
  } catch {
    return false;
  }
}

/** Wait until the bus exists (the first session or message creates it); false when aborted. */
export async function waitForBus(io: Pick<Io, "env">, signal: AbortSignal, pollMs = 500): Promise<boolean> {
  while (!signal.aborted) {
    if (busExists(io)) return true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });
  }
  return false;
}
