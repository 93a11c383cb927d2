import type { Bus, Delivery, StoredMessage } from "./bus/bus.ts";
import type { Membership } from "./membership.ts";
import { type DmRequest, type Receipt, sendDm } from "./post.ts";
import type { Identity } from "./membership.ts";

/** Backstop when a wake-up is lost: look for the reply anyway this often. */
export const ASK_SAFETY_POLL_MS = 2_000;
/**
 * Other mail for the asking name is claimed but left unacknowledged, so it is handed back when
 * the ask leaves. A long lease keeps the loop from claiming the same messages over and over.
 */
const OTHER_MAIL_LEASE_MS = 24 * 3600_000;
const BATCH = 100;

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

/** Whether `message` answers `question`: later, and in its thread or replying to it. */
export function isReplyTo(message: StoredMessage, question: StoredMessage): boolean {
  return message.id > question.id &&
    (message.threadId === question.threadId || message.inReplyTo === String(question.id));
}

/**
 * Send a question and wait for the first reply in its thread. Woken by the bus when mail for
 * the asking name arrives (no busy polling); the reply is acknowledged, anything else sent to
 * the name meanwhile stays queued for it.
 */
export async function askAndWait(options: AskOptions): Promise<AskResult> {
  const { bus, member, now, signal } = options;
  const name = member.identity?.name;
  if (!name) throw new Error("askAndWait needs a membership that holds a name");
  // Subscribe before sending: a reply that comes back within a millisecond still wakes us.
  const subscription = bus.subscribe(name);
  try {
    const receipt = await sendDm(bus, { ...options.sender, name }, options.request, now());
    options.onSent?.(receipt);
    const question = receipt.message;
    const deadline = options.timeoutMs === null ? Infinity : now() + options.timeoutMs;
    const aborted = new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      signal.addEventListener("abort", () => resolve(), { once: true });
    });
    while (true) {
      if (signal.aborted) return { outcome: "interrupted", receipt };
      const batch = await bus.claimDeliveries(name, member.instance, now(), OTHER_MAIL_LEASE_MS, BATCH);
      const reply: Delivery | undefined = batch.find((d) => isReplyTo(d.message, question));
      if (reply) {
        await bus.ackDeliveries([reply.deliveryId], member.instance, now());
        return { outcome: "reply", receipt, reply: reply.message };
      }
      if (batch.length === BATCH) continue;
      const left = deadline - now();
      if (left <= 0) return { outcome: "timeout", receipt };
      await Promise.race([
        subscription.next(Math.min(left, options.safetyPollMs ?? ASK_SAFETY_POLL_MS)),
        aborted,
      ]);
    }
  } finally {
    subscription.close();
  }
}
