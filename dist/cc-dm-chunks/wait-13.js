import {
  waitForState
} from "./chunk-24.js";
import {
  timeoutMs
} from "./chunk-32.js";
import {
  catchInterrupt
} from "./chunk-33.js";
import "./chunk-35.js";
import {
  withBus
} from "./chunk-36.js";
import {
  parseThenRun
} from "./chunk-37.js";
import {
  normalizeName
} from "./chunk-38.js";
import "./chunk-39.js";
import "./chunk-40.js";
import "./chunk-41.js";
import "./chunk-42.js";
import {
  EXIT,
  EXIT_CODES
} from "./chunk-05.js";
import "./chunk-06.js";
import "./chunk-43.js";
import "./chunk-44.js";
import "./chunk-45.js";
import {
  CcDmError,
  UsageError
} from "./chunk-07.js";

// cmd/wait.ts
import { parseArgs } from "node:util";
var STATES = [
  "busy",
  "idle",
  "waiting",
  "offline"
];
var usage = `cc-dm wait: block until a session reaches a state

Usage: cc-dm wait <name> [--idle | --state S] [--timeout S] [--json]

Waits until the session is idle (its turn ended and it waits for its user), or the state you
name: ${STATES.join(", ")} (waiting: a permission dialog or a question is open). For scripts that
hand work over: send a task, wait until the session is idle again, read its answer. The state
comes from cc-dm's hooks (cc-dm setup --hooks, or the plugin); a session without them shows
"unknown" and wait says so. Prints the state reached on stdout.

Options:
  --idle             wait until it is idle (the default)
  --state S          wait until it is S: ${STATES.join(", ")}
  --timeout S        give up after S seconds: exit 3 (default 0: wait until Ctrl-C)
  --json             print {"name", "state", "waited_ms"}
  -h, --help         this help

Examples:
  cc-dm send backend "run the migration" && sleep 2 && cc-dm wait backend --idle --timeout 600
  cc-dm wait reviewer --state offline
  cc-dm wait tests --timeout 30 || echo "still busy (exit $?)"

${EXIT_CODES}
`;
function parseWait(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      idle: {
        type: "boolean"
      },
      state: {
        type: "string"
      },
      timeout: {
        type: "string"
      },
      json: {
        type: "boolean"
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
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length ? `unexpected argument ${JSON.stringify(positionals[1])}` : "cc-dm wait: missing the session name", "cc-dm wait backend --idle");
  }
  return {
    name: checked(() => normalizeName(positionals[0], "session name"), "cc-dm who"),
    state: wantedState(values),
    timeoutMs: values.timeout === void 0 ? null : timeoutMs(values.timeout, 0, "wait"),
    json: !!values.json
  };
}
var run = parseThenRun(usage, parseWait, runWait);
async function runWait(options, io) {
  const { name, state } = options;
  const timeout = options.timeoutMs;
  const interrupt = catchInterrupt(io);
  try {
    return await withBus(io, {
      mustExist: true
    }, async (bus) => {
      const result = await waitForState(bus, name, {
        want: /* @__PURE__ */ new Set([
          state
        ]),
        timeoutMs: timeout,
        signal: interrupt.signal,
        now: Date.now,
        onState: (seen) => {
          if (seen === "unknown") {
            io.stderr(`cc-dm wait: the state of "${name}" is unknown (its Claude Code runs without cc-dm's hooks: cc-dm setup --hooks); waiting anyway
`);
          }
        }
      });
      if (result.outcome === "interrupted") return EXIT.interrupted;
      if (result.outcome === "timeout") {
        throw new CcDmError(`"${name}" is still ${result.state}, not ${state}, after ${timeout / 1e3} s`, EXIT.timeout, `wait longer with --timeout, or see what it does: cc-dm peek ${name}`);
      }
      io.stdout(options.json ? JSON.stringify({
        name,
        state: result.state,
        waited_ms: result.waitedMs
      }) + "\n" : `${name} ${result.state}
`);
      return EXIT.ok;
    });
  } finally {
    interrupt.dispose();
  }
}
function wantedState(values) {
  if (values.idle && values.state !== void 0 && values.state !== "idle") {
    throw new UsageError("--idle and --state name different states; give one", "cc-dm wait backend --idle");
  }
  if (values.state === void 0) return "idle";
  const state = values.state.trim().toLowerCase();
  if (!STATES.includes(state)) {
    throw new UsageError(`--state ${JSON.stringify(values.state)}: expected one of ${STATES.join(", ")}`, "cc-dm wait backend --state idle");
  }
  return state;
}
function checked(f, hint) {
  try {
    return f();
  } catch (err) {
    throw new UsageError(err.message, hint);
  }
}
export {
  parseWait,
  run,
  runWait,
  usage
};
