import {
  channelFlagValues,
  crossSessionInbound,
  readManagedSettings,
  runningSessions
} from "./chunk-54.js";
import {
  isCcDmChannelEntry,
  readMcpConfig,
  selfCommand
} from "./chunk-55.js";
import {
  asObject,
  claudeConfigDir,
  credentialsPath,
  objectOf,
  readJsonFile,
  userSettingsPath
} from "./chunk-49.js";
import {
  VERSION
} from "./chunk-02.js";
import {
  useColor
} from "./chunk-04.js";
import {
  parseThenRun
} from "./chunk-37.js";
import {
  ccDmHome,
  engineFor
} from "./chunk-40.js";
import "./chunk-41.js";
import "./chunk-42.js";
import "./chunk-05.js";
import {
  loadProcessSupport
} from "./chunk-06.js";
import "./chunk-43.js";
import "./chunk-44.js";
import "./chunk-45.js";
import {
  UsageError
} from "./chunk-07.js";

// cmd/doctor.ts
import { parseArgs, styleText } from "node:util";

// lib/doctor/check.ts
var GROUPS = [
  "claude_code",
  "login",
  "registration",
  "bus",
  "cc_dm"
];
var RANK = {
  ok: 0,
  warn: 1,
  fail: 2
};
function worstStatus(statuses) {
  let worst = "ok";
  for (const s of statuses) if (RANK[s] > RANK[worst]) worst = s;
  return worst;
}
async function runChecks(checks) {
  const perCheck = await Promise.all(checks.map(async (check) => {
    try {
      const found = await check.run();
      const list = found === null ? [] : Array.isArray(found) ? found : [
        found
      ];
      return list.map((f) => ({
        id: f.id ?? check.id,
        group: check.group,
        status: f.status,
        message: f.message,
        ...f.hint !== void 0 && f.status !== "ok" ? {
          hint: f.hint
        } : {}
      }));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return [
        {
          id: check.id,
          group: check.group,
          status: "fail",
          message: `check crashed: ${reason}`,
          hint: "Report this with the output of `cc-dm doctor --json`."
        }
      ];
    }
  }));
  const results = perCheck.flat();
  return GROUPS.flatMap((g) => results.filter((r) => r.group === g));
}

// lib/claude_code/claude_cli.ts
import { delimiter, join } from "node:path";

// lib/claude_code/bounded_run.ts
async function runBounded(command, args, options) {
  const started = performance.now();
  let child;
  try {
    child = new Deno.Command(command, {
      args: [
        ...args
      ],
      env: options.env,
      clearEnv: options.env !== void 0,
      cwd: options.cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      // Its own process group, so a timeout can kill the program and everything it started.
      detached: Deno.build.os !== "windows"
    }).spawn();
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return {
      kind: "not_found"
    };
    return {
      kind: "failed",
      reason: err instanceof Error ? err.message : String(err)
    };
  }
  const done = Promise.all([
    child.status,
    new Response(child.stdout).text(),
    new Response(child.stderr).text()
  ]);
  let timer;
  const expired = new Promise((resolve2) => {
    timer = setTimeout(() => resolve2("timeout"), options.timeoutMs);
  });
  try {
    const result = await Promise.race([
      done,
      expired
    ]);
    if (result !== "timeout") {
      const [status, stdout, stderr] = result;
      return {
        kind: "exited",
        code: status.code,
        stdout,
        stderr,
        ms: performance.now() - started
      };
    }
    killGroup(child);
    await done.catch(() => {
    });
    return {
      kind: "timeout",
      ms: performance.now() - started
    };
  } finally {
    clearTimeout(timer);
  }
}
function killGroup(child) {
  try {
    if (Deno.build.os === "windows") child.kill("SIGKILL");
    else Deno.kill(-child.pid, "SIGKILL");
  } catch {
    try {
      child.kill("SIGKILL");
    } catch {
    }
  }
}
function outcomeProblem(what, outcome, timeoutMs) {
  switch (outcome.kind) {
    case "timeout":
      return `${what} did not answer within ${(timeoutMs / 1e3).toFixed(1)} s`;
    case "not_found":
      return `${what}: command not found`;
    case "failed":
      return `${what} could not be started: ${outcome.reason}`;
    case "exited": {
      const detail = (outcome.stderr.trim() || outcome.stdout.trim()).split("\n")[0]?.slice(0, 200);
      return `${what} exited with code ${outcome.code}${detail ? `: ${detail}` : ""}`;
    }
  }
}

// lib/claude_code/version.ts
function parseVersion(text) {
  const match = /(\d+)\.(\d+)\.(\d+)/.exec(text);
  return match ? [
    Number(match[1]),
    Number(match[2]),
    Number(match[3])
  ] : null;
}
function compareVersions(a, b) {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
function formatVersion(v) {
  return v.join(".");
}

// lib/claude_code/claude_cli.ts
function findClaude(env) {
  const onPath = findOnPath("claude", env.PATH ?? "");
  if (onPath) return {
    path: onPath,
    onPath: true
  };
  const home = env.HOME;
  const candidates = [
    join(claudeConfigDir(env), "local", "claude")
  ];
  if (home) candidates.push(join(home, ".local", "bin", "claude"));
  for (const candidate of candidates) {
    if (isExecutableFile(candidate)) return {
      path: candidate,
      onPath: false
    };
  }
  return null;
}
function findOnPath(name, path) {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}
function isExecutableFile(path) {
  try {
    const info = Deno.statSync(path);
    if (!info.isFile) return false;
    if (Deno.build.os === "windows") return true;
    return ((info.mode ?? 0) & 73) !== 0;
  } catch {
    return false;
  }
}
async function probeClaudeVersion(claude, env, timeoutMs) {
  const outcome = await runBounded(claude, [
    "--version"
  ], {
    env,
    timeoutMs
  });
  if (outcome.kind !== "exited" || outcome.code !== 0) {
    return {
      ok: false,
      problem: outcomeProblem("`claude --version`", outcome, timeoutMs)
    };
  }
  const text = outcome.stdout.trim().split("\n")[0] ?? "";
  const version = parseVersion(text);
  if (!version) {
    return {
      ok: false,
      problem: `\`claude --version\` printed no version: "${text.slice(0, 80)}"`
    };
  }
  return {
    ok: true,
    version,
    text
  };
}
async function probeAuthStatus(claude, env, timeoutMs) {
  const outcome = await runBounded(claude, [
    "auth",
    "status",
    "--json"
  ], {
    env,
    timeoutMs
  });
  if (outcome.kind !== "exited" || outcome.code !== 0 && outcome.code !== 1) {
    return {
      ok: false,
      problem: outcomeProblem("`claude auth status --json`", outcome, timeoutMs)
    };
  }
  let parsed;
  try {
    parsed = asObject(JSON.parse(outcome.stdout));
  } catch {
    return {
      ok: false,
      problem: "`claude auth status --json` did not print JSON"
    };
  }
  const text = (key) => typeof parsed[key] === "string" ? parsed[key] : null;
  return {
    ok: true,
    status: {
      loggedIn: parsed.loggedIn === true,
      authMethod: text("authMethod") ?? (parsed.loggedIn === true ? "unknown" : "none"),
      apiProvider: text("apiProvider") ?? "firstParty",
      apiKeySource: text("apiKeySource"),
      subscriptionType: text("subscriptionType")
    }
  };
}

// lib/doctor/context.ts
var PROGRAM_TIMEOUT_MS = 1200;
var DoctorContext = class {
  env;
  cwd;
  now;
  timeoutMs;
  /** Environment for programs doctor runs: the user's own. */
  childEnv;
  #memo = /* @__PURE__ */ new Map();
  constructor(options) {
    this.env = options.env;
    this.cwd = options.cwd;
    this.now = options.now;
    this.timeoutMs = options.timeoutMs ?? PROGRAM_TIMEOUT_MS;
    this.childEnv = Object.fromEntries(Object.entries(options.env).filter((e) => e[1] !== void 0));
  }
  #once(key, make) {
    if (!this.#memo.has(key)) this.#memo.set(key, make());
    return this.#memo.get(key);
  }
  claude() {
    return this.#once("claude", () => findClaude(this.env));
  }
  /** null when Claude Code is not installed. */
  claudeVersion() {
    return this.#once("version", () => {
      const claude = this.claude();
      return claude ? probeClaudeVersion(claude.path, this.childEnv, this.timeoutMs) : Promise.resolve(null);
    });
  }
  /** null when Claude Code is not installed. */
  authStatus() {
    return this.#once("auth", () => {
      const claude = this.claude();
      return claude ? probeAuthStatus(claude.path, this.childEnv, this.timeoutMs) : Promise.resolve(null);
    });
  }
  managed() {
    return this.#once("managed", () => readManagedSettings(this.env));
  }
  userSettings() {
    return this.#once("userSettings", () => objectOf(readJsonFile(userSettingsPath(this.env))));
  }
  mcp() {
    return this.#once("mcp", () => readMcpConfig(this.env, this.cwd, this.managed().layers));
  }
  /** The bus engine the environment points at; throws for a CC_DM_BUS_URL no engine takes. */
  engine() {
    return this.#once("engine", () => engineFor(this.env));
  }
  /** The engine's own checks (bus.file, bus.modes, ...); a bus URL no engine takes fails bus.file. */
  engineChecks() {
    return this.#once("engineChecks", async () => {
      let engine;
      try {
        engine = this.engine();
      } catch (err) {
        const e = err;
        return [
          {
            id: "bus.file",
            status: "fail",
            message: e.message,
            hint: e.hint
          }
        ];
      }
      return await engine.inspect();
    });
  }
  /**
   * Sessions and waiting mail, read through the engine without changing anything; null when
   * there is no bus or it cannot be read as it is (the engine's checks say why).
   */
  busContents() {
    return this.#once("busContents", async () => {
      try {
        const engine = this.engine();
        if (!await engine.exists()) return null;
        const bus = await engine.open({
          readOnly: true
        });
        try {
          return {
            sessions: await bus.sessions(),
            queued: await bus.queuedMail()
          };
        } finally {
          await bus.close();
        }
      } catch {
        return null;
      }
    });
  }
};

// lib/doctor/claude_checks.ts
import { dirname } from "node:path";
var CHANNELS_MIN_VERSION = [
  2,
  1,
  80
];
var PERMISSION_RELAY_MIN_VERSION = [
  2,
  1,
  81
];
var INSTALL_HINT = "npm install -g @anthropic-ai/claude-code@latest (or `claude update`)";
function claudeChecks(ctx) {
  return [
    {
      id: "claude_code.installed",
      group: "claude_code",
      run: () => {
        const claude = ctx.claude();
        if (!claude) {
          return {
            status: "fail",
            message: "Claude Code is not installed: no `claude` on PATH",
            hint: INSTALL_HINT
          };
        }
        if (!claude.onPath) {
          return {
            status: "warn",
            message: `found ${claude.path}, but it is not on PATH`,
            hint: `Add ${dirname(claude.path)} to PATH (or run \`claude install\` for the native build).`
          };
        }
        return {
          status: "ok",
          message: claude.path
        };
      }
    },
    {
      id: "claude_code.version",
      group: "claude_code",
      run: async () => {
        const probe = await ctx.claudeVersion();
        if (probe === null) return null;
        if (!probe.ok) {
          return {
            status: "warn",
            message: `version unknown: ${probe.problem}`,
            hint: "Run `claude --version` yourself to see what is wrong."
          };
        }
        const version = formatVersion(probe.version);
        if (compareVersions(probe.version, CHANNELS_MIN_VERSION) < 0) {
          return {
            status: "fail",
            message: `${version} is too old: channels need ${formatVersion(CHANNELS_MIN_VERSION)} or later`,
            hint: `claude update (or ${INSTALL_HINT})`
          };
        }
        if (compareVersions(probe.version, PERMISSION_RELAY_MIN_VERSION) < 0) {
          return {
            status: "warn",
            message: `${version}: channels work, permission relay needs ${formatVersion(PERMISSION_RELAY_MIN_VERSION)} or later`,
            hint: "claude update"
          };
        }
        return {
          status: "ok",
          message: `${version} (channels and permission relay supported)`
        };
      }
    }
  ];
}

// lib/doctor/login_checks.ts
import { existsSync } from "node:fs";
var INBOX_FALLBACK = "channel events are off; cc-dm delivers through each session's inbox socket instead (or its hooks and `inbox` tool where the socket is off)";
var METHOD_NAMES = {
  api_key: "an API key",
  api_key_helper: "an API key helper",
  oauth_token: "a long-lived OAuth token (CLAUDE_CODE_OAUTH_TOKEN)",
  third_party: "a third-party provider"
};
var TELEMETRY_SWITCHES = [
  "DISABLE_TELEMETRY",
  "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"
];
var KEEP_CACHE_SWITCH = "CLAUDE_CODE_GB_DISK_CACHE_WHEN_TELEMETRY_OFF";
var PROVIDER_SWITCHES = {
  CLAUDE_CODE_USE_BEDROCK: "Amazon Bedrock",
  CLAUDE_CODE_USE_VERTEX: "Google Vertex AI",
  CLAUDE_CODE_USE_FOUNDRY: "Microsoft Foundry"
};
function loginChecks(ctx) {
  return [
    {
      id: "login.method",
      group: "login",
      run: () => loginMethod(ctx)
    },
    {
      id: "login.api_provider",
      group: "login",
      run: () => apiProvider(ctx)
    },
    {
      id: "login.channels_feature",
      group: "login",
      run: () => channelsFeature(ctx)
    },
    {
      id: "login.telemetry",
      group: "login",
      run: () => telemetry(ctx)
    },
    {
      id: "login.managed_settings",
      group: "login",
      run: () => managedPolicy(ctx)
    }
  ];
}
async function loginMethod(ctx) {
  const probe = await ctx.authStatus();
  if (probe === null) return null;
  if (!probe.ok) {
    const onFile = existsSync(credentialsPath(ctx.env)) ? "a claude.ai credentials file exists" : "no claude.ai credentials file";
    return {
      status: "warn",
      message: `login unknown: ${probe.problem} (${onFile})`,
      hint: "Run `claude auth status` yourself to see what is wrong."
    };
  }
  const status = probe.status;
  if (!status.loggedIn) {
    return {
      status: "fail",
      message: "Claude Code is not logged in",
      hint: "claude auth login (with a claude.ai account: channels need it)"
    };
  }
  if (status.authMethod === "claude.ai") {
    const plan = status.subscriptionType ? ` (${status.subscriptionType} plan)` : "";
    return {
      status: "ok",
      message: `claude.ai login${plan}`
    };
  }
  const method = METHOD_NAMES[status.authMethod] ?? `"${status.authMethod}"`;
  const source = status.apiKeySource ? ` from ${status.apiKeySource}` : "";
  return {
    status: "ok",
    message: `logged in with ${method}${source}`
  };
}
async function apiProvider(ctx) {
  const switches = settingSwitches(ctx, Object.keys(PROVIDER_SWITCHES));
  if (switches.length > 0) {
    const { name, where } = switches[0];
    return {
      status: "fail",
      message: `${name} is set (${where}): Claude Code uses ${PROVIDER_SWITCHES[name]}, and channels need Anthropic's first-party API`,
      hint: `Unset ${name} for sessions that should receive cc-dm messages.`
    };
  }
  const probe = await ctx.authStatus();
  if (probe?.ok && probe.status.apiProvider !== "firstParty") {
    return {
      status: "fail",
      message: `Claude Code uses the ${probe.status.apiProvider} API provider: channels need Anthropic's first-party API`,
      hint: "Use a claude.ai login on Anthropic's API for sessions that should receive cc-dm messages."
    };
  }
  if (probe === null || !probe.ok) return {
    status: "ok",
    message: "no third-party provider switch set"
  };
  return {
    status: "ok",
    message: "Anthropic first-party API"
  };
}
function channelsFeature(ctx) {
  const config = ctx.mcp().claudeJson;
  if (config.state === "absent") {
    return {
      status: "warn",
      message: `no ${config.path}: Claude Code has not run as this user, so whether this account gets channels is unknown`,
      hint: "Start `claude` once (logged in), then run `cc-dm doctor` again."
    };
  }
  if (config.state === "invalid") {
    return {
      status: "fail",
      message: `cannot read ${config.path}: ${config.reason}`,
      hint: `Fix or move aside ${config.path}; Claude Code rewrites it on the next start.`
    };
  }
  const features = asObject(objectOf(config).cachedGrowthBookFeatures);
  const harbor = features.tengu_harbor;
  if (harbor === void 0) {
    return {
      status: "warn",
      message: `Claude Code has not cached this account's features yet (no tengu_harbor in ${config.path})`,
      hint: "Start `claude` once while online, then run `cc-dm doctor` again."
    };
  }
  if (harbor !== true) {
    return {
      status: "warn",
      message: `channels are not enabled for this account (cached feature tengu_harbor is off), so ${INBOX_FALLBACK}`,
      hint: "Channels are rolled out per account; use a claude.ai account that has them, or rely on the inbox tool."
    };
  }
  const relay = features.tengu_harbor_permissions === true ? "on" : "off";
  return {
    status: "ok",
    message: `this account is served channels (tengu_harbor on; permission relay ${relay})`
  };
}
function telemetry(ctx) {
  const off = settingSwitches(ctx, TELEMETRY_SWITCHES);
  if (off.length === 0) return {
    status: "ok",
    message: "no telemetry switch hides the channels feature"
  };
  const names = off.map((s) => `${s.name} (${s.where})`).join(", ");
  if (settingSwitches(ctx, [
    KEEP_CACHE_SWITCH
  ]).length > 0) {
    return {
      status: "ok",
      message: `${names} set, but ${KEEP_CACHE_SWITCH} keeps the cached channels feature`
    };
  }
  const first = off[0].name;
  return {
    status: "fail",
    message: `${names} set: Claude Code then reads the channels feature as off`,
    hint: `Unset ${first}, or also set ${KEEP_CACHE_SWITCH}=1.`
  };
}
function managedPolicy(ctx) {
  const managed = ctx.managed();
  if (managed.problems.length > 0) {
    const p = managed.problems[0];
    return {
      status: "warn",
      message: `cannot read managed settings ${p.path}: ${p.reason}`,
      hint: "Ask your administrator to fix the file; Claude Code may ignore or refuse it."
    };
  }
  const plan = async () => {
    const probe = await ctx.authStatus();
    return probe?.ok && probe.status.authMethod === "claude.ai" ? probe.status.subscriptionType ?? "" : null;
  };
  if (managed.files.length === 0) {
    return plan().then((p) => p === "team" || p === "enterprise" ? {
      status: "warn",
      message: `${p} plan: channels are off unless the organisation sets channelsEnabled: true (no managed settings in ${managed.dir}; server-managed settings may set it)`,
      hint: "Ask your administrator to enable channels (managed setting channelsEnabled: true)."
    } : {
      status: "ok",
      message: `no managed settings in ${managed.dir}`
    });
  }
  if (managed.merged.channelsEnabled === true) {
    return {
      status: "ok",
      message: `managed settings allow channels (channelsEnabled: true)`
    };
  }
  return plan().then((p) => {
    if (p !== null && p !== "team" && p !== "enterprise") {
      return {
        status: "ok",
        message: `managed settings (${managed.files.join(", ")}) do not set channelsEnabled; not needed for this plan`
      };
    }
    return {
      status: "fail",
      message: `managed settings (${managed.files.join(", ")}) do not set channelsEnabled: true, so org policy turns channels off`,
      hint: `Ask your administrator to add "channelsEnabled": true to ${managed.files[0]}.`
    };
  });
}
function settingSwitches(ctx, names) {
  const sources = [
    {
      where: "environment",
      env: ctx.env
    },
    {
      where: `${userSettingsPath(ctx.env)} env`,
      env: asObject(ctx.userSettings().env)
    },
    {
      where: "managed settings env",
      env: asObject(ctx.managed().merged.env)
    }
  ];
  const found = [];
  for (const name of names) {
    for (const source of sources) {
      if (isTruthy(source.env[name])) found.push({
        name,
        where: source.where
      });
    }
  }
  return found;
}
function isTruthy(value) {
  if (value === true || typeof value === "number" && value !== 0) return true;
  if (typeof value !== "string") return false;
  return ![
    "",
    "0",
    "false",
    "no",
    "off"
  ].includes(value.trim().toLowerCase());
}

// lib/doctor/format.ts
function formatAge(ms) {
  const s = Math.max(0, Math.round(ms / 1e3));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}
function listNames(names, max = 5) {
  const shown = names.slice(0, max).join(", ");
  return names.length > max ? `${shown}, +${names.length - max} more` : shown;
}

// lib/doctor/session_checks.ts
function sessionChecks(ctx) {
  return [
    {
      id: "login.running_sessions",
      group: "login",
      run: () => runningSessionsFinding(ctx)
    }
  ];
}
function channelSpecs(entries) {
  return entries.flatMap((e) => {
    if (e.scope !== "plugin") return [
      `server:${e.name}`
    ];
    const id = e.plugin?.id ?? "";
    return [
      `plugin:${id}`,
      `plugin:${id.split("@")[0]}`
    ];
  });
}
function runningSessionsFinding(ctx) {
  if (Deno.build.os !== "linux") return null;
  const entries = ctx.mcp().entries.filter((e) => isCcDmChannelEntry(e.command, e.args));
  if (entries.length === 0) return null;
  const sessions2 = runningSessions(ctx.env).filter((s) => s.argv !== null);
  if (sessions2.length === 0) return {
    status: "ok",
    message: "no Claude Code session running"
  };
  const specs = new Set(channelSpecs(entries));
  const count = `${sessions2.length} running Claude Code session${sessions2.length === 1 ? "" : "s"}`;
  const misnamed = sessions2.filter((s) => {
    const values = channelFlagValues(s.argv);
    return values.length > 0 && !values.some((v) => specs.has(v));
  });
  const flagless = sessions2.filter((s) => channelFlagValues(s.argv).length === 0);
  const plugin = entries.find((e) => e.scope === "plugin");
  const flag = `--dangerously-load-development-channels ${plugin ? `plugin:${plugin.plugin?.id}` : `server:${entries[0].name}`}`;
  if (misnamed.length > 0) {
    return {
      status: "fail",
      message: `${misnamed.length} of ${count} started with channel flags that do not name cc-dm (${listNames(misnamed.map((s) => `pid ${s.pid}: ${channelFlagValues(s.argv).join(", ")}`))}): Claude Code drops cc-dm's channel events there; cc-dm falls back to the inbox socket`,
      hint: `Add cc-dm to the flag: \`claude ${flag}\` (values may be listed together, comma-separated).`
    };
  }
  if (flagless.length === 0) return {
    status: "ok",
    message: `${count}, all with cc-dm as a channel`
  };
  return {
    status: "ok",
    message: `${count}${flagless.length === sessions2.length ? "" : ` (${flagless.length} of them)`} without a channel flag: cc-dm delivers through their inbox socket (see login.delivery)`
  };
}

// lib/doctor/delivery_checks.ts
var SOCKET_ON = 'set "crossSessionInbound": "accept" in ~/.claude/settings.json (or remove the key)';
function deliveryChecks(ctx) {
  return [
    {
      id: "login.inbox_socket",
      group: "login",
      run: () => socketSwitch(ctx)
    },
    {
      id: "login.delivery",
      group: "login",
      run: () => sessionRoutes(ctx)
    }
  ];
}
function socketSwitch(ctx) {
  if (ctx.env.CLAUDE_CODE_HARBOR_KITE === "0") {
    return {
      status: "warn",
      message: "CLAUDE_CODE_HARBOR_KITE=0 turns Claude Code's inbox socket off: sessions without a channel flag get mail only through cc-dm's hooks or its inbox tool",
      hint: "Unset CLAUDE_CODE_HARBOR_KITE, or install the hooks: cc-dm setup --hooks"
    };
  }
  const managed = ctx.managed().merged;
  if (managed.messagingBeyondOwnAgentsDisabled === true) {
    return {
      status: "warn",
      message: "managed settings set messagingBeyondOwnAgentsDisabled: no inbox socket",
      hint: "Ask your administrator, or install the hooks: cc-dm setup --hooks"
    };
  }
  const inbound = crossSessionInbound(ctx.env, ctx.cwd, managed);
  if (inbound === "hold" || inbound === "refuse") {
    return {
      status: "warn",
      message: `crossSessionInbound is "${inbound}": Claude Code ${inbound === "hold" ? "holds peer messages for you instead of the model" : "drops peer messages"}, so sessions without a channel flag get cc-dm mail only through hooks or the inbox tool`,
      hint: `${SOCKET_ON}, or install the hooks: cc-dm setup --hooks`
    };
  }
  return {
    status: "ok",
    message: "Claude Code's inbox socket accepts messages (crossSessionInbound: accept)"
  };
}
async function sessionRoutes(ctx) {
  const contents = await ctx.busContents();
  if (!contents) return null;
  const live = contents.sessions.filter((s) => s.kind === "claude" && s.online);
  if (live.length === 0) return {
    status: "ok",
    message: "no live session to deliver to"
  };
  const lines = live.map((s) => `${s.name}: ${s.delivery}${s.deliveryReason ? ` (${s.deliveryReason})` : ""}`);
  const inboxOnly = live.filter((s) => s.delivery === "inbox");
  if (inboxOnly.length > 0) {
    return {
      status: "warn",
      message: `${lines.join("; ")}. ${inboxOnly.map((s) => s.name).join(", ")} get${inboxOnly.length === 1 ? "s" : ""} mail only when the model calls the inbox tool`,
      hint: `Turn the inbox socket on (${SOCKET_ON}) or install the hooks (cc-dm setup --hooks), then restart those sessions.`
    };
  }
  return {
    status: "ok",
    message: lines.join("; ")
  };
}

// lib/doctor/registration_checks.ts
import { isAbsolute, join as join2, resolve } from "node:path";
var SETUP_HINT = "cc-dm setup";
function registrationChecks(ctx) {
  return [
    {
      id: "registration.entry",
      group: "registration",
      run: () => entryFindings(ctx)
    },
    {
      id: "registration.command",
      group: "registration",
      run: () => commandFindings(ctx)
    }
  ];
}
function ccDmEntries(ctx) {
  return ctx.mcp().entries.filter((e) => isCcDmChannelEntry(e.command, e.args));
}
function usable(entries) {
  return entries.filter((e) => (e.scope !== "project" || e.approval === "approved") && (e.scope !== "plugin" || e.plugin?.enabled));
}
function describe(entry) {
  if (entry.scope === "plugin") return `"${entry.name}" of plugin ${entry.plugin?.id}`;
  return `"${entry.name}" (${entry.scope} scope, ${entry.file})`;
}
function entryFindings(ctx) {
  const config = ctx.mcp();
  const findings = [];
  for (const problem of config.problems) {
    findings.push({
      id: "registration.config_file",
      status: "warn",
      message: `cannot read ${problem.path}: ${problem.reason}`,
      hint: `Fix the file; Claude Code skips or rejects it too.`
    });
  }
  const entries = ccDmEntries(ctx);
  if (entries.length === 0) {
    findings.push({
      status: "fail",
      message: "cc-dm is not registered with Claude Code: no `cc-dm channel` server in user, local or project MCP config, nor in an installed plugin",
      hint: SETUP_HINT
    });
    return findings;
  }
  const running = usable(entries);
  const plugin = running.find((e) => e.scope === "plugin");
  findings.push(running.length > 1 ? {
    status: "fail",
    message: `registered ${running.length} times (${running.map(describe).join("; ")}): each session starts ${running.length} cc-dm channels, and at most one of them is the session's channel`,
    hint: plugin ? "Keep the plugin and remove the others: cc-dm setup --uninstall (user scope), or claude mcp remove <name> -s <scope>." : "Keep one: claude mcp remove <name> -s <scope> for the others."
  } : {
    status: running.length > 0 ? "ok" : "warn",
    message: entries.map(describe).join("; "),
    ...running.length > 0 ? {} : {
      hint: "See the lines below."
    }
  });
  for (const entry of entries) {
    if (entry.scope === "project" && entry.approval === "pending") {
      findings.push({
        id: "registration.approval",
        status: "warn",
        message: `"${entry.name}" in ${entry.file} is pending approval: Claude Code does not start it until approved`,
        hint: `Start \`claude\` in ${ctx.mcp().projectRoot} and approve "${entry.name}", or add "enabledMcpjsonServers": ["${entry.name}"] to ${userSettingsPath(ctx.env)}.`
      });
    } else if (entry.scope === "project" && entry.approval === "disabled") {
      findings.push({
        id: "registration.approval",
        status: "warn",
        message: `"${entry.name}" in ${entry.file} is disabled for this project (disabledMcpjsonServers)`,
        hint: `Remove "${entry.name}" from disabledMcpjsonServers, or enable it in \`claude\` with /mcp.`
      });
    } else if (entry.scope === "plugin" && !entry.plugin?.enabled) {
      findings.push({
        id: "registration.plugin",
        status: "warn",
        message: `plugin ${entry.plugin?.id} is installed but not enabled`,
        hint: `claude plugin enable ${entry.plugin?.id}`
      });
    }
  }
  return findings;
}
async function commandFindings(ctx) {
  const entries = ccDmEntries(ctx);
  const candidates = usable(entries).length > 0 ? usable(entries) : entries;
  const unique = [
    ...new Map(candidates.map((e) => [
      JSON.stringify([
        e.command,
        e.args
      ]),
      e
    ])).values()
  ];
  if (unique.length === 0) return null;
  const perEntry = await Promise.all(unique.map((entry) => checkCommand(ctx, entry)));
  return perEntry.flat();
}
async function checkCommand(ctx, entry) {
  const command = isAbsolute(entry.command) ? entry.command : findOnPath(entry.command, ctx.env.PATH ?? "");
  const shown = [
    entry.command,
    ...entry.args
  ].join(" ");
  if (!command || !isExecutableFile(command)) {
    const why = !command ? "is not on PATH" : exists(command) ? "is not an executable file" : "does not exist";
    return [
      {
        status: "fail",
        message: `${describe(entry)} runs ${entry.command}, which ${why}`,
        hint: `${SETUP_HINT} (registers this cc-dm again with its current path)`
      }
    ];
  }
  const script = entry.args.find((a) => /[\/\\]/.test(a) && /(^|[\/\\])(cc-dm(\.exe)?|main\.ts|cc-dm\.js)$/.test(a));
  if (script && !exists(isAbsolute(script) ? script : join2(ctx.cwd, script))) {
    return [
      {
        status: "fail",
        message: `${describe(entry)} runs ${script}, which does not exist`,
        hint: `${SETUP_HINT} (registers this cc-dm again with its current path)`
      }
    ];
  }
  const ok = {
    status: "ok",
    message: `${shown} (executable)`
  };
  const busHome = busHomeFinding(ctx, entry);
  const at = entry.args.lastIndexOf("channel");
  const args = [
    ...at >= 0 ? entry.args.slice(0, at) : entry.args,
    "--version"
  ];
  const outcome = await runBounded(command, args, {
    env: {
      ...ctx.childEnv,
      ...entry.env
    },
    timeoutMs: ctx.timeoutMs
  });
  if (outcome.kind !== "exited" || outcome.code !== 0) {
    return [
      ok,
      ...busHome,
      {
        id: "registration.version",
        status: "warn",
        message: `cannot tell which cc-dm "${entry.name}" runs: ${outcomeProblem(`\`${[
          entry.command,
          ...args
        ].join(" ")}\``, outcome, ctx.timeoutMs)}`,
        hint: SETUP_HINT
      }
    ];
  }
  const printed = outcome.stdout.trim().split("\n")[0] ?? "";
  const version = parseVersion(printed);
  if (!version || version.join(".") !== VERSION) {
    return [
      ok,
      ...busHome,
      {
        id: "registration.version",
        status: "warn",
        message: `"${entry.name}" runs ${printed ? `"${printed.slice(0, 60)}"` : "an unknown version"}, this is cc-dm ${VERSION}`,
        hint: `${SETUP_HINT} (points Claude Code at this cc-dm)`
      }
    ];
  }
  return [
    ok,
    ...busHome,
    {
      id: "registration.version",
      status: "ok",
      message: `"${entry.name}" runs cc-dm ${VERSION}`
    }
  ];
}
function exists(path) {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
function busHomeFinding(ctx, entry) {
  const theirs = entry.env.CC_DM_HOME?.trim();
  if (!theirs) return [];
  const ours = ccDmHome(ctx.env);
  if (resolve(theirs) === resolve(ours)) return [];
  return [
    {
      id: "registration.bus",
      status: "warn",
      message: `"${entry.name}" runs with CC_DM_HOME=${theirs}, but this shell uses ${ours}: sessions and this shell are on different buses`,
      hint: `Use one directory: set CC_DM_HOME=${theirs} here, or remove CC_DM_HOME from the "${entry.name}" entry.`
    }
  ];
}

// lib/doctor/legacy_plugin_checks.ts
import { join as join3 } from "node:path";
function legacyPluginChecks(ctx) {
  return [
    {
      id: "registration.legacy_plugin",
      group: "registration",
      run: () => legacyFindings(ctx)
    }
  ];
}
function legacyFindings(ctx) {
  const dir = ctx.env.CLAUDE_CONFIG_DIR?.trim() || join3(ctx.env.HOME ?? ctx.env.USERPROFILE ?? "", ".claude");
  const installed = readObject(join3(dir, "plugins", "installed_plugins.json")).plugins;
  const old = Object.entries(installed && typeof installed === "object" ? installed : {}).filter(([id2, entries]) => id2.startsWith("cc-dm@") && Array.isArray(entries) && entries.some((e) => typeof e?.version === "string" && /^1\./.test(e.version))).map(([id2]) => id2);
  if (old.length === 0) return null;
  const [id] = old;
  const marketplace = id.slice("cc-dm@".length);
  return {
    status: "warn",
    message: `the cc-dm 1.x plugin ${old.join(", ")} is still installed: its sessions run 1.x, not cc-dm 2`,
    hint: `claude plugin marketplace update ${marketplace} && claude plugin update ${id} (the marketplace keeps its name: --channels plugin:${id} goes on working)`
  };
}
function readObject(file) {
  try {
    const value = JSON.parse(Deno.readTextFileSync(file));
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

// lib/doctor/bus_checks.ts
var STUCK_MAIL_MS = 6e4;
var FIX_HINT = "cc-dm doctor --fix";
function busChecks(ctx) {
  return [
    {
      id: "bus.engine",
      group: "bus",
      run: () => ctx.engineChecks()
    },
    {
      id: "bus.sessions",
      group: "bus",
      run: async () => {
        const contents = await ctx.busContents();
        return contents ? sessions(contents.sessions) : null;
      }
    },
    {
      id: "bus.delivery",
      group: "bus",
      run: async () => {
        const contents = await ctx.busContents();
        return contents ? deliveryHealth(contents.sessions) : null;
      }
    },
    {
      id: "bus.queue",
      group: "bus",
      run: async () => {
        const contents = await ctx.busContents();
        return contents ? queue(contents, ctx.now) : null;
      }
    }
  ];
}
function sessions(rows) {
  const held = rows.filter((r) => r.instance !== null);
  const live = held.filter((r) => r.online);
  const gone = held.filter((r) => !r.online);
  const offline = rows.length - held.length;
  const liveText = `${live.length} live session${live.length === 1 ? "" : "s"}${live.length ? ` (${listNames(live.map((r) => r.name))})` : ""}`;
  const offlineText = offline ? `, ${offline} offline` : "";
  if (gone.length > 0) {
    return {
      status: "warn",
      message: `${liveText}${offlineText}; ${gone.length} row${gone.length === 1 ? "" : "s"} of sessions whose process is gone (${listNames(gone.map((r) => r.name))})`,
      hint: FIX_HINT
    };
  }
  return {
    status: "ok",
    message: `${liveText}${offlineText}`
  };
}
function deliveryHealth(rows) {
  const degraded = rows.filter((r) => r.online && r.health);
  if (degraded.length === 0) return {
    status: "ok",
    message: "every live channel delivers normally"
  };
  return {
    status: "warn",
    message: degraded.map((r) => `${r.name}: ${r.health}`).join("; "),
    hint: "The channel keeps running and retries by itself; mail still arrives (by polling when wake-ups fail). Fix the cause named above."
  };
}
function queue(contents, now) {
  if (contents.queued.length === 0) return {
    status: "ok",
    message: "no messages waiting"
  };
  const liveNames = new Set(contents.sessions.filter((r) => r.kind === "claude" && r.online).map((r) => r.name));
  const total = contents.queued.reduce((n, q) => n + q.count, 0);
  const oldest = contents.queued.reduce((a, b) => b.oldest < a.oldest ? b : a);
  const summary = `${total} message${total === 1 ? "" : "s"} waiting for ${listNames(contents.queued.map((q) => `${q.recipient} (${q.count})`))}; oldest ${formatAge(now - oldest.oldest)} old, for ${oldest.recipient}`;
  const stuck = contents.queued.filter((q) => liveNames.has(q.recipient) && now - q.oldest > STUCK_MAIL_MS);
  if (stuck.length > 0) {
    return {
      status: "warn",
      message: `${summary}; live session${stuck.length === 1 ? "" : "s"} ${listNames(stuck.map((q) => q.recipient))} not taking mail`,
      hint: "Restart that Claude Code session (its cc-dm channel may have stopped), or ask it to check its inbox."
    };
  }
  return {
    status: "ok",
    message: `${summary} (offline: delivered when they return)`
  };
}

// lib/doctor/self_checks.ts
function selfChecks(ctx) {
  return [
    {
      id: "cc_dm.version",
      group: "cc_dm",
      run: () => {
        const self = selfCommand();
        const file = self.args[self.args.length - 1];
        const how = self.mode === "source" ? `from source, ${file}` : self.mode === "bundle" ? `bundle ${file} on Deno` : self.mode === "launcher" ? `launcher ${self.command}, bundle on Deno ${Deno.execPath()}` : self.command;
        return {
          status: "ok",
          message: `cc-dm ${VERSION} (${how})`
        };
      }
    },
    {
      id: "cc_dm.runtime",
      group: "cc_dm",
      run: () => ({
        status: "ok",
        message: `Deno ${Deno.version.deno}, ${Deno.build.os} ${Deno.build.arch}`
      })
    },
    {
      id: "cc_dm.bus_path",
      group: "cc_dm",
      run: () => {
        let engine;
        try {
          engine = ctx.engine();
        } catch {
          return null;
        }
        const source = ctx.env.CC_DM_BUS_URL?.trim() ? "from CC_DM_BUS_URL" : ctx.env.CC_DM_HOME?.trim() ? "from CC_DM_HOME" : "default; set CC_DM_HOME to change";
        return {
          status: "ok",
          message: `${engine.location} (${source})`
        };
      }
    }
  ];
}

// lib/doctor/doctor.ts
async function runDoctor(options) {
  await loadProcessSupport();
  const fixes = options.fix ? await repairs(options.env) : [];
  const ctx = new DoctorContext(options);
  try {
    ctx.mcp();
  } catch {
  }
  const checks = await runChecks([
    ...claudeChecks(ctx),
    ...loginChecks(ctx),
    ...sessionChecks(ctx),
    ...deliveryChecks(ctx),
    ...registrationChecks(ctx),
    ...legacyPluginChecks(ctx),
    ...busChecks(ctx),
    ...selfChecks(ctx)
  ]);
  return {
    status: worstStatus(checks.map((c) => c.status)),
    checks,
    fixes
  };
}
async function repairs(env) {
  try {
    return (await engineFor(env).repair()).map((done) => done.message);
  } catch {
    return [];
  }
}

// cmd/doctor.ts
var usage = `cc-dm doctor: check why messages do not arrive

Usage: cc-dm doctor [--json] [--strict] [--fix]

Checks Claude Code (installed, version), login and channels (claude.ai login, the account's
channels feature, telemetry switches, org policy), cc-dm's registration in Claude Code's MCP
config, the bus (privacy, health, sessions, waiting mail) and cc-dm itself. Each line is ok,
warn or fail; a line that is not ok says what to try. Doctor never reads or prints secrets.

Options:
  --json     one JSON document {status, checks: [{id, group, status, message, hint}], fixes}
             (docs/json.md)
  --strict   exit 1 on warnings too
  --fix      first repair what is safe: tighten bus modes, clear rows of sessions whose
             process is gone; then check and say what was done
  -h, --help this help

Examples:
  cc-dm doctor
  cc-dm doctor --json | jq '.checks[] | select(.status != "ok")'
  cc-dm doctor --fix

Environment:
  CC_DM_HOME                 directory of the bus (default ~/.cc-dm)
  CLAUDE_CONFIG_DIR          Claude Code's config directory (default ~/.claude)
  CC_DM_CLAUDE_MANAGED_DIR   where to look for Claude Code's managed settings
                             (default /etc/claude-code on Linux)

Exit codes:
  0    nothing failed (warnings allowed unless --strict)
  1    a check failed (or warned, with --strict)
  2    usage error
`;
var GROUP_TITLES = {
  claude_code: "Claude Code",
  login: "Login & channels",
  registration: "Registration",
  bus: "Bus",
  cc_dm: "cc-dm"
};
function parseDoctor(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      json: {
        type: "boolean",
        default: false
      },
      strict: {
        type: "boolean",
        default: false
      },
      fix: {
        type: "boolean",
        default: false
      },
      help: {
        type: "boolean",
        short: "h",
        default: false
      }
    },
    allowPositionals: true,
    strict: true
  });
  if (values.help) return null;
  if (positionals.length > 0) {
    throw new UsageError(`cc-dm doctor takes no arguments, got ${JSON.stringify(positionals[0])}`, "cc-dm doctor --help");
  }
  return {
    json: values.json,
    strict: values.strict,
    fix: values.fix
  };
}
async function runDoctorCommand(options, io, deps = {}) {
  const now = (deps.now ?? Date.now)();
  const report = await runDoctor({
    env: io.env,
    cwd: io.cwd,
    now,
    fix: options.fix
  });
  io.stdout(options.json ? `${JSON.stringify(toJson(report), null, 2)}
` : renderHuman(report, useColor(io), options.fix));
  const failed = report.status === "fail" || options.strict && report.status === "warn";
  return failed ? 1 : 0;
}
var run = parseThenRun(usage, parseDoctor, runDoctorCommand);
function toJson(report) {
  return {
    status: report.status,
    checks: report.checks.map((c) => ({
      id: c.id,
      group: c.group,
      status: c.status,
      message: c.message,
      hint: c.hint ?? null
    })),
    fixes: report.fixes
  };
}
function renderHuman(report, color, fixRequested = false) {
  const paint = (status, text) => color ? styleText(status === "ok" ? "green" : status === "warn" ? "yellow" : "red", text) : text;
  const label = (c) => c.id.slice(c.id.indexOf(".") + 1).replaceAll("_", " ");
  const width = Math.max(0, ...report.checks.map((c) => label(c).length));
  const lines = [];
  for (const fix of report.fixes) lines.push(`Fixed: ${fix}`);
  if (fixRequested && report.fixes.length === 0) {
    lines.push("Nothing to fix: bus modes and session rows are in order.");
  }
  if (fixRequested) lines.push("");
  for (const group of GROUPS) {
    const checks = report.checks.filter((c) => c.group === group);
    if (checks.length === 0) continue;
    lines.push(color ? styleText("bold", GROUP_TITLES[group]) : GROUP_TITLES[group]);
    for (const c of checks) {
      lines.push(`  ${paint(c.status, c.status.padEnd(4))}  ${label(c).padEnd(width)}  ${c.message}`);
      if (c.hint) lines.push(`        ${" ".repeat(width)}  Try: ${c.hint}`);
    }
    lines.push("");
  }
  const count = (s) => report.checks.filter((c) => c.status === s).length;
  lines.push(`Summary: ${count("ok")} ok, ${count("warn")} warn, ${count("fail")} fail; status ${paint(report.status, report.status)}`);
  return lines.join("\n") + "\n";
}
export {
  parseDoctor,
  renderHuman,
  run,
  runDoctorCommand,
  toJson,
  usage
};
