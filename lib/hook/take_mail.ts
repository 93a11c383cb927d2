import type { Bus } from "../bus/bus.ts";
import { CLAIM_LEASE_MS } from "../channel/delivery_loop.ts";
import { collectWithinBudget, formatMessages } from "./format.ts";

/** Mail a hook claimed and is about to show: acknowledge it once the output is written. */
export interface TakenMail {
  /** What to show the model: framing and tagged messages. */
  text: string;
  deliveryIds: number[];
  messageIds: number[];
  claimer: string;
}

/** The claimer id of one hook process (claims are leased to it). */
export function hookClaimer(pid = Deno.pid): string {
  return `hook:${pid}`;
}

/**
 * Claim undelivered mail of `name`, one message at a time until the output budget is spent,
 * and format it; null when none is waiting. Claims are atomic, so a waiting Stop hook, a
 * PostToolUse hook and the channel never take the same message; a claim not acknowledged
 * (the hook was killed) returns to the queue after the lease.
 */
export async function takeMail(
  bus: Bus,
  name: string,
  claimer: string,
): Promise<TakenMail | null> {
  const taken = await collectWithinBudget(async () =>
    (await bus.claimDeliveries(name, claimer, CLAIM_LEASE_MS, 1))[0] ?? null
  );
  if (taken.length === 0) return null;
  return {
    text: formatMessages(taken.map((t) => t.block), name),
    deliveryIds: taken.map((t) => t.deliveryId),
    messageIds: taken.map((t) => t.message.id),
    claimer,
  };
}

/** Mark shown mail delivered. */
export async function ackMail(bus: Bus, mail: TakenMail): Promise<void> {
  await bus.ackDeliveries(mail.deliveryIds, mail.claimer);
}
