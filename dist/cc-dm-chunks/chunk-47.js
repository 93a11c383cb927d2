import {
  style
} from "./chunk-25.js";
import {
  useColor
} from "./chunk-04.js";
import {
  messageJson
} from "./chunk-30.js";
import {
  catchInterrupt
} from "./chunk-33.js";
import {
  stamp
} from "./chunk-34.js";
import {
  waitForBus,
  withBus
} from "./chunk-36.js";
import {
  parseThenRun
} from "./chunk-37.js";
import {
  label,
  normalizeName,
  tag
} from "./chunk-38.js";
import {
  EXIT,
  EXIT_CODES
} from "./chunk-05.js";
import {
  UsageError
} from "./chunk-07.js";

// cmd/tail.ts
import { parseArgs } from "node:util";

// lib/mail/traffic_follow.ts
var TAIL_SAFETY_POLL_MS = 5e3;
var FOLLOW_BATCH = 1e4;
var TrafficFollower = class _TrafficFollower {
  #bus;
  #filter;
  #subscription;
  /** Highest message id already looked at (shown or filtered out). */
  #cursor = 0;
  /** Subscribed before it resolves, so nothing sent while the recent history is read is missed. */
  static async start(bus, filter) {
    return new _TrafficFollower(bus, filter, await bus.subscribe(null));
  }
  constructor(bus, filter, subscription) {
    this.#bus = bus;
    this.#filter = filter;
    this.#subscription = subscription;
  }
  /** The newest `limit` matching messages, oldest first; following continues after them. */
  async recent(limit) {
    const newest = await this.#newestId();
    this.#cursor = newest;
    if (limit <= 0) return [];
    return (await this.#bus.history({
      ...this.#filter,
      limit
    })).filter((m) => m.id <= newest);
  }
  /** Hand each new matching message to `onMessages` until the signal is raised. */
  async follow(options) {
    const { signal } = options;
    const aborted = new Promise((resolve) => {
      if (signal.aborted) resolve();
      signal.addEventListener("abort", () => resolve(), {
        once: true
      });
    });
    while (!signal.aborted) {
      await this.step(options);
      if (signal.aborted) break;
      await Promise.race([
        this.#subscription.next(options.safetyPollMs ?? TAIL_SAFETY_POLL_MS),
        aborted
      ]);
    }
  }
  /** Look once for new traffic (tests drive this directly). */
  async step(options) {
    const newest = await this.#newestId();
    if (newest <= this.#cursor) return;
    const batch = (await this.#bus.history({
      ...this.#filter,
      afterId: this.#cursor,
      limit: FOLLOW_BATCH
    })).filter((m) => m.id <= newest);
    if (batch.length === FOLLOW_BATCH) options.onSkipped?.(batch[0].id - this.#cursor - 1);
    this.#cursor = newest;
    if (batch.length > 0) await options.onMessages(batch);
  }
  close() {
    return this.#subscription.close();
  }
  async #newestId() {
    return (await this.#bus.history({
      limit: 1
    }))[0]?.id ?? this.#cursor;
  }
};

// cmd/stdout_gone.ts
var POLLERR = 8;
function libcName() {
  if (Deno.build.os === "linux") return "libc.so.6";
  if (Deno.build.os === "darwin") return "libSystem.B.dylib";
  return void 0;
}
function stdoutReaderGoneCheck() {
  const name = libcName();
  if (!name) return void 0;
  let lib;
  try {
    lib = Deno.dlopen(name, {
      poll: {
        parameters: [
          "buffer",
          "u64",
          "i32"
        ],
        result: "i32",
        nonblocking: false
      }
    });
  } catch {
    return void 0;
  }
  const pollfd = new Uint8Array(new ArrayBuffer(8));
  const view = new DataView(pollfd.buffer);
  return () => {
    view.setInt32(0, 1, true);
    view.setInt16(4, 0, true);
    view.setInt16(6, 0, true);
    if (lib.symbols.poll(pollfd, 1n, 0) <= 0) return false;
    return (view.getInt16(6, true) & POLLERR) !== 0;
  };
}

// cmd/tail.ts
var DEFAULT_LINES = 10;
var READER_CHECK_MS = 200;
var usage = `cc-dm tail: show recent messages, then follow new traffic like tail -f

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
function parseTail(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      lines: {
        type: "string",
        short: "n"
      },
      session: {
        type: "string"
      },
      project: {
        type: "string"
      },
      thread: {
        type: "string"
      },
      "no-follow": {
        type: "boolean"
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
    allowPositionals: false
  });
  if (values.help) return null;
  return {
    lines: lineCount(values.lines),
    filter: trafficFilter(values),
    follow: !values["no-follow"],
    json: !!values.json
  };
}
var run = parseThenRun(usage, parseTail, runTail);
async function runTail(options, io) {
  const { lines, filter, follow } = options;
  const print = printer(io, options.json);
  const interrupt = catchInterrupt(io);
  const stop = new AbortController();
  interrupt.signal.addEventListener("abort", () => stop.abort(), {
    once: true
  });
  let readerGone = false;
  let readerCheck;
  try {
    const missing = async () => {
      if (!follow) return EXIT.ok;
      io.stderr("cc-dm tail: no bus yet; waiting for the first session or message (Ctrl-C to stop)\n");
      if (!await waitForBus(io, stop.signal)) return EXIT.interrupted;
      return await withBus(io, {
        mustExist: true
      }, tailBus);
    };
    const tailBus = async (bus) => {
      const follower = await TrafficFollower.start(bus, filter);
      try {
        print(await follower.recent(lines));
        if (!follow) return EXIT.ok;
        const gone = io.stdoutIsTty ? void 0 : io.stdoutGone ?? stdoutReaderGoneCheck();
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
          onSkipped: (n) => io.stderr(`cc-dm tail: up to ${n} messages arrived at once and were skipped
`)
        });
        return readerGone ? EXIT.ok : EXIT.interrupted;
      } finally {
        await follower.close();
      }
    };
    return await withBus(io, {
      mustExist: true,
      ifMissing: missing
    }, tailBus);
  } catch (err) {
    if (isBrokenPipe(err)) return EXIT.ok;
    throw err;
  } finally {
    clearInterval(readerCheck);
    interrupt.dispose();
  }
}
function lineCount(raw) {
  if (raw === void 0) return DEFAULT_LINES;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isSafeInteger(n) || n < 0) {
    throw new UsageError(`-n ${JSON.stringify(raw)}: expected a whole number of messages, 0 or more`, "cc-dm tail -n 20");
  }
  return n;
}
function trafficFilter(values) {
  const check = (flag, f) => {
    try {
      return f();
    } catch (err) {
      throw new UsageError(`--${flag}: ${err.message}`, "cc-dm tail --help");
    }
  };
  return {
    session: values.session === void 0 ? void 0 : check("session", () => normalizeName(values.session, "session name")),
    project: values.project === void 0 ? void 0 : check("project", () => tag(values.project, "project")),
    thread: check("thread", () => label(values.thread, "thread_id"))
  };
}
function isBrokenPipe(err) {
  return err instanceof Deno.errors.BrokenPipe || err?.code === "EPIPE";
}
function printer(io, json) {
  const color = useColor(io);
  return (messages) => {
    if (messages.length === 0) return;
    const text = json ? messages.map((m) => JSON.stringify(messageJson(m)) + "\n").join("") : messages.map((m) => messageLine(m, color)).join("");
    io.stdout(text);
  };
}
function messageLine(m, color) {
  const s = style(color);
  const to = m.to ?? `* (${m.recipients.length ? [
    ...m.recipients
  ].sort().join(", ") : "no one"})`;
  const tags = [];
  if (m.priority !== "normal") tags.push(m.priority === "urgent" ? s.red(m.priority) : m.priority);
  if (m.messageType !== "chat" && !(m.messageType === "reply" && m.inReplyTo)) tags.push(m.messageType);
  if (m.inReplyTo) tags.push(`re #${m.inReplyTo}`);
  else if (m.threadId !== String(m.id)) tags.push(`thread ${m.threadId}`);
  const [first, ...rest] = m.content.split("\n");
  const head = `${s.dim(stamp(m.createdAt))}  ${s.dim(`#${m.id}`)}  ${s.cyan(m.from)} -> ${s.cyan(to)}${tags.length ? `  [${tags.join(" ")}]` : ""}  ${first}`;
  return [
    head.trimEnd(),
    ...rest.map((line) => `    ${line}`.trimEnd())
  ].join("\n") + "\n";
}

export {
  usage,
  parseTail,
  run,
  runTail,
  messageLine
};
