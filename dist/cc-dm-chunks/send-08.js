import {
  waitForState
} from "./chunk-24.js";
import {
  style
} from "./chunk-25.js";
import {
  useColor
} from "./chunk-04.js";
import {
  DEFAULT_ASK_TIMEOUT_S,
  askAndPrint
} from "./chunk-26.js";
import "./chunk-27.js";
import {
  sendBroadcast,
  sendDm
} from "./chunk-28.js";
import {
  cliSender
} from "./chunk-29.js";
import {
  receiptJson
} from "./chunk-30.js";
import {
  sendStatus
} from "./chunk-31.js";
import {
  MESSAGE_FLAGS,
  MESSAGE_FLAGS_HELP,
  messageContent,
  messageOptions,
  timeoutMs
} from "./chunk-32.js";
import {
  catchInterrupt
} from "./chunk-33.js";
import "./chunk-34.js";
import "./chunk-35.js";
import {
  withBus
} from "./chunk-36.js";
import {
  parseThenRun
} from "./chunk-37.js";
import {
  MAX_CONTENT_BYTES,
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

// cmd/send.ts
import { parseArgs } from "node:util";
var usage = `cc-dm send: send a message to a session, or to every live session

Usage: cc-dm send <to> <message...> [options]
       <command> | cc-dm send <to> [options]        (the message from stdin)
       cc-dm send --broadcast <message...> [options]

Sends as cli:<you> (never mistaken for a Claude session) and prints where the message went:
  sent 42 to backend (live, socket)  pushed to the running session (channel event or its inbox
                                     socket); its model has it within about 0.1 s
  sent 42 to backend (live, hooks)   the session pulls: the message waits for its hooks or its
                                     inbox tool
  queued 42 for backend (offline)    it gets the message when it starts again
  delivered 42 to backend (socket)   with --confirm: its model has it (its transcript shows it)
A name that has never registered is refused, so a typo cannot vanish, unless --queue.
Sessions answer with dm{to: "cli:<you>"}; the answer waits for you in cc-dm inbox, or use
--wait (or cc-dm ask) to wait for it and print it. --when-idle holds the message here until
the session is idle (its turn ended), so it does not interrupt a turn.

Options:
  -b, --broadcast    send to every live Claude session in reach instead of one <to>
  --queue            queue for a name that has never registered (a session not started yet)
  --confirm          then wait until the recipient's model has it (exit 3 on timeout)
  --wait             then wait for the reply and print it, exactly like cc-dm ask
  --when-idle        hold the message until the session is idle, then send it (sent at once
                     when it is offline or its state is unknown: no hooks); Ctrl-C sends nothing
  --timeout S        with --wait or --confirm: give up after S seconds, exit 3 (default ${DEFAULT_ASK_TIMEOUT_S}; 0 = forever);
                     with --when-idle alone: stop holding after S seconds, exit 3, nothing sent
${MESSAGE_FLAGS_HELP}
  -h, --help         this help

Stdin: one trailing newline is dropped; at most ${MAX_CONTENT_BYTES} bytes (64 KiB).

Examples:
  cc-dm send backend "the schema changed, please rebase"
  make test 2>&1 | tail -50 | cc-dm send backend
  cc-dm send --broadcast "deploying main in 5 minutes" --priority urgent
  cc-dm send reviewer --queue "please review PR 42 when you start"
  cc-dm send backend "fixed in a1b2c3" --reply-to 41
  id=$(cc-dm send backend "build is green" --json | jq .message_id)
  CC_DM_FROM=ci cc-dm send backend "nightly failed" --type status

${EXIT_CODES}
`;
async function parseSend(argv, io) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...MESSAGE_FLAGS,
      broadcast: {
        type: "boolean",
        short: "b"
      },
      queue: {
        type: "boolean"
      },
      wait: {
        type: "boolean"
      },
      confirm: {
        type: "boolean"
      },
      "when-idle": {
        type: "boolean"
      },
      timeout: {
        type: "string"
      }
    },
    strict: true,
    allowPositionals: true
  });
  if (values.help) return null;
  const broadcast = !!values.broadcast;
  if (broadcast && values.queue) {
    throw new UsageError("--broadcast and --queue do not go together: a broadcast reaches live sessions only", 'cc-dm send --broadcast "message"');
  }
  if (broadcast && values.wait) {
    throw new UsageError("--wait needs one recipient, not --broadcast", 'cc-dm send backend "question?" --wait');
  }
  if (values.confirm && (values.wait || broadcast)) {
    throw new UsageError("--confirm needs one recipient and no --wait (a reply already proves the message arrived)", 'cc-dm send backend "hello" --confirm');
  }
  if (broadcast && values["when-idle"]) {
    throw new UsageError("--when-idle needs one recipient, not --broadcast", 'cc-dm send backend "when you are free: ..." --when-idle');
  }
  if (values.timeout !== void 0 && !values.wait && !values.confirm && !values["when-idle"]) {
    throw new UsageError("--timeout only applies with --wait, --confirm or --when-idle", 'cc-dm send backend "question?" --wait --timeout 60');
  }
  const to = broadcast ? void 0 : positionals[0];
  const words = broadcast ? positionals : positionals.slice(1);
  if (!broadcast && to === void 0) {
    throw new UsageError("cc-dm send: missing the recipient", 'cc-dm send backend "hello"   or   cc-dm send --broadcast "hello"');
  }
  const sender = cliSender(io, values);
  const fields = messageOptions(values, "send");
  const timeout = values.wait || values.confirm ? timeoutMs(values.timeout, values.confirm ? DEFAULT_CONFIRM_TIMEOUT_S : DEFAULT_ASK_TIMEOUT_S, "send") : null;
  const holdMs = !values["when-idle"] || values.wait || values.confirm || values.timeout === void 0 ? null : timeoutMs(values.timeout, 0, "send");
  const content = await messageContent(io, words, "send", `cc-dm send ${to ?? "--broadcast"} "your message"`);
  return {
    to,
    sender,
    message: {
      ...fields,
      content
    },
    queue: !!values.queue,
    wait: !!values.wait,
    confirm: !!values.confirm,
    whenIdle: !!values["when-idle"],
    timeoutMs: timeout,
    holdMs,
    json: !!values.json
  };
}
var run = parseThenRun(usage, parseSend, runSend);
async function runSend(options, io) {
  const { to, sender, message } = options;
  const timeout = options.timeoutMs;
  if (options.whenIdle) {
    const held = await holdUntilIdle(io, to, options.holdMs);
    if (held !== EXIT.ok) return held;
  }
  if (options.wait) {
    return await askAndPrint(io, {
      to,
      sender,
      message,
      timeoutMs: timeout,
      json: options.json,
      queueForUnknown: options.queue
    });
  }
  let confirmed = null;
  const started = Date.now();
  const receipt = await withBus(io, {
    mustExist: false
  }, async (bus) => {
    const cli = {
      cwd: io.cwd,
      host: Deno.hostname()
    };
    const stored = to === void 0 ? await sendBroadcast(bus, sender, message, void 0, cli) : await sendDm(bus, sender, {
      ...message,
      to,
      queueForUnknown: options.queue
    }, void 0, cli);
    if (options.confirm) confirmed = await waitForDelivery(bus, stored.message.id, timeout);
    return stored;
  });
  if (confirmed) {
    const route = receipt.routes[receipt.message.to];
    const ms = Date.now() - started;
    io.stdout(options.json ? JSON.stringify({
      ...receiptJson(receipt),
      status: "delivered",
      confirmed_ms: ms
    }) + "\n" : `delivered ${receipt.message.id} to ${receipt.message.to}${route ? ` (${route})` : ""} in ${ms} ms
`);
    return EXIT.ok;
  }
  io.stdout(options.json ? JSON.stringify(receiptJson(receipt)) + "\n" : receiptLine(receipt, useColor(io)));
  for (const r of receipt.refused) io.stderr(`cc-dm: not sent to ${r.name}: ${r.reason}
`);
  if (confirmed === false) {
    io.stderr(`cc-dm: message ${receipt.message.id} is stored, but ${receipt.message.to}'s model has not got it within ${timeout / 1e3} s; it stays queued (cc-dm who shows how ${receipt.message.to} gets mail)
`);
    return EXIT.timeout;
  }
  return EXIT.ok;
}
var DEFAULT_CONFIRM_TIMEOUT_S = 30;
async function waitForDelivery(bus, messageId, timeout) {
  const deadline = timeout === null || timeout === 0 ? Infinity : Date.now() + timeout;
  for (; ; ) {
    const states = await bus.deliveryStates(messageId);
    if (states.length > 0 && states.every((s) => s.delivered)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
}
async function holdUntilIdle(io, to, holdMs) {
  const name = normalizeName(to, "recipient name");
  const interrupt = catchInterrupt(io);
  try {
    return await withBus(io, {
      mustExist: false
    }, async (bus) => {
      if (!await bus.session(name)) return EXIT.ok;
      const result = await waitForState(bus, name, {
        want: /* @__PURE__ */ new Set([
          "idle",
          "offline",
          "unknown"
        ]),
        timeoutMs: holdMs,
        signal: interrupt.signal,
        now: Date.now,
        onState: (state) => io.stderr(`cc-dm: ${name} is ${state}; holding the message until it is idle (Ctrl-C: send nothing)
`)
      });
      if (result.outcome === "interrupted") {
        io.stderr("cc-dm: interrupted; nothing was sent\n");
        return EXIT.interrupted;
      }
      if (result.outcome === "timeout") {
        throw new CcDmError(`"${name}" is still ${result.state} after ${holdMs / 1e3} s; nothing was sent`, EXIT.timeout, "hold longer with --timeout (0: until it is idle), or send it now without --when-idle");
      }
      if (result.state === "unknown") {
        io.stderr(`cc-dm: the state of ${name} is unknown (no cc-dm hooks in its Claude Code); sending now
`);
      }
      return EXIT.ok;
    });
  } finally {
    interrupt.dispose();
  }
}
function receiptLine(r, color) {
  const s = style(color);
  const m = r.message;
  const thread = m.threadId === String(m.id) ? "" : ` in thread ${m.threadId}`;
  switch (sendStatus(r)) {
    case "queued":
      return `queued ${m.id} for ${s.bold(r.queued.join(", "))} ${s.yellow("(offline)")}${thread}
`;
    case "none":
      return `sent ${m.id} to no one ${s.yellow("(no live session in reach)")}${thread}
`;
    default:
      return m.to === null ? `sent ${m.id} to ${r.live.length} live session${r.live.length === 1 ? "" : "s"}: ${s.bold(r.live.join(", "))}${thread}
` : `sent ${m.id} to ${s.bold(m.to)} ${s.green(`(live, ${r.routes[m.to] ?? "inbox"})`)}${thread}
`;
  }
}
export {
  parseSend,
  receiptLine,
  run,
  runSend,
  usage
};
