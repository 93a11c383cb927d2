import type { Bus, SessionRow, StoredMessage } from "../../lib/bus/bus.ts";
import { openBus } from "../../lib/bus/open_bus.ts";
import { busUrlOf } from "./temp_home.ts";

// What a test checks on the bus it ran against, read through the Bus contract (never with the
// engine's own SQL): the same checks then hold on every engine. Each call opens the bus
// (read-only where it only reads: nothing created, migrated or fixed) and closes it again.

/** Run `read` on the bus of `ccDmHome` (`writes`: it may write, so not a read-only open). */
export async function readBus<T>(
  ccDmHome: string,
  read: (bus: Bus) => Promise<T>,
  writes = false,
): Promise<T> {
  const url = busUrlOf(ccDmHome);
  const env = url ? { CC_DM_HOME: ccDmHome, CC_DM_BUS_URL: url } : { CC_DM_HOME: ccDmHome };
  const bus = await openBus(env, writes ? { mustExist: true } : { readOnly: true });
  try {
    return await read(bus);
  } finally {
    await bus.close();
  }
}

/** Every stored message, oldest first. */
export function storedMessages(ccDmHome: string): Promise<StoredMessage[]> {
  return readBus(ccDmHome, (bus) => bus.history({ limit: 1_000_000 }));
}

/** Every session row, as the bus returns them. */
export function sessionRows(ccDmHome: string): Promise<SessionRow[]> {
  return readBus(ccDmHome, (bus) => bus.sessions());
}

/** One session row, or undefined. */
export function sessionRow(ccDmHome: string, name: string): Promise<SessionRow | undefined> {
  return readBus(ccDmHome, (bus) => bus.session(name));
}

/** Undelivered messages waiting for `recipient` (for anyone when omitted). */
export function undelivered(ccDmHome: string, recipient?: string): Promise<number> {
  return readBus(ccDmHome, async (bus) =>
    (await bus.queuedMail())
      .filter((q) => recipient === undefined || q.recipient === recipient)
      .reduce((n, q) => n + q.count, 0));
}

/**
 * How many of `recipient`'s undelivered messages nobody holds a claim on: a throwaway claimer
 * takes what it can and gives it straight back.
 */
export function unclaimed(ccDmHome: string, recipient: string): Promise<number> {
  return readBus(ccDmHome, async (bus) => {
    const claimer = `test:${crypto.randomUUID()}`;
    const taken = await bus.claimDeliveries(recipient, claimer, 60_000, 1_000_000);
    await bus.releaseDeliveries(taken.map((d) => d.deliveryId), claimer);
    return taken.length;
  }, true);
}
