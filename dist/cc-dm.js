import {
  GLOBAL_FLAGS_HELP,
  takeGlobalFlags
} from "./cc-dm-chunks/chunk-01.js";
import {
  VERSION
} from "./cc-dm-chunks/chunk-02.js";
import {
  flagProblem,
  isParseArgsError
} from "./cc-dm-chunks/chunk-03.js";
import {
  processIo
} from "./cc-dm-chunks/chunk-04.js";
import {
  EXIT_CODES
} from "./cc-dm-chunks/chunk-05.js";
import {
  loadProcessSupport
} from "./cc-dm-chunks/chunk-06.js";
import {
  CcDmError
} from "./cc-dm-chunks/chunk-07.js";

// main.ts
var COMMANDS = {
  send: {
    summary: "send a message to a session (or --broadcast)",
    load: () => import("./cc-dm-chunks/send-08.js")
  },
  ask: {
    summary: "send a question and wait for the reply",
    load: () => import("./cc-dm-chunks/ask-09.js")
  },
  who: {
    summary: "list sessions: live, their state and status, offline with mail",
    load: () => import("./cc-dm-chunks/who-10.js")
  },
  tail: {
    summary: "show recent messages and follow new ones",
    load: () => import("./cc-dm-chunks/tail-11.js")
  },
  inbox: {
    summary: "read the messages sent to you (cli:<you>)",
    load: () => import("./cc-dm-chunks/inbox-12.js")
  },
  wait: {
    summary: "block until a session is idle (or another state)",
    load: () => import("./cc-dm-chunks/wait-13.js")
  },
  peek: {
    summary: "show what a session's model said last",
    load: () => import("./cc-dm-chunks/peek-14.js")
  },
  completions: {
    summary: "shell completions: cc-dm completions bash|zsh|fish",
    load: () => import("./cc-dm-chunks/completions-15.js")
  },
  statusline: {
    summary: "one line for Claude Code's status line (setup --statusline)",
    load: () => import("./cc-dm-chunks/statusline-16.js")
  },
  approve: {
    summary: "allow a tool call a session relayed for permission",
    load: () => import("./cc-dm-chunks/approve-17.js")
  },
  deny: {
    summary: "refuse a tool call a session relayed for permission",
    load: () => import("./cc-dm-chunks/deny-18.js")
  },
  doctor: {
    summary: "check why messages do not arrive",
    load: () => import("./cc-dm-chunks/doctor-19.js")
  },
  setup: {
    summary: "register cc-dm with Claude Code",
    load: () => import("./cc-dm-chunks/setup-20.js")
  },
  bus: {
    summary: "a PostgreSQL bus for a team: init, grant, revoke",
    load: () => import("./cc-dm-chunks/bus-21.js")
  },
  hook: {
    summary: "deliver messages through Claude Code hooks",
    load: () => import("./cc-dm-chunks/hook-22.js")
  },
  channel: {
    summary: "the MCP server Claude Code runs for each session",
    load: () => import("./cc-dm-chunks/channel-23.js")
  }
};
async function commandUsages() {
  const out = [];
  for (const [name, entry] of Object.entries(COMMANDS)) out.push([
    name,
    (await entry.load()).usage
  ]);
  return out;
}
function mainUsage() {
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
async function runCli(argv, io, exportEnv = false) {
  let global;
  try {
    global = takeGlobalFlags(argv);
  } catch (err) {
    if (!(err instanceof CcDmError)) throw err;
    io.stderr(`Error: ${err.message}
${err.hint ? `Try: ${err.hint}
` : ""}`);
    return err.exitCode;
  }
  if (exportEnv) {
    for (const [key, value] of Object.entries(global.env)) Deno.env.set(key, value);
  }
  io = {
    ...io,
    env: {
      ...io.env,
      ...global.env
    }
  };
  await loadProcessSupport();
  const [name, ...rest] = global.argv;
  if (name === void 0 || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? rest[0] : void 0;
    if (topic && COMMANDS[topic]) {
      io.stdout(withGlobalHelp((await COMMANDS[topic].load()).usage));
      return 0;
    }
    io.stdout(mainUsage());
    return name === void 0 ? 2 : 0;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    io.stdout(`cc-dm ${VERSION}
`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr(`Error: unknown command ${JSON.stringify(name)}
Try: cc-dm --help
`);
    return 2;
  }
  const command = await entry.load();
  const stdout = io.stdout;
  const shown = {
    ...io,
    stdout: (text) => stdout(text === command.usage ? withGlobalHelp(text) : text)
  };
  try {
    return await command.run(rest, shown);
  } catch (err) {
    if (err instanceof CcDmError) {
      io.stderr(`Error: ${err.message}
`);
      const hint = err.cliHint ?? err.hint;
      if (hint) io.stderr(`Try: ${hint}
`);
      return err.exitCode;
    }
    if (isParseArgsError(err)) {
      const problem = flagProblem(err, name, rest, command.usage);
      io.stderr(`Error: ${problem.message}
Try: ${problem.hint}
`);
      return 2;
    }
    io.stderr(`Error: ${err instanceof Error ? err.message : String(err)}
`);
    return 1;
  }
}
function withGlobalHelp(usage) {
  if (usage.includes(GLOBAL_FLAGS_HELP)) return usage;
  const at = usage.indexOf("\nExit codes:");
  return at < 0 ? `${usage.trimEnd()}

${GLOBAL_FLAGS_HELP}
` : `${usage.slice(0, at)}
${GLOBAL_FLAGS_HELP}
${usage.slice(at)}`;
}
if (import.meta.main) {
  Deno.exit(await runCli(Deno.args, processIo(), true));
}
export {
  EXIT_CODES,
  commandUsages,
  runCli
};
