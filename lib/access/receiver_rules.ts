import type { SessionRow } from "../bus/bus.ts";
import type { Env } from "../paths.ts";
import { firstMatch, parsePatternList, type Party } from "./sender_pattern.ts";

// Receiver-side rules: a session says which senders it accepts (CC_DM_ACCEPT_FROM) and which it
// refuses (CC_DM_REJECT_FROM). They are published in its session row when it registers, and the
// SENDER's process checks them before storing anything (lib/mail/routing.ts), so a refused message is
// reported to its sender at once and never silently dropped. Both may be set: a sender must match
// an accept entry (when there are any) and no reject entry.

/** The receiver rules a channel publishes, from its environment (null: no rule). */
export interface ReceiverRules {
  acceptFrom: string[] | null;
  rejectFrom: string[] | null;
}

export function receiverRulesFromEnv(env: Env): ReceiverRules {
  return {
    acceptFrom: parsePatternList(env.CC_DM_ACCEPT_FROM, "CC_DM_ACCEPT_FROM"),
    rejectFrom: parsePatternList(env.CC_DM_REJECT_FROM, "CC_DM_REJECT_FROM"),
  };
}

/** Why `recipient` refuses mail from `sender`, or undefined when it accepts it. */
export function receiverRefusal(
  recipient: Pick<SessionRow, "name" | "acceptFrom" | "rejectFrom">,
  sender: Party,
): string | undefined {
  if (recipient.rejectFrom) {
    const hit = firstMatch(recipient.rejectFrom, sender);
    if (hit) {
      return `"${recipient.name}" refuses messages from "${sender.name}" (its CC_DM_REJECT_FROM: ${hit})`;
    }
  }
  if (recipient.acceptFrom && !firstMatch(recipient.acceptFrom, sender)) {
    return `"${recipient.name}" accepts messages only from ${
      recipient.acceptFrom.join(", ")
    } (its CC_DM_ACCEPT_FROM), not from "${sender.name}"`;
  }
  return undefined;
}
