import { parseArgs } from "node:util";
import type { Bus, StoredMessage } from "../lib/bus/bus.ts";
import { UsageError } from "../lib/errors.ts";
import * as rules from "../lib/mail/input_limits.ts";
import { type TrafficFilter, TrafficFollower } from "../lib/mail/traffic_follow.ts";
import { waitForBus, withBus } from "./bus_access.ts";
import { EXIT, EXIT_CODES } from "./exit_codes.ts";
import { parseThenRun } from "./parse_then_run.ts";
import { stamp } from "./format_time.ts";
import { catchInterrupt } from "./interrupt.ts";
import { type Io, useColor } from "./io.ts";
import { messageJson } from "./message_json.ts";
import { stdoutReaderGoneCheck } from "./stdout_gone.ts";
import { style } from "./style.ts";

const DEFAULT_LINES = 10;
/** How often a piped tail checks that its reader is still there (`cc-dm tail | head -3`). */
const READER_CHECK_MS = 200;

export const usage = `cc-dm tail: show recent messages, then follow new traffic like tail -f

Usage: cc-dm tail [-n N] [--session NAME] [--project TAG] [--thread ID] [--no-follow] [--json]

Prints the last N messages on the bus, oldest first, then each new one as it is sent, until
Ctrl-C (exit 130) or until its reader goes away (\`cc-dm tail | head -3\`, exit 0). It only
reads: every message still reaches its recipient, whether tail saw it or not.

Line format:  MM-DD HH:MM:SS  #ID  FROM -> TO  [priority type re #ID]  text
(a broadcast goes to "*"; further lines of a message are indented).

Options:
  -n, --lines N      how many recent messages first (default ${DEFAULT_LINES}; 0 for none)
  --session NAME     only messages from or to NAME (e.g. backend, cli:alice)
  --project TAG      only messages from or to sessions of project TAG
  --thread ID        only messages of thread ID
  --no-follow        print the recent messages and exit
  --json             one JSON object per line, NDJSON (fields: docs/json.md)
  -h, --help         this help

Examples:
  cc-dm tail
  cc-dm tail -n 50 --no-follow
  cc-dm tail --session backend
  cc-dm tail --thread 42 --no-follow
  cc-dm tail --json | jq -r 'select(.priority == "urgent") | .content'

${EXIT_CODES}
`;

/** `cc-dm tail`'s command line, checked. */
export interface TailOptions {
  /** How many recent messages first. */
  lines: number;
  filter: TrafficFilter;
  follow: boolean;
  json: boolean;
}

/** Parse `cc-dm tail` arguments (UsageError on bad ones); null for --help. */
export function parseTail(argv: string[]): TailOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      lines: { type: "string", short: "n" },
      session: { type: "string" },
      project: { type: "string" },
      thread: { type: "string" },
      "no-follow": { type: "boolean" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  return {
    lines: lineCount(values.lines),
    filter: trafficFilter(values),
    follow: !values["no-follow"],
    json: !!values.json,
  };
}

export const run = parseThenRun(usage, parseTail, runTail);

/**
 * Print the recent messages, then follow new ones until interrupted (EXIT.interrupted) or
 * until the reader of stdout goes away (EXIT.ok).
 */
export async function runTail(options: TailOptions, io: Io): Promise<number> {
  const { lines, filter, follow } = options;
  const print = printer(io, options.json);

  const interrupt = catchInterrupt(io);
  const stop = new AbortController();
  interrupt.signal.addEventListener("abort", () => stop.abort(), { once: true });
  let readerGone = false;
  let readerCheck: ReturnType<typeof setInterval> | undefined;
  try {
    // No bus yet (a fresh machine): nothing to show, and following waits for the first traffic.
    const missing = async (): Promise<number> => {
      if (!follow) return EXIT.ok;
      io.stderr("cc-dm tail: no bus yet; waiting for the first session or message (Ctrl-C to stop)\n");
      if (!(await waitForBus(io, stop.signal))) return EXIT.interrupted;
      return await withBus(io, { mustExist: true }, tailBus);
    };
    const tailBus = async (bus: Bus): Promise<number> => {
      const follower = await TrafficFollower.start(bus, filter);
      try {
        print(await follower.recent(lines));
        if (!follow) return EXIT.ok;
        const gone = io.stdoutIsTty ? undefined : io.stdoutGone ?? stdoutReaderGoneCheck();
        if (gone) {
          readerCheck = setInterval(() => {
            if (gone()) {
              readerGone = true;
              stop.abort();
            }
          }, READER_CHECK_MS);
        }
        await follower.follow({
          signal: stop.signal,
          onMessages: print,
          onSkipped: (n) => io.stderr(`cc-dm tail: up to ${n} messages arrived at once and were skipped\n`),
        });
        return readerGone ? EXIT.ok : EXIT.interrupted;
      } finally {
        await follower.close();
      }
    };
    return await withBus(io, { mustExist: true, ifMissing: missing }, tailBus);
  } catch (err) {
    // The reader went away mid-write (`| head`): the normal end of a piped tail.
    if (isBrokenPipe(err)) return EXIT.ok;
    throw err;
  } finally {
    clearInterval(readerCheck);
    interrupt.dispose();
  }
}

function lineCount(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LINES;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isSafeInteger(n) || n < 0) {
    throw new UsageError(
      `-n ${JSON.stringify(raw)}: expected a whole number of messages, 0 or more`,
      "cc-dm tail -n 20",
    );
  }
  return n;
}

function trafficFilter(values: { session?: string; project?: string; thread?: string }): TrafficFilter {
  const check = <T>(flag: string, f: () => T): T => {
    try {
      return f();
    } catch (err) {
      throw new UsageError(`--${flag}: ${(err as Error).message}`, "cc-dm tail --help");
    }
  };
  return {
    session: values.session === undefined
      ? undefined
      : check("session", () => rules.normalizeName(values.session!, "session name")),
    project: values.project === undefined
      ? undefined
      : check("project", () => rules.tag(values.project, "project")),
    thread: check("thread", () => rules.label(values.thread, "thread_id")),
  };
}

function isBrokenPipe(err: unknown): boolean {
  return err instanceof Deno.errors.BrokenPipe || (err as { code?: string })?.code === "EPIPE";
}

function printer(io: Io, json: boolean): (messages: StoredMessage[]) => void {
  const color = useColor(io);
  return (messages) => {
    if (messages.length === 0) return;
    const text = json
      ? messages.map((m) => JSON.stringify(messageJson(m)) + "\n").join("")
      : messages.map((m) => messageLine(m, color)).join("");
    io.stdout(text);
  };
}

/** One message for people: a header line with the text after it, further lines indented. */
export function messageLine(m: StoredMessage, color: boolean): string {
  const s = style(color);
  const to = m.to ?? `* (${m.recipients.length ? [...m.recipients].sort().join(", ") : "no one"})`;
  const tags: string[] = [];
  if (m.priority !== "normal") tags.push(m.priority === "urgent" ? s.red(m.priority) : m.priority);
  if (m.messageType !== "chat" && !(m.messageType === "reply" && m.inReplyTo)) tags.push(m.messageType);
  if (m.inReplyTo) tags.push(`re #${m.inReplyTo}`);
  else if (m.threadId !== String(m.id)) tags.push(`thread ${m.threadId}`);
  const [first, ...rest] = m.content.split("\n");
  const head = `${s.dim(stamp(m.createdAt))}  ${s.dim(`#${m.id}`)}  ${s.cyan(m.from)} -> ${s.cyan(to)}${
    tags.length ? `  [${tags.join(" ")}]` : ""
  }  ${first}`;
  return [head.trimEnd(), ...rest.map((line) => `    ${line}`.trimEnd())].join("\n") + "\n";
}
