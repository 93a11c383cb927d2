// cc-dm: direct messages between Claude Code sessions. This file only dispatches to cmd/<name>.ts
// and is the only place that exits the process.
import { CcDmError } from "./lib/errors.ts";
import { VERSION } from "./lib/version.ts";
import { type Io, processIo } from "./cmd/io.ts";
import { loadProcessSupport } from "./lib/process_info.ts";
import { EXIT_CODES } from "./cmd/exit_codes.ts";
import { flagProblem, isParseArgsError } from "./cmd/flag_error.ts";
import { GLOBAL_FLAGS_HELP, takeGlobalFlags } from "./cmd/global_flags.ts";

type Command = { run: (argv: string[], io: Io) => Promise<number>; usage: string };

// Loaded on demand: `cc-dm send` and the hooks must not pay for the MCP SDK's start-up.
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  send: { summary: "send a message to a session (or --broadcast)", load: () => import("./cmd/send.ts") },
  ask: { summary: "send a question and wait for the reply", load: () => import("./cmd/ask.ts") },
  who: {
    summary: "list sessions: live, their state and status, offline with mail",
    load: () => import("./cmd/who.ts"),
  },
  tail: { summary: "show recent messages and follow new ones", load: () => import("./cmd/tail.ts") },
  inbox: { summary: "read the messages sent to you (cli:<you>)", load: () => import("./cmd/inbox.ts") },
  wait: { summary: "block until a session is idle (or another state)", load: () => import("./cmd/wait.ts") },
  peek: { summary: "show what a session's model said last", load: () => import("./cmd/peek.ts") },
  completions: {
    summary: "shell completions: cc-dm completions bash|zsh|fish",
    load: () => import("./cmd/completions.ts"),
  },
  statusline: {
    summary: "one line for Claude Code's status line (setup --statusline)",
    load: () => import("./cmd/statusline.ts"),
  },
  approve: {
    summary: "allow a tool call a session relayed for permission",
    load: () => import("./cmd/approve.ts"),
  },
  deny: {
    summary: "refuse a tool call a session relayed for permission",
    load: () => import("./cmd/deny.ts"),
  },
  doctor: { summary: "check why messages do not arrive", load: () => import("./cmd/doctor.ts") },
  setup: { summary: "register cc-dm with Claude Code", load: () => import("./cmd/setup.ts") },
  bus: {
    summary: "a PostgreSQL bus for a team: init, grant, revoke",
    load: () => import("./cmd/bus.ts"),
  },
  hook: { summary: "deliver messages through Claude Code hooks", load: () => import("./cmd/hook.ts") },
  channel: {
    summary: "the MCP server Claude Code runs for each session",
    load: () => import("./cmd/channel.ts"),
  },
};

export { EXIT_CODES };

/** Every command's name and usage text, in the order of `cc-dm --help` (for shell completions). */
export async function commandUsages(): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for (const [name, entry] of Object.entries(COMMANDS)) out.push([name, (await entry.load()).usage]);
  return out;
}

function mainUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `cc-dm ${VERSION}: direct messages between Claude Code sessions, humans and scripts

Usage: cc-dm <command> [options]      cc-dm <command> --help for details and examples

Commands:
${lines.join("\n")}

${GLOBAL_FLAGS_HELP}

Environment:
  CC_DM_HOME     directory of the local bus (default ~/.cc-dm)
  CC_DM_BUS_URL  a team's PostgreSQL bus instead (postgres://...; docs/team.md, cc-dm bus --help);
                 --bus is its twin
  NO_COLOR       no colour in human output

${EXIT_CODES}
`;
}

/**
 * Run one command line with the given I/O and return its exit code: what the process does,
 * minus exiting (tests drive it in-process with buffers). `exportEnv` (the real process only)
 * also sets the global flags' variables for the processes the command starts.
 */
export async function runCli(argv: string[], io: Io, exportEnv = false): Promise<number> {
  let global;
  try {
    global = takeGlobalFlags(argv);
  } catch (err) {
    if (!(err instanceof CcDmError)) throw err;
    io.stderr(`Error: ${err.message}
${
      err.hint
        ? `Try: ${err.hint}
`
        : ""
    }`);
    return err.exitCode;
  }
  // The flag is the variable's twin: the command and every process it starts see the same bus.
  if (exportEnv) { for (const [key, value] of Object.entries(global.env)) Deno.env.set(key, value); }
  io = { ...io, env: { ...io.env, ...global.env } };
  await loadProcessSupport();
  const [name, ...rest] = global.argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? rest[0] : undefined;
    if (topic && COMMANDS[topic]) {
      io.stdout(withGlobalHelp((await COMMANDS[topic].load()).usage));
      return 0;
    }
    io.stdout(mainUsage());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    io.stdout(`cc-dm ${VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr(`Error: unknown command ${JSON.stringify(name)}\nTry: cc-dm --help\n`);
    return 2;
  }
  const command = await entry.load();
  // A command's --help shows the global options too (its own usage does not know them).
  const stdout = io.stdout;
  const shown = {
    ...io,
    stdout: (text: string) => stdout(text === command.usage ? withGlobalHelp(text) : text),
  };
  try {
    return await command.run(rest, shown);
  } catch (err) {
    if (err instanceof CcDmError) {
      io.stderr(`Error: ${err.message}\n`);
      const hint = err.cliHint ?? err.hint;
      if (hint) io.stderr(`Try: ${hint}\n`);
      return err.exitCode;
    }
    if (isParseArgsError(err)) {
      const problem = flagProblem(err as Error, name, rest, command.usage);
      io.stderr(`Error: ${problem.message}\nTry: ${problem.hint}\n`);
      return 2;
    }
    io.stderr(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

/** `usage` with the global options, before its exit codes (once). */
function withGlobalHelp(usage: string): string {
  if (usage.includes(GLOBAL_FLAGS_HELP)) return usage;
  const at = usage.indexOf("\nExit codes:");
  return at < 0
    ? `${usage.trimEnd()}\n\n${GLOBAL_FLAGS_HELP}\n`
    : `${usage.slice(0, at)}\n${GLOBAL_FLAGS_HELP}\n${usage.slice(at)}`;
}

if (import.meta.main) {
  Deno.exit(await runCli(Deno.args, processIo(), true));
}
