import type { Bus } from "../lib/bus/bus.ts";
import { engineFor } from "../lib/bus/engines.ts";
import type { Io } from "./io.ts";

/**
 * Open the bus, run `work`, close the bus. Read commands pass `mustExist` so a missing bus
 * is one clear error instead of an empty one being created. The engine turns its failures
 * (a lock held past its wait, a full disk, ...) into BusErrors that say what to do.
 */
export async function withBus<T>(
  io: Io,
  options: { mustExist: boolean; ifMissing?: () => Promise<T> },
  work: (bus: Bus) => Promise<T>,
): Promise<T> {
  const engine = engineFor(io.env);
  // A fresh machine has no bus yet: a read command shows what that means (no sessions, no
  // traffic) instead of failing, and creates nothing.
  if (options.mustExist && options.ifMissing && !(await engine.exists())) return await options.ifMissing();
  const bus = await engine.open({
    mustExist: options.mustExist,
    note: (text) => io.stderr(`cc-dm: ${text}\n`),
  });
  try {
    return await work(bus);
  } finally {
    await bus.close();
  }
}

/** Whether there is a bus that may hold mail (the engine says; a bus URL: assumed). */
export function busExists(io: Pick<Io, "env">): Promise<boolean> {
  return engineFor(io.env).exists();
}

/** Wait until the bus exists (the first session or message creates it); false when aborted. */
export async function waitForBus(io: Pick<Io, "env">, signal: AbortSignal, pollMs = 500): Promise<boolean> {
  while (!signal.aborted) {
    if (await busExists(io)) return true;
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
