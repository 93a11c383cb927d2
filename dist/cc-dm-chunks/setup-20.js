import {
  HOOK_SPECS,
  hookGroup,
  isCcDmHookCommand,
  withNoMailCheck
} from "./chunk-56.js";
import {
  installedCcDmPlugins,
  readMcpEntry,
  selfCommand
} from "./chunk-55.js";
import {
  userSettingsPath
} from "./chunk-49.js";
import {
  GLOBAL_FLAGS_HELP
} from "./chunk-01.js";
import {
  parseThenRun
} from "./chunk-37.js";
import {
  NO_MAIL_CHECK
} from "./chunk-41.js";
import "./chunk-05.js";
import {
  parsePgUrl,
  redactedUrl
} from "./chunk-45.js";
import {
  CcDmError,
  UsageError
} from "./chunk-07.js";

// cmd/setup.ts
import { parseArgs } from "node:util";

// lib/setup/run_claude.ts
import { isAbsolute, resolve } from "node:path";
async function runClaude(claude, args, options) {
  const env = {};
  for (const [key, value] of Object.entries(options.env)) if (value !== void 0) env[key] = value;
  const child = new Deno.Command(claude, {
    args,
    cwd: options.cwd,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped"
  }).spawn();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      child.kill("SIGKILL");
    } catch {
    }
  }, options.timeoutMs);
  try {
    const out = await child.output();
    if (timedOut) {
      throw new CcDmError(`"claude ${args.slice(0, 2).join(" ")}" did not finish within ${options.timeoutMs / 1e3} s and was stopped`, 1, `run it yourself to see what it waits for: ${claude} ${args.join(" ")}`);
    }
    const decoder = new TextDecoder();
    return {
      code: out.code,
      stdout: decoder.decode(out.stdout),
      stderr: decoder.decode(out.stderr)
    };
  } finally {
    clearTimeout(timer);
  }
}
async function findExecutable(nameOrPath, env, cwd) {
  const windows = Deno.build.os === "windows";
  if (nameOrPath.includes("/") || windows && nameOrPath.includes("\\")) {
    const path = isAbsolute(nameOrPath) ? nameOrPath : resolve(cwd, nameOrPath);
    return await isExecutableFile(path) ? path : null;
  }
  const extensions = windows ? [
    "",
    ...(env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";")
  ] : [
    ""
  ];
  for (const dir of (env.PATH ?? "").split(windows ? ";" : ":")) {
    if (!dir) continue;
    for (const ext of extensions) {
      const path = resolve(cwd, dir, nameOrPath + ext);
      if (await isExecutableFile(path)) return path;
    }
  }
  return null;
}
async function isExecutableFile(path) {
  try {
    const info = await Deno.stat(path);
    return info.isFile && (info.mode === null || (info.mode & 73) !== 0);
  } catch {
    return false;
  }
}

// lib/setup/mcp_registration.ts
var MCP_SCOPES = [
  "user",
  "local",
  "project"
];
function sameEntry(a, b) {
  const envA = Object.entries(a.env).sort();
  const envB = Object.entries(b.env).sort();
  return a.type === b.type && a.command === b.command && JSON.stringify(a.args) === JSON.stringify(b.args) && JSON.stringify(envA) === JSON.stringify(envB);
}
function channelEntry(command, args, name = "cc-dm", busUrl) {
  const env = {
    CC_DM_SERVER_NAME: name
  };
  if (busUrl) env.CC_DM_BUS_URL = busUrl;
  return {
    type: "stdio",
    command,
    args: [
      ...args,
      "channel"
    ],
    env
  };
}
function planRegistration(request, current) {
  const { name, scope, desired } = request;
  if (request.uninstall) {
    return current ? {
      change: "remove",
      current,
      steps: [
        removeArgs(name, scope)
      ]
    } : {
      change: "absent",
      current,
      steps: []
    };
  }
  if (!current) return {
    change: "add",
    current,
    steps: [
      addArgs(name, scope, desired)
    ]
  };
  if (sameEntry(current, desired)) return {
    change: "unchanged",
    current,
    steps: []
  };
  return {
    change: "update",
    current,
    steps: [
      removeArgs(name, scope),
      addArgs(name, scope, desired)
    ]
  };
}
function addArgs(name, scope, entry) {
  const envFlags = Object.entries(entry.env).flatMap(([key, value]) => [
    "-e",
    `${key}=${value}`
  ]);
  return [
    "mcp",
    "add",
    "-s",
    scope,
    name,
    ...envFlags,
    "--",
    entry.command,
    ...entry.args
  ];
}
function removeArgs(name, scope) {
  return [
    "mcp",
    "remove",
    "-s",
    scope,
    name
  ];
}
async function applyRegistration(plan, request, claude, options) {
  for (const args of plan.steps) {
    const run2 = await runClaude(claude, args, options);
    if (run2.code === 0) continue;
    const said = (run2.stderr + run2.stdout).trim();
    if (plan.change === "add" && /already exists/i.test(said)) {
      const update = {
        ...plan,
        change: "update",
        steps: [
          removeArgs(request.name, request.scope),
          args
        ]
      };
      return await applyRegistration(update, request, claude, options);
    }
    throw new CcDmError(`"claude ${args.slice(0, 2).join(" ")}" failed (exit ${run2.code}): ${said || "no output"}`, 1, `run it yourself to see the whole message: claude ${args.join(" ")}`);
  }
  return plan.change;
}

// lib/setup/shell_line.ts
function shellLine(words) {
  return words.map(shellWord).join(" ");
}
function envAssignment(name, value) {
  return `${name}=${shellWord(value)}`;
}
function shellWord(word) {
  if (/^[A-Za-z0-9_\/.:=@%+,-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
function channelFlag(serverName) {
  return [
    "--dangerously-load-development-channels",
    `server:${serverName}`
  ];
}

// lib/setup/stable_path.ts
async function stableExecutablePath(path, exists = fileExists) {
  const match = /^(.*)[\/\\]Cellar[\/\\]([^\/\\]+)[\/\\][^\/\\]+[\/\\](.+)$/.exec(path);
  if (!match) return path;
  const [, prefix, formula, rest] = match;
  const sep = path.includes("\\") && !path.includes("/") ? "\\" : "/";
  const stable = [
    prefix,
    "opt",
    formula,
    rest
  ].join(sep);
  return await exists(stable) ? stable : path;
}
async function fileExists(path) {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

// lib/setup/settings_hooks.ts
import { dirname } from "node:path";
async function readSettings(file) {
  let text;
  try {
    text = await Deno.readTextFile(file);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw new CcDmError(`Cannot read ${JSON.stringify(file)}: ${err.message}`, 1);
  }
  let value;
  try {
    value = text.trim() ? JSON.parse(text) : {};
  } catch (err) {
    throw new CcDmError(`Cannot add hooks to ${JSON.stringify(file)}: it is not valid JSON (${err.message})`, 1, "fix the file (Claude Code ignores it as it is), then run cc-dm setup --hooks again");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new CcDmError(`Cannot add hooks to ${JSON.stringify(file)}: it does not hold a JSON object`, 1);
  }
  return value;
}
function planHooks(file, current, command, uninstall) {
  const settings = current ?? {};
  const hooks = asRecord(settings.hooks);
  const { stripped, found, ours } = withoutCcDmHooks(hooks);
  if (uninstall) {
    if (found.length === 0) return {
      change: "absent",
      file,
      next: null,
      events: []
    };
    const next = {
      ...settings,
      hooks: stripped
    };
    if (Object.keys(stripped).length === 0) delete next.hooks;
    return {
      change: "remove",
      file,
      next,
      events: found
    };
  }
  const wanted = {
    ...stripped
  };
  const desired = {};
  for (const spec of HOOK_SPECS) {
    const group = hookGroup(spec, command);
    const existing = wanted[spec.event];
    if (existing !== void 0 && !Array.isArray(existing)) {
      throw new CcDmError(`Cannot add hooks to ${JSON.stringify(file)}: its hooks.${spec.event} is not a list`, 1, `fix hooks.${spec.event} (Claude Code expects [{"matcher": ..., "hooks": [...]}]), then run cc-dm setup --hooks again`);
    }
    const groups = existing ?? [];
    wanted[spec.event] = [
      ...groups,
      group
    ];
    (desired[spec.event] ??= []).push(JSON.stringify(group));
  }
  const events = HOOK_SPECS.map((s) => s.event);
  if (sameGroups(ours, desired)) return {
    change: "unchanged",
    file,
    next: null,
    events
  };
  return {
    change: found.length ? "update" : "add",
    file,
    next: {
      ...settings,
      hooks: wanted
    },
    events
  };
}
async function applyHooks(plan) {
  if (!plan.next) return;
  await Deno.mkdir(dirname(plan.file), {
    recursive: true
  });
  const mode = await Deno.stat(plan.file).then((s) => s.mode ?? 384).catch(() => 384);
  const temp = `${plan.file}.cc-dm-${Deno.pid}.tmp`;
  await Deno.writeTextFile(temp, JSON.stringify(plan.next, null, 2) + "\n", {
    mode: mode & 511
  });
  await Deno.rename(temp, plan.file);
}
function ccDmHookCommands(settings) {
  const { ours } = withoutCcDmHooks(asRecord(settings?.hooks));
  return Object.values(ours).flat().flatMap((group) => (JSON.parse(group).hooks ?? []).map((h) => h.command).filter((c) => typeof c === "string" && isCcDmHookCommand(c)));
}
function ccDmHookEvents(settings) {
  return withoutCcDmHooks(asRecord(settings?.hooks)).found;
}
function sameGroups(ours, desired) {
  const events = /* @__PURE__ */ new Set([
    ...Object.keys(ours),
    ...Object.keys(desired)
  ]);
  return [
    ...events
  ].every((e) => JSON.stringify(ours[e] ?? []) === JSON.stringify(desired[e] ?? []));
}
function withoutCcDmHooks(hooks) {
  const stripped = {};
  const found = [];
  const ours = {};
  for (const [event, groups] of Object.entries(hooks)) {
    if (!Array.isArray(groups)) {
      stripped[event] = groups;
      continue;
    }
    const kept = [];
    for (const group of groups) {
      const entries = group?.hooks;
      if (!Array.isArray(entries)) {
        kept.push(group);
        continue;
      }
      const others = entries.filter((h) => !(typeof h?.command === "string" && isCcDmHookCommand(h.command)));
      if (others.length < entries.length) {
        if (!found.includes(event)) found.push(event);
        (ours[event] ??= []).push(JSON.stringify(group));
      }
      if (others.length === entries.length) kept.push(group);
      else if (others.length) kept.push({
        ...group,
        hooks: others
      });
    }
    if (kept.length) stripped[event] = kept;
  }
  const order = (event) => {
    const at = HOOK_SPECS.findIndex((s) => s.event === event);
    return at < 0 ? HOOK_SPECS.length : at;
  };
  return {
    stripped,
    found: found.sort((a, b) => order(a) - order(b)),
    ours
  };
}
function asRecord(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
}

// lib/setup/settings_statusline.ts
function isCcDmStatusLine(value) {
  const command = value?.command;
  return typeof command === "string" && /(^|[\s\/\\'"])(cc-dm(\.exe)?|main\.ts|cc-dm\.js)['"]?\s+statusline(\s|$)/.test(command);
}
function planStatusLine(file, current, command, options) {
  const settings = current ?? {};
  const previous = settings.statusLine;
  if (options.uninstall) {
    if (previous === void 0 || !isCcDmStatusLine(previous)) {
      return {
        change: "absent",
        file,
        next: null,
        previous
      };
    }
    const next = {
      ...settings
    };
    delete next.statusLine;
    return {
      change: "remove",
      file,
      next,
      previous
    };
  }
  const wanted = {
    type: "command",
    command
  };
  if (JSON.stringify(previous) === JSON.stringify(wanted)) {
    return {
      change: "unchanged",
      file,
      next: null,
      previous
    };
  }
  if (previous !== void 0 && !isCcDmStatusLine(previous) && !options.force) {
    throw new CcDmError(`${file} already has a statusLine (${JSON.stringify(previous)}); cc-dm does not replace it`, 1, `keep yours, or replace it with cc-dm's: cc-dm setup --statusline --force (the old one is printed so you can restore it); to show both, call "${command}" from your own status line script`);
  }
  return {
    change: previous === void 0 ? "add" : "replace",
    file,
    next: {
      ...settings,
      statusLine: wanted
    },
    previous
  };
}

// lib/setup/bus_setting.ts
function busSetting(env) {
  const url = env.CC_DM_BUS_URL?.trim();
  if (!url) return {
    url: null,
    shown: null,
    hasPassword: false
  };
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new CcDmError(`--bus ${JSON.stringify(redactedUrl(url))} is not a PostgreSQL URL: expected postgres://... or postgresql://...`, 1, "cc-dm setup --bus postgres://USER@HOST/DATABASE (see docs/team.md), or no --bus for the local bus");
  }
  const parsed = parsePgUrl(url);
  const hasPassword = !!parsed.password || !!parsed.params.get("password");
  return {
    url,
    shown: redactedUrl(url),
    hasPassword
  };
}
function withBus(setting, command) {
  return setting.url ? `${envAssignment("CC_DM_BUS_URL", setting.url)} ${command}` : command;
}
function commandBus(command) {
  const match = command.match(/^CC_DM_BUS_URL=('(?:[^']|'\\'')*'|\S+) /);
  if (!match) return null;
  const word = match[1];
  return word.startsWith("'") ? word.slice(1, -1).replaceAll("'\\''", "'") : word;
}
function redactUrlsIn(text) {
  return text.replace(/(postgres(?:ql)?:\/\/[^\s:/@?#'"]*):[^\s@/?#'"]*@/gi, "$1:***@").replace(/([?&]password=)[^\s&#'"]*/gi, "$1***");
}

// cmd/setup.ts
var usage = `cc-dm setup: register cc-dm with Claude Code

Usage: cc-dm setup [--scope user|local|project] [--name NAME] [--hooks] [--bus URL] [--dry-run] [--uninstall]

Adds cc-dm's channel server to Claude Code with "claude mcp add", pointing at the absolute path
of the cc-dm you run this with. Running it again changes nothing when the entry is already
right, and updates it in place when it points elsewhere (an older install, another checkout).
That is all a session needs: cc-dm delivers through Claude Code's inbox socket, with no flag.
Then prints how to start Claude Code.

With --hooks it also adds cc-dm's hooks to your Claude Code settings (~/.claude/settings.json,
or $CLAUDE_CONFIG_DIR/settings.json), keeping everything else there: unread messages then
reach a session with its prompts and tool results, and wake it when idle, with no channel flag
and with any login (API keys included). See docs/hooks.md.

With --statusline it only adds "cc-dm statusline" as Claude Code's status line in the same
settings file (this session's cc-dm name, how it gets mail, unread count, live peers). A status
line you already have is kept: setup refuses unless --force, and then prints the old one.

With --bus URL (or CC_DM_BUS_URL set) the entry's env, the hooks and the status line all get
CC_DM_BUS_URL=URL: sessions then use that team's PostgreSQL bus (docs/team.md). Without it they
use the local bus, and an entry that had a bus URL loses it (setup says so). Setup prints the
URL without its password; keep the password in ~/.pgpass rather than in the URL (a URL with one
is refused for --scope project, whose .mcp.json is shared through git).

Options:
  -s, --scope SCOPE  user (default: every project), local (this project, only you)
                     or project (this directory's .mcp.json, shared through git)
  --name NAME        server name in Claude Code (default cc-dm); it is the source="..." of
                     every <channel> event and the prefix of the tools (mcp__NAME__dm)
  -n, --dry-run      print the claude commands it would run, change nothing
  --hooks            also add (with --uninstall: remove) cc-dm's hooks in the user settings
  --statusline       only add (with --uninstall: remove) cc-dm's status line in the user settings
  --force            with --statusline: replace a status line that is not cc-dm's
  --uninstall        remove the entry from that scope
  --claude PATH      the claude executable (default: claude on PATH)
  --bus URL          the team bus to write into the entry and hooks (a global option)
  -h, --help         this help

${GLOBAL_FLAGS_HELP}

Examples:
  cc-dm setup
  cc-dm setup --scope project        # commit .mcp.json so the whole team gets cc-dm
  cc-dm setup --dry-run
  cc-dm setup --hooks                # API-key login, or no channel flag: delivery by hooks
  cc-dm setup --uninstall
  cc-dm setup --uninstall --hooks
  cc-dm setup --statusline
  cc-dm setup --hooks --bus postgres://alice@db.example.com/ccdm?sslmode=verify-full
  CC_DM_SESSION_NAME=backend claude --dangerously-load-development-channels server:cc-dm

Installed the cc-dm plugin (/plugin install cc-dm@cc-dm)? Then you need no setup: the plugin
starts the same server and runs the same hooks. Use one or the other, not both.
`;
var CLAUDE_TIMEOUT_MS = 2e4;
var SERVER_NAME = /^[A-Za-z0-9_-]+$/;
function parseSetup(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      scope: {
        type: "string",
        short: "s",
        default: "user"
      },
      name: {
        type: "string",
        default: "cc-dm"
      },
      "dry-run": {
        type: "boolean",
        short: "n",
        default: false
      },
      uninstall: {
        type: "boolean",
        default: false
      },
      hooks: {
        type: "boolean",
        default: false
      },
      statusline: {
        type: "boolean",
        default: false
      },
      force: {
        type: "boolean",
        default: false
      },
      claude: {
        type: "string",
        default: "claude"
      },
      help: {
        type: "boolean",
        short: "h"
      }
    },
    strict: true,
    allowPositionals: true
  });
  if (values.help) return null;
  if (positionals.length) {
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`, "cc-dm setup --help");
  }
  if (!MCP_SCOPES.includes(values.scope)) {
    throw new UsageError(`--scope ${JSON.stringify(values.scope)} is not a scope: use user, local or project`, "cc-dm setup --scope user");
  }
  if (!SERVER_NAME.test(values.name)) {
    throw new UsageError(`--name ${JSON.stringify(values.name)} is not a valid MCP server name: use letters, digits, "-" and "_"`, "cc-dm setup --name cc-dm");
  }
  if (values.force && !values.statusline) {
    throw new UsageError("--force only applies with --statusline", "cc-dm setup --statusline --force");
  }
  if (values.statusline) {
    return {
      kind: "statusline",
      dryRun: values["dry-run"],
      uninstall: values.uninstall,
      force: values.force
    };
  }
  return {
    kind: "mcp",
    scope: values.scope,
    name: values.name,
    dryRun: values["dry-run"],
    uninstall: values.uninstall,
    hooks: values.hooks,
    claude: values.claude
  };
}
function runSetup(options, io) {
  return options.kind === "statusline" ? setupStatusLine(io, options) : setup(options, io);
}
var run = parseThenRun(usage, parseSetup, runSetup);
async function setup(options, io) {
  const bus = busSetting(io.env);
  if (bus.hasPassword && options.scope === "project" && !options.uninstall) {
    throw new CcDmError(`--bus ${JSON.stringify(bus.shown)} carries a password, and --scope project writes it to .mcp.json, which is shared through git`, 1, "give the URL without the password and keep it in ~/.pgpass (each member their own), or use --scope user");
  }
  const claude = await findExecutable(options.claude, io.env, io.cwd);
  if (!claude && !options.dryRun) {
    throw new CcDmError(`Claude Code's command ${JSON.stringify(options.claude)} was not found${options.claude.includes("/") ? "" : " on PATH"}`, 1, "install Claude Code (npm install -g @anthropic-ai/claude-code), or pass --claude /path/to/claude");
  }
  const self = selfCommand(io.env);
  const executable = await stableExecutablePath(self.command);
  const request = {
    name: options.name,
    scope: options.scope,
    uninstall: options.uninstall,
    desired: channelEntry(executable, self.args, options.name, bus.url ?? void 0)
  };
  const current = readMcpEntry(io.env, io.cwd, options.scope, options.name);
  const plan = planRegistration(request, current);
  const settingsFile = userSettingsPath(io.env);
  const settings = options.hooks ? await readSettings(settingsFile) : await readSettings(settingsFile).catch(() => null);
  const hooksPlan = options.hooks ? planHooks(settingsFile, settings, (args) => {
    const line = shellLine([
      executable,
      ...self.args,
      ...args
    ]);
    if (bus.url) return withBus(bus, line);
    return self.mode === "launcher" ? line : withNoMailCheck(args, line);
  }, options.uninstall) : null;
  if (options.dryRun) {
    if (!plan.steps.length) io.stdout(`${describe(plan.change, request, current)}
`);
    else {
      io.stdout(`Would run:
`);
      for (const args of plan.steps) io.stdout(`  ${redactUrlsIn(shellLine([
        options.claude,
        ...args
      ]))}
`);
    }
    if (hooksPlan) io.stdout(`${describeHooks(hooksPlan, true)}
`);
    if (!claude) io.stdout(`(and "${options.claude}" was not found: install Claude Code first)
`);
    return 0;
  }
  const change = await applyRegistration(plan, request, claude, {
    env: io.env,
    cwd: io.cwd,
    timeoutMs: CLAUDE_TIMEOUT_MS
  });
  io.stdout(`${describe(change, request, current)}
`);
  for (const note of busNotes(bus, current, options, settingsFile)) io.stdout(`${note}
`);
  if (!options.hooks && !options.uninstall) {
    const other = ccDmHookCommands(settings).map(commandBus).find((b) => b !== bus.url);
    if (other !== void 0) {
      io.stdout(`Note: cc-dm's hooks in ${settingsFile} use ${other ? `the bus ${redactUrlsIn(other)}` : "the local bus"}, not this one: cc-dm setup --hooks${bus.url ? " --bus URL" : ""} updates them
`);
    }
  }
  if (hooksPlan) {
    await applyHooks(hooksPlan);
    io.stdout(`${describeHooks(hooksPlan, false)}
`);
  } else if (options.uninstall && ccDmHookEvents(settings).length) {
    io.stdout(`Note: cc-dm's hooks are still in ${settingsFile}: cc-dm setup --uninstall --hooks
`);
  }
  for (const other of MCP_SCOPES.filter((s) => s !== options.scope)) {
    if (readMcpEntry(io.env, io.cwd, other, options.name)) {
      io.stdout(options.uninstall ? `Note: ${other} scope still has a "${options.name}" entry: cc-dm setup --uninstall --scope ${other}
` : `Note: ${other} scope also has a "${options.name}" entry; Claude Code uses one of them (local wins over project, project over user).
`);
    }
  }
  if (!options.uninstall) {
    for (const plugin of installedCcDmPlugins(io.env)) {
      io.stdout(`Note: the cc-dm plugin (${plugin}) is installed as well, so each session would start two cc-dm servers; keep one: claude plugin uninstall ${plugin}, or cc-dm setup --uninstall
`);
    }
    io.stdout(`
${options.hooks ? nextStepsWithHooks(request, self) : nextSteps(request, self)}`);
  }
  return 0;
}
async function setupStatusLine(io, options) {
  const file = userSettingsPath(io.env);
  const self = selfCommand(io.env);
  const executable = await stableExecutablePath(self.command);
  const bus = busSetting(io.env);
  const command = withBus(bus, shellLine([
    executable,
    ...self.args,
    "statusline"
  ]));
  const plan = planStatusLine(file, await readSettings(file), command, options);
  if (!options.dryRun) await applyHooks({
    change: "add",
    file,
    next: plan.next,
    events: []
  });
  const would = options.dryRun ? "Would " : "";
  const old = plan.previous === void 0 ? "" : `
  it replaced: ${JSON.stringify(plan.previous)}`;
  const text = {
    add: `${would ? "Would add" : "Added"} cc-dm's status line to ${file}: ${command}`,
    replace: `${would ? "Would replace" : "Replaced"} the status line in ${file} with cc-dm's: ${command}${old}`,
    unchanged: `cc-dm's status line is already in ${file}: nothing to change.`,
    remove: `${would ? "Would remove" : "Removed"} cc-dm's status line from ${file}.`,
    absent: `${file} has no cc-dm status line: nothing to remove.`
  };
  io.stdout(redactUrlsIn(text[plan.change]) + "\n");
  if (bus.hasPassword && !options.uninstall) io.stdout(`${passwordNote([
    file
  ])}
`);
  return 0;
}
function busNotes(bus, current, options, settingsFile) {
  if (options.uninstall) return [];
  const notes = [];
  const before = current?.env.CC_DM_BUS_URL;
  if (bus.shown) {
    notes.push(`Bus: ${bus.shown} (every session's channel${options.hooks ? " and cc-dm's hooks" : ""} use this team bus; docs/team.md)`);
  } else if (before) {
    notes.push(`Note: the entry used the bus ${redactUrlsIn(before)}; it now uses the local bus. To keep the team bus: cc-dm setup --bus URL${options.hooks ? " --hooks" : ""}`);
  }
  if (bus.hasPassword) {
    const files = [
      options.scope === "project" ? ".mcp.json" : "Claude Code's configuration (~/.claude.json)"
    ];
    if (options.hooks) files.push(settingsFile);
    notes.push(passwordNote(files));
  }
  return notes;
}
function passwordNote(files) {
  return `Note: the bus URL carries a password, now stored in plain text in ${files.join(" and ")}. Safer: keep it in ~/.pgpass (mode 0600) and run setup again with the URL without it.`;
}
function describe(change, request, current) {
  const { name, scope } = request;
  const line = (e) => shellLine([
    e.command,
    ...e.args
  ]) + (e.env.CC_DM_BUS_URL ? ` (bus ${redactUrlsIn(e.env.CC_DM_BUS_URL)})` : "");
  switch (change) {
    case "unchanged":
      return `cc-dm is already registered with Claude Code as "${name}" (${scope} scope): nothing to change.`;
    case "add":
      return `Registered cc-dm with Claude Code as "${name}" (${scope} scope): ${line(request.desired)}`;
    case "update":
      return `Updated "${name}" (${scope} scope) in place.
  was: ${current ? line(current) : "(an entry setup could not read)"}
  now: ${line(request.desired)}`;
    case "remove":
      return `Removed "${name}" from Claude Code (${scope} scope).`;
    case "absent":
      return `Claude Code has no "${name}" entry in ${scope} scope: nothing to remove.`;
  }
}
function describeHooks(plan, dryRun) {
  const file = plan.file;
  const events = plan.events.join(", ");
  switch (plan.change) {
    case "unchanged":
      return `cc-dm's hooks are already in ${file}: nothing to change.`;
    case "absent":
      return `${file} has no cc-dm hooks: nothing to remove.`;
    case "remove":
      return `${dryRun ? "Would remove" : "Removed"} cc-dm's hooks (${events}) from ${file}.`;
    case "add":
    case "update": {
      const groups = plan.next?.hooks ?? {};
      const lines = HOOK_SPECS.map((spec) => {
        const written = redactUrlsIn(groups[spec.event]?.at(-1)?.hooks[0]?.command ?? "");
        const checked = written.startsWith(`${NO_MAIL_CHECK}; exec `);
        const command = checked ? `${written.slice(NO_MAIL_CHECK.length + 7)} (after an sh check for the "no mail" marker)` : written;
        const how = spec.asyncRewake ? `waits for mail, timeout ${spec.timeout} s` : `timeout ${spec.timeout} s`;
        return `  ${spec.event}${spec.matcher ? ` (${spec.matcher})` : ""}: ${command}  [${how}]`;
      });
      const verb = dryRun ? `Would ${plan.change === "add" ? "add" : "update"}` : plan.change === "add" ? "Added" : "Updated";
      return `${verb} cc-dm's hooks in ${file}:
${lines.join("\n")}`;
    }
  }
}
function nextStepsWithHooks(request, self) {
  const send = shellLine([
    self.mode === "binary" || self.mode === "launcher" ? "cc-dm" : self.command,
    ...self.args,
    "send",
    "backend",
    "hello"
  ]);
  return [
    `Start Claude Code as usual, with a cc-dm name; no flag is needed (messages come through the`,
    `session's inbox socket, or the hooks where it is off):`,
    `  ${shellLine([
      "CC_DM_SESSION_NAME=backend",
      "claude"
    ])}`,
    `Then, from any shell:`,
    `  ${send}`,
    `An idle session wakes up when a message arrives; a busy one gets it with its next tool result.`,
    `Accounts with channels can push them as channel events instead:`,
    `  ${shellLine([
      "claude",
      ...channelFlag(request.name)
    ])}`,
    ...request.scope === "project" ? [
      `Claude Code asks once to approve the servers in this directory's .mcp.json.`
    ] : [],
    `Nothing arrives? cc-dm doctor`,
    ""
  ].join("\n");
}
function nextSteps(request, self) {
  const flag = channelFlag(request.name);
  const send = shellLine([
    self.mode === "binary" || self.mode === "launcher" ? "cc-dm" : self.command,
    ...self.args,
    "send",
    "backend",
    "hello"
  ]);
  return [
    `Start Claude Code as usual, with a cc-dm name; no flag is needed (messages arrive through the`,
    `session's inbox socket, Claude Code 2.1.224 or later):`,
    `  ${shellLine([
      "CC_DM_SESSION_NAME=backend",
      "claude"
    ])}`,
    `Then, from any shell:`,
    `  ${send}`,
    `An idle session starts a turn at once; a busy one gets the message after its running tool.`,
    ...request.scope === "project" ? [
      `Claude Code asks once to approve the servers in this directory's .mcp.json.`
    ] : [],
    `Accounts with channels can push them as channel events instead:`,
    `  ${shellLine([
      "CC_DM_SESSION_NAME=backend",
      "claude",
      ...flag
    ])}`,
    `(Claude Code then warns about development channels: choose "I am using this for local development".)`,
    `Nothing arrives? cc-dm doctor`,
    ""
  ].join("\n");
}
export {
  parseSetup,
  run,
  runSetup,
  usage
};
