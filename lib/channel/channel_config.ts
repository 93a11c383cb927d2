import { type ReceiverRules, receiverRulesFromEnv } from "../access/receiver_rules.ts";
import { type SenderPolicy, senderPolicyFromEnv } from "../access/sender_policy.ts";
import { CcDmError, UsageError } from "../errors.ts";
import * as rules from "../mail/input_limits.ts";
import type { Env } from "../paths.ts";
import { type RelayConfig, relayConfigFromEnv } from "../permission/relay_config.ts";
import type { Identity } from "../sessions/membership.ts";

/**
 * Longest wait after `initialized` before the first push. Claude Code silently drops events
 * that come before its channel handler is set up; the channel pushes as soon as it knows the
 * handler is up (lib/channel/first_push.ts), and this delay only counts for a client that never
 * gives that sign. Clients that listen before they connect (the SDK's Client, the tests) pay
 * nothing with CC_DM_FIRST_PUSH_DELAY_MS=0.
 */
export const FIRST_PUSH_DELAY_MS = 1000;
/**
 * Margin after the `tools/list` answer is written before the first push, for a headless Claude
 * Code (no sign to wait for there). 2.1.330 and 2.1.332 set their channel handler 5-18 ms
 * after it when the first turn starts at once, but a margin of 50 ms lost the first event once
 * at a load average of 15: Claude Code's own event loop is late then too.
 */
export const FIRST_PUSH_AFTER_TOOLS_MS = 250;

/** CC_DM_PUSH: how to choose the route (docs/delivery.md). */
export type PushMode = "auto" | "always" | "never" | "socket";

/**
 * Everything the channel reads from its environment and flags, parsed once at start. Each
 * flag has an environment twin; Claude Code's own variables (CLAUDECODE, CLAUDE_CODE_*,
 * CLAUDE_PROJECT_DIR, ...) are facts about the session, read by the probe
 * (lib/channel/delivery_route.ts), not settings.
 */
export interface ChannelConfig {
  /** --name / CC_DM_SESSION_NAME, --role / CC_DM_SESSION_ROLE (default worker), --project /
   * CC_DM_SESSION_PROJECT. Null (no name) starts unregistered: the model calls `register`. */
  identity: Identity | null;
  /** CC_DM_PUSH=auto|always|never|socket (default auto). */
  push: PushMode;
  /**
   * CC_DM_POLL_MS (10..60000): the poll period, or the backstop of wake-ups; undefined: default.
   * (Whether the bus wakes readers at all, CC_DM_WAKE, is the engine's: lib/bus/sqlite/engine.ts.)
   */
  pollMs: number | undefined;
  /** CC_DM_FIRST_PUSH_DELAY_MS (0..60000, default 1000): see FIRST_PUSH_DELAY_MS. */
  firstPushDelayMs: number;
  /** CC_DM_DM_ALLOWLIST, CC_DM_DM_BLOCKLIST, CC_DM_BROADCAST_ALLOWED_ROLES: what the model may send. */
  access: SenderPolicy;
  /** CC_DM_ACCEPT_FROM, CC_DM_REJECT_FROM: which senders this session accepts. */
  receiver: ReceiverRules;
  /** CC_DM_PERMISSION_RELAY, CC_DM_PERMISSION_APPROVER, CC_DM_PERMISSION_TTL_MS. */
  relay: RelayConfig;
  /** CC_DM_DEBUG_RECEIPTS=1: log each receipt's delay (bench and debugging). */
  debugReceipts: boolean;
}

/** The flags of `cc-dm channel`; each overrides its environment twin. */
export interface ChannelFlags {
  name?: string;
  role?: string;
  project?: string;
}

/**
 * Parse the channel's settings. A malformed value throws a CcDmError naming the variable (exit
 * 2): starting without the rules the user asked for would be worse than not starting.
 */
export function channelConfig(env: Env, flags: ChannelFlags = {}): ChannelConfig {
  const push = env.CC_DM_PUSH?.trim() || "auto";
  if (!["auto", "always", "never", "socket"].includes(push)) {
    throw new CcDmError(`Invalid CC_DM_PUSH ${JSON.stringify(push)}: use auto, always, socket or never`, 2);
  }
  return {
    identity: identityOf(env, flags),
    push: push as PushMode,
    pollMs: wholeMs(env, "CC_DM_POLL_MS", 10, 60_000),
    firstPushDelayMs: wholeMs(env, "CC_DM_FIRST_PUSH_DELAY_MS", 0, 60_000) ?? FIRST_PUSH_DELAY_MS,
    access: senderPolicyFromEnv(env),
    receiver: receiverRulesFromEnv(env),
    relay: relayConfigFromEnv(env),
    debugReceipts: !!env.CC_DM_DEBUG_RECEIPTS?.trim(),
  };
}

function identityOf(env: Env, flags: ChannelFlags): Identity | null {
  const rawName = flags.name ?? env.CC_DM_SESSION_NAME;
  if (!rawName?.trim()) return null;
  try {
    return {
      name: rules.sessionName(rawName),
      role: rules.tag(flags.role ?? env.CC_DM_SESSION_ROLE, "role") || "worker",
      project: rules.tag(flags.project ?? env.CC_DM_SESSION_PROJECT, "project"),
    };
  } catch (err) {
    throw new UsageError((err as Error).message, "set CC_DM_SESSION_NAME to a name like backend");
  }
}

function wholeMs(env: Env, name: string, min: number, max: number): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const ms = Number(raw);
  if (!(Number.isInteger(ms) && ms >= min && ms <= max)) {
    throw new CcDmError(
      `Invalid ${name} ${JSON.stringify(raw)}: use whole milliseconds from ${min} to ${max}`,
      2,
    );
  }
  return ms;
}
