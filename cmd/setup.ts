import { parseArgs } from "node:util";
import type { Io } from "./io.ts";
import { CcDmError, UsageError } from "../lib/errors.ts";
import {
  findExecutable,
  installedCcDmPlugins,
  MCP_SCOPES,
  type McpScope,
  type McpServerEntry,
  readMcpEntry,
} from "../lib/claude_mcp.ts";
import {
  applyRegistration,
  channelEntry,
  planRegistration,
  type RegistrationChange,
  type RegistrationRequest,
} from "../lib/setup/mcp_registration.ts";
import { channelFlag, shellLine } from "../lib/setup/shell_line.ts";
import { stableExecutablePath } from "../lib/setup/stable_path.ts";
import { selfCommand } from "../lib/self_command.ts";

export const usage = `cc-dm setup: register cc-dm with Claude Code

Usage: cc-dm setup [--scope user|local|project] [--name NAME] [--dry-run] [--uninstall]

Adds cc-dm's channel server to Claude Code with "claude mcp add", pointing at the absolute path
of the cc-dm you run this with. Running it again changes nothing when the entry is already
right, and updates it in place when it points elsewhere (an older install, another checkout).
Then prints how to start Claude Code with the cc-dm channel on.

Options:
  -s, --scope SCOPE  user (default: every project), local (this project, only you)
                     or project (this directory's .mcp.json, shared through git)
  --name NAME        server name in Claude Code (default cc-dm); it is the source="..." of
                     every <channel> event and the prefix of the tools (mcp__NAME__dm)
  -n, --dry-run      print the claude commands it would run, change nothing
  --uninstall        remove the entry from that scope
  --claude PATH      the claude executable (default: claude on PATH)
  -h, --help         this help

Examples:
  cc-dm setup
  cc-dm setup --scope project        # commit .mcp.json so the whole team gets cc-dm
  cc-dm setup --dry-run
  cc-dm setup --uninstall
  CC_DM_SESSION_NAME=backend claude --dangerously-load-development-channels server:cc-dm

Installed the cc-dm plugin (/plugin install cc-dm@cc-dm)? Then you need no setup: the plugin
starts the same server. Use one or the other, not both.
`;

/** Each `claude` run is killed after this long; `claude mcp add` normally takes 0.2 s. */
const CLAUDE_TIMEOUT_MS = 20_000;
const SERVER_NAME = /^[A-Za-z0-9_-]+$/;

interface SetupOptions {
  scope: McpScope;
  name: string;
  dryRun: boolean;
  uninstall: boolean;
  claude: string;
}

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      scope: { type: "string", short: "s", default: "user" },
      name: { type: "string", default: "cc-dm" },
      "dry-run": { type: "boolean", short: "n", default: false },
      uninstall: { type: "boolean", default: false },
      claude: { type: "string", default: "claude" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout(usage);
    return 0;
  }
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
  return await setup({
    scope: values.scope as McpScope,
    name: values.name,
    dryRun: values["dry-run"],
    uninstall: values.uninstall,
    claude: values.claude,
  }, io);
}

async function setup(options: SetupOptions, io: Io): Promise<number> {
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
  const self = selfCommand();
  const request: RegistrationRequest = {
    name: options.name,
    scope: options.scope,
    uninstall: options.uninstall,
    desired: channelEntry(await stableExecutablePath(self.command), self.args),
  };
  const current = await readMcpEntry(io.env, io.cwd, options.scope, options.name);
  const plan = planRegistration(request, current);

  // Further setup steps (e.g. `--hooks`, the hooks issue) plan and apply here, after the MCP entry.

  if (options.dryRun) {
    if (!plan.steps.length) io.stdout(`${describe(plan.change, request, current)}\n`);
    else {
      io.stdout(`Would run:\n`);
      for (const args of plan.steps) io.stdout(`  ${shellLine([options.claude, ...args])}\n`);
    }
    if (!claude) io.stdout(`(and "${options.claude}" was not found: install Claude Code first)\n`);
    return 0;
  }

  const change = await applyRegistration(plan, request, claude!, {
    env: io.env,
    cwd: io.cwd,
    timeoutMs: CLAUDE_TIMEOUT_MS,
  });
  io.stdout(`${describe(change, request, current)}\n`);
  for (const other of MCP_SCOPES.filter((s) => s !== options.scope)) {
    if (await readMcpEntry(io.env, io.cwd, other, options.name)) {
      io.stdout(
        options.uninstall
          ? `Note: ${other} scope still has a "${options.name}" entry: cc-dm setup --uninstall --scope ${other}\n`
          : `Note: ${other} scope also has a "${options.name}" entry; Claude Code uses one of them (local wins over project, project over user).\n`,
      );
    }
  }
  if (!options.uninstall) {
    for (const plugin of await installedCcDmPlugins(io.env)) {
      io.stdout(
        `Note: the cc-dm plugin (${plugin}) is installed as well, so each session would start two cc-dm servers; keep one: claude plugin uninstall ${plugin}, or cc-dm setup --uninstall\n`,
      );
    }
    io.stdout(`\n${nextSteps(request)}`);
  }
  return 0;
}

function describe(
  change: RegistrationChange,
  request: RegistrationRequest,
  current: McpServerEntry | null,
): string {
  const { name, scope } = request;
  const line = (e: McpServerEntry) => shellLine([e.command, ...e.args]);
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

function nextSteps(request: RegistrationRequest): string {
  const flag = channelFlag(request.name);
  const self = selfCommand();
  const send = shellLine([
    self.mode === "binary" ? "cc-dm" : self.command,
    ...self.args,
    "send",
    "backend",
    "hello",
  ]);
  return [
    `Start Claude Code with the cc-dm channel on (messages then arrive by themselves):`,
    `  ${shellLine(["claude", ...flag])}`,
    `Or give the session its cc-dm name up front:`,
    `  ${shellLine(["CC_DM_SESSION_NAME=backend", "claude", ...flag])}`,
    `Then, from any shell:`,
    `  ${send}`,
    ...(request.scope === "project"
      ? [`Claude Code asks once to approve the servers in this directory's .mcp.json.`]
      : []),
    `Claude Code shows a warning about development channels on start: choose "I am using this for local development".`,
    `Nothing arrives? cc-dm doctor`,
    "",
  ].join("\n");
}
