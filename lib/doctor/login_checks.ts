import { existsSync } from "node:fs";
import type { Check, Finding } from "./check.ts";
import type { DoctorContext } from "./context.ts";
import { asObject, objectOf } from "../claude_code/json_file.ts";
import { credentialsPath, userSettingsPath } from "../claude_code/paths.ts";

// The gates between a channel notification and the model (docs/delivery.md, "Gates for channel events"): claude.ai login,
// first-party API, the account's `tengu_harbor` feature, telemetry switches that hide it, and
// org policy. Doctor reads each from local files; it never reads a token or prints a key.

const INBOX_FALLBACK = "channel events are off; cc-dm delivers through each session's inbox socket " +
  "instead (or its hooks and `inbox` tool where the socket is off)";

const METHOD_NAMES: Record<string, string> = {
  api_key: "an API key",
  api_key_helper: "an API key helper",
  oauth_token: "a long-lived OAuth token (CLAUDE_CODE_OAUTH_TOKEN)",
  third_party: "a third-party provider",
};

const TELEMETRY_SWITCHES = ["DISABLE_TELEMETRY", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"];
const KEEP_CACHE_SWITCH = "CLAUDE_CODE_GB_DISK_CACHE_WHEN_TELEMETRY_OFF";
const PROVIDER_SWITCHES: Record<string, string> = {
  CLAUDE_CODE_USE_BEDROCK: "Amazon Bedrock",
  CLAUDE_CODE_USE_VERTEX: "Google Vertex AI",
  CLAUDE_CODE_USE_FOUNDRY: "Microsoft Foundry",
};

/** Login & channels: whether this account and machine get channel notifications at all. */
export function loginChecks(ctx: DoctorContext): Check[] {
  return [
    { id: "login.method", group: "login", run: () => loginMethod(ctx) },
    { id: "login.api_provider", group: "login", run: () => apiProvider(ctx) },
    { id: "login.channels_feature", group: "login", run: () => channelsFeature(ctx) },
    { id: "login.telemetry", group: "login", run: () => telemetry(ctx) },
    { id: "login.managed_settings", group: "login", run: () => managedPolicy(ctx) },
  ];
}

async function loginMethod(ctx: DoctorContext): Promise<Finding | null> {
  const probe = await ctx.authStatus();
  if (probe === null) return null; // not installed: claude_code.installed already failed
  if (!probe.ok) {
    const onFile = existsSync(credentialsPath(ctx.env))
      ? "a claude.ai credentials file exists"
      : "no claude.ai credentials file";
    return {
      status: "warn",
      message: `login unknown: ${probe.problem} (${onFile})`,
      hint: "Run `claude auth status` yourself to see what is wrong.",
    };
  }
  const status = probe.status;
  if (!status.loggedIn) {
    return {
      status: "fail",
      message: "Claude Code is not logged in",
      hint: "claude auth login (with a claude.ai account: channels need it)",
    };
  }
  if (status.authMethod === "claude.ai") {
    const plan = status.subscriptionType ? ` (${status.subscriptionType} plan)` : "";
    return { status: "ok", message: `claude.ai login${plan}` };
  }
  const method = METHOD_NAMES[status.authMethod] ?? `"${status.authMethod}"`;
  const source = status.apiKeySource ? ` from ${status.apiKeySource}` : "";
  // Since Claude Code 2.1.128 channels work with Console API keys on Anthropic's API; only the
  // provider (Bedrock / Vertex / Foundry) and the account's feature decide (checked below).
  return { status: "ok", message: `logged in with ${method}${source}` };
}

async function apiProvider(ctx: DoctorContext): Promise<Finding | null> {
  const switches = settingSwitches(ctx, Object.keys(PROVIDER_SWITCHES));
  if (switches.length > 0) {
    const { name, where } = switches[0];
    return {
      status: "fail",
      message: `${name} is set (${where}): Claude Code uses ${
        PROVIDER_SWITCHES[name]
      }, and channels need Anthropic's first-party API`,
      hint: `Unset ${name} for sessions that should receive cc-dm messages.`,
    };
  }
  const probe = await ctx.authStatus();
  if (probe?.ok && probe.status.apiProvider !== "firstParty") {
    return {
      status: "fail",
      message:
        `Claude Code uses the ${probe.status.apiProvider} API provider: channels need Anthropic's first-party API`,
      hint: "Use a claude.ai login on Anthropic's API for sessions that should receive cc-dm messages.",
    };
  }
  if (probe === null || !probe.ok) return { status: "ok", message: "no third-party provider switch set" };
  return { status: "ok", message: "Anthropic first-party API" };
}

function channelsFeature(ctx: DoctorContext): Finding {
  const config = ctx.mcp().claudeJson;
  if (config.state === "absent") {
    return {
      status: "warn",
      message:
        `no ${config.path}: Claude Code has not run as this user, so whether this account gets channels is unknown`,
      hint: "Start `claude` once (logged in), then run `cc-dm doctor` again.",
    };
  }
  if (config.state === "invalid") {
    return {
      status: "fail",
      message: `cannot read ${config.path}: ${config.reason}`,
      hint: `Fix or move aside ${config.path}; Claude Code rewrites it on the next start.`,
    };
  }
  const features = asObject(objectOf(config).cachedGrowthBookFeatures);
  const harbor = features.tengu_harbor;
  if (harbor === undefined) {
    return {
      status: "warn",
      message: `Claude Code has not cached this account's features yet (no tengu_harbor in ${config.path})`,
      hint: "Start `claude` once while online, then run `cc-dm doctor` again.",
    };
  }
  if (harbor !== true) {
    return {
      status: "warn",
      message:
        `channels are not enabled for this account (cached feature tengu_harbor is off), so ${INBOX_FALLBACK}`,
      hint:
        "Channels are rolled out per account; use a claude.ai account that has them, or rely on the inbox tool.",
    };
  }
  const relay = features.tengu_harbor_permissions === true ? "on" : "off";
  return {
    status: "ok",
    message: `this account is served channels (tengu_harbor on; permission relay ${relay})`,
  };
}

function telemetry(ctx: DoctorContext): Finding {
  const off = settingSwitches(ctx, TELEMETRY_SWITCHES);
  if (off.length === 0) return { status: "ok", message: "no telemetry switch hides the channels feature" };
  const names = off.map((s) => `${s.name} (${s.where})`).join(", ");
  if (settingSwitches(ctx, [KEEP_CACHE_SWITCH]).length > 0) {
    return {
      status: "ok",
      message: `${names} set, but ${KEEP_CACHE_SWITCH} keeps the cached channels feature`,
    };
  }
  const first = off[0].name;
  return {
    status: "fail",
    message: `${names} set: Claude Code then reads the channels feature as off`,
    hint: `Unset ${first}, or also set ${KEEP_CACHE_SWITCH}=1.`,
  };
}

function managedPolicy(ctx: DoctorContext): Promise<Finding> | Finding {
  const managed = ctx.managed();
  if (managed.problems.length > 0) {
    const p = managed.problems[0];
    return {
      status: "warn",
      message: `cannot read managed settings ${p.path}: ${p.reason}`,
      hint: "Ask your administrator to fix the file; Claude Code may ignore or refuse it.",
    };
  }
  const plan = async () => {
    const probe = await ctx.authStatus();
    return probe?.ok && probe.status.authMethod === "claude.ai" ? probe.status.subscriptionType ?? "" : null;
  };
  if (managed.files.length === 0) {
    return plan().then((p): Finding =>
      p === "team" || p === "enterprise"
        ? {
          status: "warn",
          message: `${p} plan: channels are off unless the organisation sets channelsEnabled: true ` +
            `(no managed settings in ${managed.dir}; server-managed settings may set it)`,
          hint: "Ask your administrator to enable channels (managed setting channelsEnabled: true).",
        }
        : { status: "ok", message: `no managed settings in ${managed.dir}` }
    );
  }
  if (managed.merged.channelsEnabled === true) {
    return { status: "ok", message: `managed settings allow channels (channelsEnabled: true)` };
  }
  return plan().then((p): Finding => {
    // Claude Code applies the policy gate to claude.ai accounts only on Team and Enterprise plans.
    if (p !== null && p !== "team" && p !== "enterprise") {
      return {
        status: "ok",
        message: `managed settings (${
          managed.files.join(", ")
        }) do not set channelsEnabled; not needed for this plan`,
      };
    }
    return {
      status: "fail",
      message: `managed settings (${
        managed.files.join(", ")
      }) do not set channelsEnabled: true, so org policy turns channels off`,
      hint: `Ask your administrator to add "channelsEnabled": true to ${managed.files[0]}.`,
    };
  });
}

/** Switches set in the environment or in the `env` of user or managed settings (names only). */
function settingSwitches(ctx: DoctorContext, names: string[]): { name: string; where: string }[] {
  const sources: { where: string; env: Record<string, unknown> }[] = [
    { where: "environment", env: ctx.env as Record<string, unknown> },
    { where: `${userSettingsPath(ctx.env)} env`, env: asObject(ctx.userSettings().env) },
    { where: "managed settings env", env: asObject(ctx.managed().merged.env) },
  ];
  const found: { name: string; where: string }[] = [];
  for (const name of names) {
    for (const source of sources) {
      if (isTruthy(source.env[name])) found.push({ name, where: source.where });
    }
  }
  return found;
}

function isTruthy(value: unknown): boolean {
  if (value === true || (typeof value === "number" && value !== 0)) return true;
  if (typeof value !== "string") return false;
  return !["", "0", "false", "no", "off"].includes(value.trim().toLowerCase());
}
