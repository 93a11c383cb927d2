import { parseArgs } from "node:util";
import type { Io } from "./io.ts";
import { parseThenRun } from "./parse_then_run.ts";
import { CcDmError, UsageError } from "../lib/errors.ts";
import { installedCcDmPlugins, readMcpEntry } from "../lib/claude_code/mcp_config.ts";
import { findExecutable } from "../lib/setup/run_claude.ts";
import {
  type AddScope,
  applyRegistration,
  channelEntry,
  MCP_SCOPES,
  type McpServerEntry,
  planRegistration,
  type RegistrationChange,
  type RegistrationRequest,
} from "../lib/setup/mcp_registration.ts";
import { channelFlag, shellLine } from "../lib/setup/shell_line.ts";
import { stableExecutablePath } from "../lib/setup/stable_path.ts";
import { type SelfCommand, selfCommand } from "../lib/self_command.ts";
import {
  applyHooks,
  ccDmHookCommands,
  ccDmHookEvents,
  type HooksPlan,
  planHooks,
  readSettings,
} from "../lib/setup/settings_hooks.ts";
import { HOOK_SPECS, withNoMailCheck } from "../lib/hook/hook_config.ts";
import { NO_MAIL_CHECK } from "../lib/bus/no_mail_marks.ts";
import { userSettingsPath } from "../lib/claude_code/paths.ts";
import { planStatusLine } from "../lib/setup/settings_statusline.ts";
import { type BusSetting, busSetting, commandBus, redactUrlsIn, withBus } from "../lib/setup/bus_setting.ts";
import { GLOBAL_FLAGS_HELP } from "./global_flags.ts";

export const usage = `cc-dm setup: register cc-dm with Claude Code

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

/** Each `claude` run is killed after this long; `claude mcp add` normally takes 0.2 s. */
const CLAUDE_TIMEOUT_MS = 20_000;
const SERVER_NAME = /^[A-Za-z0-9_-]+$/;

/** `cc-dm setup`: the MCP entry (and with --hooks the hooks). */
export interface SetupOptions {
  kind: "mcp";
  scope: AddScope;
  name: string;
  dryRun: boolean;
  uninstall: boolean;
  hooks: boolean;
  claude: string;
}

/** `cc-dm setup --statusline`. */
export interface StatusLineSetupOptions {
  kind: "statusline";
  dryRun: boolean;
  uninstall: boolean;
  force: boolean;
}

/** Parse `cc-dm setup` arguments (UsageError on bad ones); null for --help. */
export function parseSetup(argv: string[]): SetupOptions | StatusLineSetupOptions | null {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      scope: { type: "string", short: "s", default: "user" },
      name: { type: "string", default: "cc-dm" },
      "dry-run": { type: "boolean", short: "n", default: false },
      uninstall: { type: "boolean", default: false },
      hooks: { type: "boolean", default: false },
      statusline: { type: "boolean", default: false },
      force: { type: "boolean", default: false },
      claude: { type: "string", default: "claude" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) return null;
  if (positionals.length) {
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`, "cc-dm setup --help");
  }
  if (!(MCP_SCOPES as readonly string[]).includes(values.scope)) {
    throw new UsageError(
      `--scope ${JSON.stringify(values.scope)} is not a scope: use user, local or project`,
      "cc-dm setup --scope user",
    );
  }
  if (!SERVER_NAME.test(values.name)) {
    throw new UsageError(
      `--name ${
        JSON.stringify(values.name)
      } is not a valid MCP server name: use letters, digits, "-" and "_"`,
      "cc-dm setup --name cc-dm",
    );
  }
  if (values.force && !values.statusline) {
    throw new UsageError("--force only applies with --statusline", "cc-dm setup --statusline --force");
  }
  if (values.statusline) {
    return {
      kind: "statusline",
      dryRun: values["dry-run"],
      uninstall: values.uninstall,
      force: values.force,
    };
  }
  return {
    kind: "mcp",
    scope: values.scope as AddScope,
    name: values.name,
    dryRun: values["dry-run"],
    uninstall: values.uninstall,
    hooks: values.hooks,
    claude: values.claude,
  };
}

/** Register (or remove) what `options` names. */
export function runSetup(options: SetupOptions | StatusLineSetupOptions, io: Io): Promise<number> {
  return options.kind === "statusline" ? setupStatusLine(io, options) : setup(options, io);
}

export const run = parseThenRun(usage, parseSetup, runSetup);

async function setup(options: SetupOptions, io: Io): Promise<number> {
  const bus = busSetting(io.env);
  if (bus.hasPassword && options.scope === "project" && !options.uninstall) {
    throw new CcDmError(
      `--bus ${
        JSON.stringify(bus.shown)
      } carries a password, and --scope project writes it to .mcp.json, which is shared through git`,
      1,
      "give the URL without the password and keep it in ~/.pgpass (each member their own), or use --scope user",
    );
  }
  const claude = await findExecutable(options.claude, io.env, io.cwd);
  if (!claude && !options.dryRun) {
    throw new CcDmError(
      `Claude Code's command ${JSON.stringify(options.claude)} was not found${
        options.claude.includes("/") ? "" : " on PATH"
      }`,
      1,
      "install Claude Code (npm install -g @anthropic-ai/claude-code), or pass --claude /path/to/claude",
    );
  }
  const self = selfCommand(io.env);
  const executable = await stableExecutablePath(self.command);
  const request: RegistrationRequest = {
    name: options.name,
    scope: options.scope,
    uninstall: options.uninstall,
    desired: channelEntry(executable, self.args, options.name, bus.url ?? undefined),
  };
  const current = readMcpEntry(io.env, io.cwd, options.scope, options.name);
  const plan = planRegistration(request, current);

  const settingsFile = userSettingsPath(io.env);
  // Without --hooks the file is read only for a note: a broken one must not stop setup.
  const settings = options.hooks
    ? await readSettings(settingsFile)
    : await readSettings(settingsFile).catch(() => null);
  const hooksPlan = options.hooks
    ? planHooks(
      settingsFile,
      settings,
      (args) => {
        const line = shellLine([executable, ...self.args, ...args]);
        // The sh "no mail" check looks at the local bus's marker files: never with a team bus.
        if (bus.url) return withBus(bus, line);
        return self.mode === "launcher" ? line : withNoMailCheck(args, line);
      },
      options.uninstall,
    )
    : null;

  if (options.dryRun) {
    if (!plan.steps.length) io.stdout(`${describe(plan.change, request, current)}\n`);
    else {
      io.stdout(`Would run:\n`);
      for (const args of plan.steps) io.stdout(`  ${redactUrlsIn(shellLine([options.claude, ...args]))}\n`);
    }
    if (hooksPlan) io.stdout(`${describeHooks(hooksPlan, true)}\n`);
    if (!claude) io.stdout(`(and "${options.claude}" was not found: install Claude Code first)\n`);
    return 0;
  }

  const change = await applyRegistration(plan, request, claude!, {
    env: io.env,
    cwd: io.cwd,
    timeoutMs: CLAUDE_TIMEOUT_MS,
  });
  io.stdout(`${describe(change, request, current)}\n`);
  for (const note of busNotes(bus, current, options, settingsFile)) io.stdout(`${note}\n`);
  if (!options.hooks && !options.uninstall) {
    // Hooks installed earlier talk to the bus they were written with: say when that is another one.
    const other = ccDmHookCommands(settings).map(commandBus).find((b) => b !== bus.url);
    if (other !== undefined) {
      io.stdout(
        `Note: cc-dm's hooks in ${settingsFile} use ${
          other ? `the bus ${redactUrlsIn(other)}` : "the local bus"
        }, not this one: cc-dm setup --hooks${bus.url ? " --bus URL" : ""} updates them\n`,
      );
    }
  }
  if (hooksPlan) {
    await applyHooks(hooksPlan);
    io.stdout(`${describeHooks(hooksPlan, false)}\n`);
  } else if (options.uninstall && ccDmHookEvents(settings).length) {
    io.stdout(`Note: cc-dm's hooks are still in ${settingsFile}: cc-dm setup --uninstall --hooks\n`);
  }
  for (const other of MCP_SCOPES.filter((s) => s !== options.scope)) {
    if (readMcpEntry(io.env, io.cwd, other, options.name)) {
      io.stdout(
        options.uninstall
          ? `Note: ${other} scope still has a "${options.name}" entry: cc-dm setup --uninstall --scope ${other}\n`
          : `Note: ${other} scope also has a "${options.name}" entry; Claude Code uses one of them (local wins over project, project over user).\n`,
      );
    }
  }
  if (!options.uninstall) {
    for (const plugin of installedCcDmPlugins(io.env)) {
      io.stdout(
        `Note: the cc-dm plugin (${plugin}) is installed as well, so each session would start two cc-dm servers; keep one: claude plugin uninstall ${plugin}, or cc-dm setup --uninstall\n`,
      );
    }
    io.stdout(`\n${options.hooks ? nextStepsWithHooks(request, self) : nextSteps(request, self)}`);
  }
  return 0;
}

async function setupStatusLine(
  io: Io,
  options: { dryRun: boolean; uninstall: boolean; force: boolean },
): Promise<number> {
  const file = userSettingsPath(io.env);
  const self = selfCommand(io.env);
  const executable = await stableExecutablePath(self.command);
  const bus = busSetting(io.env);
  const command = withBus(bus, shellLine([executable, ...self.args, "statusline"]));
  const plan = planStatusLine(file, await readSettings(file), command, options);
  if (!options.dryRun) await applyHooks({ change: "add", file, next: plan.next, events: [] });
  const would = options.dryRun ? "Would " : "";
  const old = plan.previous === undefined ? "" : `\n  it replaced: ${JSON.stringify(plan.previous)}`;
  const text: Record<typeof plan.change, string> = {
    add: `${would ? "Would add" : "Added"} cc-dm's status line to ${file}: ${command}`,
    replace: `${
      would ? "Would replace" : "Replaced"
    } the status line in ${file} with cc-dm's: ${command}${old}`,
    unchanged: `cc-dm's status line is already in ${file}: nothing to change.`,
    remove: `${would ? "Would remove" : "Removed"} cc-dm's status line from ${file}.`,
    absent: `${file} has no cc-dm status line: nothing to remove.`,
  };
  io.stdout(redactUrlsIn(text[plan.change]) + "\n");
  if (bus.hasPassword && !options.uninstall) io.stdout(`${passwordNote([file])}\n`);
  return 0;
}

/** What setup says about the bus it wrote: the one in use, a bus URL dropped, a password stored. */
function busNotes(
  bus: BusSetting,
  current: McpServerEntry | null,
  options: SetupOptions,
  settingsFile: string,
): string[] {
  if (options.uninstall) return [];
  const notes: string[] = [];
  const before = current?.env.CC_DM_BUS_URL;
  if (bus.shown) {
    notes.push(
      `Bus: ${bus.shown} (every session's channel${
        options.hooks ? " and cc-dm's hooks" : ""
      } use this team bus; docs/team.md)`,
    );
  } else if (before) {
    notes.push(
      `Note: the entry used the bus ${
        redactUrlsIn(before)
      }; it now uses the local bus. To keep the team bus: cc-dm setup --bus URL${
        options.hooks ? " --hooks" : ""
      }`,
    );
  }
  if (bus.hasPassword) {
    const files = [
      options.scope === "project" ? ".mcp.json" : "Claude Code's configuration (~/.claude.json)",
    ];
    if (options.hooks) files.push(settingsFile);
    notes.push(passwordNote(files));
  }
  return notes;
}

function passwordNote(files: string[]): string {
  return `Note: the bus URL carries a password, now stored in plain text in ${
    files.join(" and ")
  }. Safer: keep it in ~/.pgpass (mode 0600) and run setup again with the URL without it.`;
}

function describe(
  change: RegistrationChange,
  request: RegistrationRequest,
  current: McpServerEntry | null,
): string {
  const { name, scope } = request;
  const line = (e: McpServerEntry) =>
    shellLine([e.command, ...e.args]) +
    (e.env.CC_DM_BUS_URL ? ` (bus ${redactUrlsIn(e.env.CC_DM_BUS_URL)})` : "");
  switch (change) {
    case "unchanged":
      return `cc-dm is already registered with Claude Code as "${name}" (${scope} scope): nothing to change.`;
    case "add":
      return `Registered cc-dm with Claude Code as "${name}" (${scope} scope): ${line(request.desired)}`;
    case "update":
      return `Updated "${name}" (${scope} scope) in place.\n  was: ${
        current ? line(current) : "(an entry setup could not read)"
      }\n  now: ${line(request.desired)}`;
    case "remove":
      return `Removed "${name}" from Claude Code (${scope} scope).`;
    case "absent":
      return `Claude Code has no "${name}" entry in ${scope} scope: nothing to remove.`;
  }
}

function describeHooks(plan: HooksPlan, dryRun: boolean): string {
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
      const groups = (plan.next?.hooks ?? {}) as Record<
        string,
        { matcher?: string; hooks: { command: string }[] }[]
      >;
      const lines = HOOK_SPECS.map((spec) => {
        const written = redactUrlsIn(groups[spec.event]?.at(-1)?.hooks[0]?.command ?? "");
        const checked = written.startsWith(`${NO_MAIL_CHECK}; exec `);
        const command = checked
          ? `${written.slice(NO_MAIL_CHECK.length + 7)} (after an sh check for the "no mail" marker)`
          : written;
        const how = spec.asyncRewake
          ? `waits for mail, timeout ${spec.timeout} s`
          : `timeout ${spec.timeout} s`;
        return `  ${spec.event}${spec.matcher ? ` (${spec.matcher})` : ""}: ${command}  [${how}]`;
      });
      const verb = dryRun
        ? `Would ${plan.change === "add" ? "add" : "update"}`
        : plan.change === "add"
        ? "Added"
        : "Updated";
      return `${verb} cc-dm's hooks in ${file}:\n${lines.join("\n")}`;
    }
  }
}

function nextStepsWithHooks(request: RegistrationRequest, self: SelfCommand): string {
  const send = shellLine([
    self.mode === "binary" || self.mode === "launcher" ? "cc-dm" : self.command,
    ...self.args,
    "send",
    "backend",
    "hello",
  ]);
  return [
    `Start Claude Code as usual, with a cc-dm name; no flag is needed (messages come through the`,
    `session's inbox socket, or the hooks where it is off):`,
    `  ${shellLine(["CC_DM_SESSION_NAME=backend", "claude"])}`,
    `Then, from any shell:`,
    `  ${send}`,
    `An idle session wakes up when a message arrives; a busy one gets it with its next tool result.`,
    `Accounts with channels can push them as channel events instead:`,
    `  ${shellLine(["claude", ...channelFlag(request.name)])}`,
    ...(request.scope === "project"
      ? [`Claude Code asks once to approve the servers in this directory's .mcp.json.`]
      : []),
    `Nothing arrives? cc-dm doctor`,
    "",
  ].join("\n");
}

function nextSteps(request: RegistrationRequest, self: SelfCommand): string {
  const flag = channelFlag(request.name);
  const send = shellLine([
    self.mode === "binary" || self.mode === "launcher" ? "cc-dm" : self.command,
    ...self.args,
    "send",
    "backend",
    "hello",
  ]);
  return [
    `Start Claude Code as usual, with a cc-dm name; no flag is needed (messages arrive through the`,
    `session's inbox socket, Claude Code 2.1.224 or later):`,
    `  ${shellLine(["CC_DM_SESSION_NAME=backend", "claude"])}`,
    `Then, from any shell:`,
    `  ${send}`,
    `An idle session starts a turn at once; a busy one gets the message after its running tool.`,
    ...(request.scope === "project"
      ? [`Claude Code asks once to approve the servers in this directory's .mcp.json.`]
      : []),
    `Accounts with channels can push them as channel events instead:`,
    `  ${shellLine(["CC_DM_SESSION_NAME=backend", "claude", ...flag])}`,
    `(Claude Code then warns about development channels: choose "I am using this for local development".)`,
    `Nothing arrives? cc-dm doctor`,
    "",
  ].join("\n");
}
