import type { Env } from "../paths.ts";
import { CcDmError } from "../errors.ts";
import * as rules from "../mail/input_limits.ts";
import { firstMatch, parsePatternList, type Party } from "./sender_pattern.ts";

/**
 * Rules a session's operator puts on what its own model may send (cc-dm 1.3.1's variables).
 * They bind the `dm` / `broadcast` / `approve` / `deny` tools of that session's channel; people
 * at the command line are not bound by their own environment, and recipients protect
 * themselves with receiver rules (receiver_rules.ts).
 */
export interface SenderPolicy {
  /** Roles allowed to broadcast (CC_DM_BROADCAST_ALLOWED_ROLES); null: every role. */
  broadcastRoles: string[] | null;
  /** The only recipients a dm may go to (CC_DM_DM_ALLOWLIST); null: anyone in reach. */
  dmAllow: string[] | null;
  /** Recipients a dm may never go to (CC_DM_DM_BLOCKLIST); null: none. */
  dmBlock: string[] | null;
}

export const OPEN_POLICY: SenderPolicy = { broadcastRoles: null, dmAllow: null, dmBlock: null };

/** Read the sender rules; a bad entry, or an allowlist and a blocklist together, is a start-up error. */
export function senderPolicyFromEnv(env: Env): SenderPolicy {
  const dmAllow = parsePatternList(env.CC_DM_DM_ALLOWLIST, "CC_DM_DM_ALLOWLIST");
  const dmBlock = parsePatternList(env.CC_DM_DM_BLOCKLIST, "CC_DM_DM_BLOCKLIST");
  if (dmAllow && dmBlock) {
    throw new CcDmError(
      "CC_DM_DM_ALLOWLIST and CC_DM_DM_BLOCKLIST are both set: use one of them, not both",
      2,
      "Keep CC_DM_DM_ALLOWLIST (only these recipients) or CC_DM_DM_BLOCKLIST (all but these) in the server's env.",
    );
  }
  return { broadcastRoles: roleList(env.CC_DM_BROADCAST_ALLOWED_ROLES), dmAllow, dmBlock };
}

function roleList(raw: string | undefined): string[] | null {
  if (raw === undefined || raw.trim() === "") return null;
  const roles = raw.split(",").filter((r) => r.trim() !== "").map((r) => {
    try {
      return rules.tag(r, "role");
    } catch (err) {
      throw new CcDmError(`Invalid CC_DM_BROADCAST_ALLOWED_ROLES entry: ${(err as Error).message}`, 2);
    }
  });
  return roles.length ? roles : null;
}

/** Why `sender` may not broadcast under `policy`, or undefined when it may. */
export function broadcastRefusal(policy: SenderPolicy, sender: Party): string | undefined {
  if (!policy.broadcastRoles || policy.broadcastRoles.includes(sender.role)) return undefined;
  return `role "${sender.role}" may not broadcast: CC_DM_BROADCAST_ALLOWED_ROLES of this session allows only ${
    policy.broadcastRoles.join(", ")
  }`;
}

/**
 * Why a dm to `recipient` is against `policy`, or undefined when it is allowed. A recipient
 * that never registered is known only by name, so role: and project: entries cannot match it.
 */
export function recipientRefusal(policy: SenderPolicy, recipient: Party): string | undefined {
  if (policy.dmBlock) {
    const hit = firstMatch(policy.dmBlock, recipient);
    if (hit) return `CC_DM_DM_BLOCKLIST of this session blocks "${recipient.name}" (entry ${hit})`;
  }
  if (policy.dmAllow && !firstMatch(policy.dmAllow, recipient)) {
    return `"${recipient.name}" is not in CC_DM_DM_ALLOWLIST of this session (${policy.dmAllow.join(", ")})`;
  }
  return undefined;
}
