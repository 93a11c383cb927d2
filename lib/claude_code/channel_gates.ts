import type { Env } from "../paths.ts";
import { asObject } from "./json_file.ts";
import { channelFlagValues } from "./running_sessions.ts";

// Every gate Claude Code applies before it shows a server's channel event (docs/delivery.md,
// read from 2.1.330 and confirmed with real runs). The event path is used only when every gate
// is known to be open: an event Claude Code drops is never reported back, so a guess would mark
// mail delivered that no model saw.

/** What is known about the session that started this channel. */
export interface SessionFacts {
  env: Env;
  /** Claude Code's command line; null when it cannot be read. */
  claudeArgv: string[] | null;
  /** The channel flag value naming this server (`server:x` / `plugin:p@m`); null when unknown. */
  ownFlagValue: string | null;
  /** Why `ownFlagValue` is unknown. */
  ownUnknown?: string;
  /** `~/.claude.json` top-level object ({} when absent). */
  claudeJson: Record<string, unknown>;
  /** Managed settings merged ({} when there are none) and whether any file exists. */
  managed: { present: boolean; merged: Record<string, unknown> };
}

export type Gate = { open: true; reason: string } | { open: false; reason: string };

const DEV_FLAG = "--dangerously-load-development-channels";
const THIRD_PARTY = ["CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX", "CLAUDE_CODE_USE_FOUNDRY"];
const TELEMETRY_OFF = ["DISABLE_TELEMETRY", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"];

function truthy(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

/** Whether the running Claude Code is headless (`-p` / `--print`). */
export function isPrintMode(facts: Pick<SessionFacts, "env" | "claudeArgv">): boolean {
  if (facts.env.CLAUDE_CODE_ENTRYPOINT === "sdk-cli") return true;
  return (facts.claudeArgv ?? []).some((a) => a === "-p" || a === "--print");
}

/** Values of one channel flag only. */
function valuesOf(argv: string[], flag: string): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === flag || a.startsWith(flag + "=")) {
      kept.push(a);
      while (!a.includes("=") && i + 1 < argv.length && !argv[i + 1].startsWith("-")) kept.push(argv[++i]);
    }
  }
  return channelFlagValues(kept);
}

/**
 * Whether Claude Code will show this server's channel events. Closed on the first gate that is
 * shut or cannot be read, with the reason (logged, stored on the bus, shown by who and doctor).
 */
export function channelEventsGate(facts: SessionFacts): Gate {
  const { env, claudeArgv } = facts;
  const provider = THIRD_PARTY.find((name) => truthy(env[name]));
  if (provider) return { open: false, reason: `${provider} is set: channels need the first-party API` };
  if (!claudeArgv) return { open: false, reason: "Claude Code's command line cannot be read" };
  const dev = valuesOf(claudeArgv, DEV_FLAG);
  const allowlisted = valuesOf(claudeArgv, "--channels");
  if (dev.length === 0 && allowlisted.length === 0) {
    return { open: false, reason: "Claude Code was started without a channel flag" };
  }
  if (!facts.ownFlagValue) {
    return {
      open: false,
      reason: `cannot tell which MCP entry this server is (${facts.ownUnknown ?? "unknown"})`,
    };
  }
  const me = facts.ownFlagValue;
  const print = isPrintMode(facts);
  const features = asObject(facts.claudeJson.cachedGrowthBookFeatures);
  const inLedger = (value: string) => {
    const [plugin, marketplace] = value.replace(/^plugin:/, "").split("@");
    const ledger = Array.isArray(features.tengu_harbor_ledger) ? features.tengu_harbor_ledger : [];
    return ledger.some((e) => asObject(e).plugin === plugin && asObject(e).marketplace === marketplace);
  };
  const byAllowlist = allowlisted.includes(me) && me.startsWith("plugin:") && inLedger(me);
  const byDev = dev.includes(me) && !print;
  if (!byAllowlist && !byDev) {
    const named = [...dev, ...allowlisted].join(", ");
    if (dev.includes(me) && print) {
      return { open: false, reason: `headless (-p): Claude Code ignores ${DEV_FLAG} there` };
    }
    if (allowlisted.includes(me)) {
      return { open: false, reason: `${me} is not on the account's channel allowlist (use ${DEV_FLAG})` };
    }
    return { open: false, reason: `the channel flags name ${named}, not this server (${me})` };
  }
  if (
    TELEMETRY_OFF.some((name) => truthy(env[name])) &&
    !truthy(env.CLAUDE_CODE_GB_DISK_CACHE_WHEN_TELEMETRY_OFF)
  ) {
    const name = TELEMETRY_OFF.find((n) => truthy(env[n]));
    return { open: false, reason: `${name} is set: Claude Code then reads the channels feature as off` };
  }
  if (features.tengu_harbor !== true) {
    return {
      open: false,
      reason: "the account's channels feature (tengu_harbor) is not on in Claude Code's cache",
    };
  }
  if (facts.managed.present && facts.managed.merged.channelsEnabled !== true) {
    return { open: false, reason: "managed settings do not set channelsEnabled: true" };
  }
  return { open: true, reason: `Claude Code was started with ${me} in its channel list` };
}
