import { parseArgs } from "node:util";
import { CcDmError, UsageError } from "../lib/errors.ts";
import type { ShownState } from "../lib/sessions/roster.ts";
import * as rules from "../lib/mail/input_limits.ts";
import { waitForState } from "../lib/sessions/state_wait.ts";
import { withBus } from "./bus_access.ts";
import { EXIT, EXIT_CODES } from "./exit_codes.ts";
import { parseThenRun } from "./parse_then_run.ts";
import { catchInterrupt } from "./interrupt.ts";
import type { Io } from "./io.ts";
import { timeoutMs } from "./message_flags.ts";

const STATES: readonly ShownState[] = ["busy", "idle", "waiting", "offline"];

export const usage = `cc-dm wait: block until a session reaches a state

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

/** `cc-dm wait`'s command line, checked. */
export interface WaitOptions {
  name: string;
  state: ShownState;
  /** null: no limit. */
  timeoutMs: number | null;
  json: boolean;
}

/** Parse `cc-dm wait` arguments (UsageError on bad ones); null for --help. */
export function parseWait(argv: string[]): WaitOptions | null {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      idle: { type: "boolean" },
      state: { type: "string" },
      timeout: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) return null;
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length
        ? `unexpected argument ${JSON.stringify(positionals[1])}`
        : "cc-dm wait: missing the session name",
      "cc-dm wait backend --idle",
    );
  }
  return {
    name: checked(() => rules.normalizeName(positionals[0], "session name"), "cc-dm who"),
    state: wantedState(values),
    timeoutMs: values.timeout === undefined ? null : timeoutMs(values.timeout, 0, "wait"),
    json: !!values.json,
  };
}

export const run = parseThenRun(usage, parseWait, runWait);

/** Block until `options.name` is in `options.state` (EXIT.timeout past the limit, interrupted on Ctrl-C). */
export async function runWait(options: WaitOptions, io: Io): Promise<number> {
  const { name, state } = options;
  const timeout = options.timeoutMs;
  const interrupt = catchInterrupt(io);
  try {
    return await withBus(io, { mustExist: true }, async (bus) => {
      const result = await waitForState(bus, name, {
        want: new Set([state]),
        timeoutMs: timeout,
        signal: interrupt.signal,
        now: Date.now,
        onState: (seen) => {
          if (seen === "unknown") {
            io.stderr(
              `cc-dm wait: the state of "${name}" is unknown (its Claude Code runs without cc-dm's hooks: cc-dm setup --hooks); waiting anyway\n`,
            );
          }
        },
      });
      if (result.outcome === "interrupted") return EXIT.interrupted;
      if (result.outcome === "timeout") {
        throw new CcDmError(
          `"${name}" is still ${result.state}, not ${state}, after ${timeout! / 1000} s`,
          EXIT.timeout,
          `wait longer with --timeout, or see what it does: cc-dm peek ${name}`,
        );
      }
      io.stdout(
        options.json
          ? JSON.stringify({ name, state: result.state, waited_ms: result.waitedMs }) + "\n"
          : `${name} ${result.state}\n`,
      );
      return EXIT.ok;
    });
  } finally {
    interrupt.dispose();
  }
}

function wantedState(values: { idle?: boolean; state?: string }): ShownState {
  if (values.idle && values.state !== undefined && values.state !== "idle") {
    throw new UsageError("--idle and --state name different states; give one", "cc-dm wait backend --idle");
  }
  if (values.state === undefined) return "idle";
  const state = values.state.trim().toLowerCase() as ShownState;
  if (!STATES.includes(state)) {
    throw new UsageError(
      `--state ${JSON.stringify(values.state)}: expected one of ${STATES.join(", ")}`,
      "cc-dm wait backend --state idle",
    );
  }
  return state;
}

function checked<T>(f: () => T, hint: string): T {
  try {
    return f();
  } catch (err) {
    throw new UsageError((err as Error).message, hint);
  }
}
