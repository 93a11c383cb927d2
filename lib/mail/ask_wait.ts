import type { Bus, Delivery, StoredMessage } from "../bus/bus.ts";
import type { Membership } from "../sessions/membership.ts";
import { type DmRequest, type Receipt, sendDm } from "./routing.ts";
import type { Identity } from "../sessions/membership.ts";

/** Backstop when a wake-up is lost: look for the reply anyway this often. */
export const ASK_SAFETY_POLL_MS = 2_000;
/** A reply claimed but not acknowledged (ask killed mid-way) is handed out again after this. */
const REPLY_LEASE_MS = 30_000;

export interface AskOptions {
  bus: Bus;
  /** Holds the asking name (see holdCliName); replies are claimed as its instance. */
  member: Membership;
  /** Role and project of the asker; the name is the one `member` holds. */
  sender: Identity;
  request: DmRequest;
  now: () => number;
  /** Give up after this long; null waits until interrupted. */
  timeoutMs: number | null;
  signal: AbortSignal;
  /** Called once the question is stored (e.g. to tell the user it was only queued). */
  onSent?: (receipt: Receipt) => void;
  safetyPollMs?: number;
}

export type AskResult =
  | { outcome: "reply"; receipt: Receipt; reply: StoredMessage }
  | { outcome: "timeout"; receipt: Receipt }
  | { outcome: "interrupted"; receipt: Receipt };

/**
 * Send a question and wait for the first reply in its thread. Woken by the bus when mail for
 * the asking name arrives (no busy polling); the reply is acknowledged, anything else sent to
 * the name meanwhile stays queued for it, unclaimed.
 */
export async function askAndWait(options: AskOptions): Promise<AskResult> {
  const { bus, member, now, signal } = options;
  const name = member.identity?.name;
  if (!name) throw new Error("askAndWait needs a membership that holds a name");
  // Subscribe before sending: a reply that comes back within a millisecond still wakes us.
  const subscription = await bus.subscribe(name);
  try {
    const receipt = await sendDm(bus, { ...options.sender, name }, options.request);
    options.onSent?.(receipt);
    const question = receipt.message;
    const deadline = options.timeoutMs === null ? Infinity : now() + options.timeoutMs;
    const aborted = new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      signal.addEventListener("abort", () => resolve(), { once: true });
    });
    while (true) {
      if (signal.aborted) return { outcome: "interrupted", receipt };
      // Only the answers are claimed: other mail to this name stays queued, untouched.
      const [reply]: Delivery[] = await bus.claimDeliveries(name, member.instance, REPLY_LEASE_MS, 1, {
        threadId: question.threadId,
        messageId: question.id,
      });
      if (reply) {
        await bus.ackDeliveries([reply.deliveryId], member.instance);
        return { outcome: "reply", receipt, reply: reply.message };
      }
      const left = deadline - now();
      if (left <= 0) return { outcome: "timeout", receipt };
      await Promise.race([
        subscription.next(Math.min(left, options.safetyPollMs ?? ASK_SAFETY_POLL_MS)),
        aborted,
      ]);
    }
  } finally {
    await subscription.close();
  }
}
