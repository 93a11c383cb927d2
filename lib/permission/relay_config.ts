import { CcDmError } from "../errors.ts";
import type { Env } from "../paths.ts";
import * as rules from "../mail/input_limits.ts";

/** How long a relayed request can be answered, as in cc-dm 1.3.1. */
export const DEFAULT_REQUEST_TTL_MS = 5 * 60_000;

/** Permission relay settings of one channel (same variables as cc-dm 1.3.1, plus the TTL). */
export interface RelayConfig {
  /** CC_DM_PERMISSION_RELAY=1: declare `claude/channel/permission` and relay requests. */
  enabled: boolean;
  /**
   * CC_DM_PERMISSION_APPROVER: the only name whose verdicts count (a session, or `cli:<name>`
   * for a person). Null: any session of the worker's project; an untagged worker then relays
   * nothing (it would let every session on the bus approve).
   */
  approver: string | null;
  /** CC_DM_PERMISSION_TTL_MS: a request expires this long after it was relayed. */
  ttlMs: number;
}

/** Read the relay settings; a malformed value is a start-up error naming the variable. */
export function relayConfigFromEnv(env: Env): RelayConfig {
  const flag = env.CC_DM_PERMISSION_RELAY?.trim().toLowerCase() ?? "";
  if (!["", "0", "1", "true", "false", "yes", "no", "on", "off"].includes(flag)) {
    throw new CcDmError(`Invalid CC_DM_PERMISSION_RELAY ${JSON.stringify(flag)}: use 1 (on) or 0 (off)`, 2);
  }
  const enabled = ["1", "true", "yes", "on"].includes(flag);
  let approver: string | null = null;
  const rawApprover = env.CC_DM_PERMISSION_APPROVER?.trim();
  if (rawApprover) {
    try {
      approver = rules.normalizeName(rawApprover, "CC_DM_PERMISSION_APPROVER");
    } catch (err) {
      throw new CcDmError((err as Error).message, 2, "Name a session (e.g. lead) or a person (cli:alice).");
    }
  }
  const rawTtl = env.CC_DM_PERMISSION_TTL_MS?.trim();
  const ttlMs = rawTtl ? Number(rawTtl) : DEFAULT_REQUEST_TTL_MS;
  if (!(Number.isInteger(ttlMs) && ttlMs >= 1 && ttlMs <= 24 * 3_600_000)) {
    throw new CcDmError(
      `Invalid CC_DM_PERMISSION_TTL_MS ${JSON.stringify(rawTtl)}: use whole milliseconds from 1 to 86400000`,
      2,
    );
  }
  return { enabled, approver, ttlMs };
}
