import { parseArgs } from "node:util";
import type { Bus } from "../lib/bus/bus.ts";
import { CcDmError, UsageError } from "../lib/errors.ts";
import { waitForState } from "../lib/sessions/state_wait.ts";
import { catchInterrupt } from "./interrupt.ts";
import { type MessageOptions, type Receipt, sendBroadcast, sendDm } from "../lib/mail/routing.ts";
import type { Identity } from "../lib/sessions/membership.ts";
import * as rules from "../lib/mail/input_limits.ts";
import { askAndPrint, DEFAULT_ASK_TIMEOUT_S } from "./ask.ts";
import { withBus } from "./bus_access.ts";
import { cliSender } from "./cli_sender.ts";
import { EXIT, EXIT_CODES } from "./exit_codes.ts";
import { parseThenRun } from "./parse_then_run.ts";
import { type Io, useColor } from "./io.ts";
import {
  MESSAGE_FLAGS,
  MESSAGE_FLAGS_HELP,
  messageContent,
  messageOptions,
  timeoutMs,
} from "./message_flags.ts";
import { receiptJson } from "./message_json.ts";
import { sendStatus } from "../lib/mail/delivery_words.ts";
import { style } from "./style.ts";

export const usage = `cc-dm send: send a message to a session, or to every live session

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

Stdin: one trailing newline is dropped; at most ${rules.MAX_CONTENT_BYTES} bytes (64 KiB).

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

/** `cc-dm send`'s command line, checked, with the message read (from the words or stdin). */
export interface SendOptions {
  /** undefined: --broadcast. */
  to: string | undefined;
  sender: Identity;
  message: MessageOptions;
  queue: boolean;
  wait: boolean;
  confirm: boolean;
  whenIdle: boolean;
  /** With --wait or --confirm: how long to wait for the reply or the delivery (null: forever). */
  timeoutMs: number | null;
  /** With --when-idle alone: how long to hold the message (null: until idle). */
  holdMs: number | null;
  json: boolean;
}

/** Parse `cc-dm send` arguments (UsageError on bad ones, before anything is read); null for --help. */
export async function parseSend(argv: string[], io: Io): Promise<SendOptions | null> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...MESSAGE_FLAGS,
      broadcast: { type: "boolean", short: "b" },
      queue: { type: "boolean" },
      wait: { type: "boolean" },
      confirm: { type: "boolean" },
      "when-idle": { type: "boolean" },
      timeout: { type: "string" },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) return null;
  const broadcast = !!values.broadcast;
  if (broadcast && values.queue) {
    throw new UsageError(
      "--broadcast and --queue do not go together: a broadcast reaches live sessions only",
      'cc-dm send --broadcast "message"',
    );
  }
  if (broadcast && values.wait) {
    throw new UsageError(
      "--wait needs one recipient, not --broadcast",
      'cc-dm send backend "question?" --wait',
    );
  }
  if (values.confirm && (values.wait || broadcast)) {
    throw new UsageError(
      "--confirm needs one recipient and no --wait (a reply already proves the message arrived)",
      'cc-dm send backend "hello" --confirm',
    );
  }
  if (broadcast && values["when-idle"]) {
    throw new UsageError(
      "--when-idle needs one recipient, not --broadcast",
      'cc-dm send backend "when you are free: ..." --when-idle',
    );
  }
  if (values.timeout !== undefined && !values.wait && !values.confirm && !values["when-idle"]) {
    throw new UsageError(
      "--timeout only applies with --wait, --confirm or --when-idle",
      'cc-dm send backend "question?" --wait --timeout 60',
    );
  }
  const to = broadcast ? undefined : positionals[0];
  const words = broadcast ? positionals : positionals.slice(1);
  if (!broadcast && to === undefined) {
    throw new UsageError(
      "cc-dm send: missing the recipient",
      'cc-dm send backend "hello"   or   cc-dm send --broadcast "hello"',
    );
  }
  const sender = cliSender(io, values);
  const fields = messageOptions(values, "send");
  const timeout = values.wait || values.confirm
    ? timeoutMs(values.timeout, values.confirm ? DEFAULT_CONFIRM_TIMEOUT_S : DEFAULT_ASK_TIMEOUT_S, "send")
    : null;
  const holdMs = !values["when-idle"] || values.wait || values.confirm || values.timeout === undefined
    ? null
    : timeoutMs(values.timeout, 0, "send");
  const content = await messageContent(io, words, "send", `cc-dm send ${to ?? "--broadcast"} "your message"`);
  return {
    to,
    sender,
    message: { ...fields, content },
    queue: !!values.queue,
    wait: !!values.wait,
    confirm: !!values.confirm,
    whenIdle: !!values["when-idle"],
    timeoutMs: timeout,
    holdMs,
    json: !!values.json,
  };
}

export const run = parseThenRun(usage, parseSend, runSend);

/** Send (or hold, then send; or send and wait) as `options` says, and print the receipt. */
export async function runSend(options: SendOptions, io: Io): Promise<number> {
  const { to, sender, message } = options;
  const timeout = options.timeoutMs;
  if (options.whenIdle) {
    const held = await holdUntilIdle(io, to!, options.holdMs);
    if (held !== EXIT.ok) return held;
  }

  if (options.wait) {
    return await askAndPrint(io, {
      to: to!,
      sender,
      message,
      timeoutMs: timeout,
      json: options.json,
      queueForUnknown: options.queue,
    });
  }

  // May create the bus: --queue for a session that has never started is a normal first use.
  let confirmed: boolean | null = null;
  const started = Date.now();
  const receipt = await withBus(io, { mustExist: false }, async (bus) => {
    // The sender's row is written with the message, in one transaction: a live session may
    // answer at once, and a refused message leaves no row behind.
    const cli = { cwd: io.cwd, host: Deno.hostname() };
    const stored: Receipt = to === undefined
      ? await sendBroadcast(bus, sender, message, undefined, cli)
      : await sendDm(bus, sender, { ...message, to, queueForUnknown: options.queue }, undefined, cli);
    // Stored: from here on nothing may report a failure, only what is known.
    if (options.confirm) confirmed = await waitForDelivery(bus, stored.message.id, timeout);
    return stored;
  });
  if (confirmed) {
    const route = receipt.routes[receipt.message.to!];
    const ms = Date.now() - started;
    io.stdout(
      options.json
        ? JSON.stringify({ ...receiptJson(receipt), status: "delivered", confirmed_ms: ms }) + "\n"
        : `delivered ${receipt.message.id} to ${receipt.message.to}${
          route ? ` (${route})` : ""
        } in ${ms} ms\n`,
    );
    return EXIT.ok;
  }
  io.stdout(options.json ? JSON.stringify(receiptJson(receipt)) + "\n" : receiptLine(receipt, useColor(io)));
  // Recipients whose own rules refuse this sender were skipped (broadcast): say so, never drop silently.
  for (const r of receipt.refused) io.stderr(`cc-dm: not sent to ${r.name}: ${r.reason}\n`);
  if (confirmed === false) {
    io.stderr(
      `cc-dm: message ${receipt.message.id} is stored, but ${receipt.message.to}'s model has not got it within ${
        timeout! / 1000
      } s; it stays queued (cc-dm who shows how ${receipt.message.to} gets mail)\n`,
    );
    return EXIT.timeout;
  }
  return EXIT.ok;
}

/** How long --confirm waits by default: a pushed message is confirmed within about a second. */
const DEFAULT_CONFIRM_TIMEOUT_S = 30;

/** Wait until every recipient of `messageId` has it (acknowledged on the bus); false on timeout. */
async function waitForDelivery(bus: Bus, messageId: number, timeout: number | null): Promise<boolean> {
  const deadline = timeout === null || timeout === 0 ? Infinity : Date.now() + timeout;
  for (;;) {
    const states = await bus.deliveryStates(messageId);
    if (states.length > 0 && states.every((s) => s.delivered)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * `--when-idle`: wait until `to` is idle (or offline, or of unknown state: then at once), saying
 * on stderr that the message is held. EXIT.ok to send now; timeout or interrupt: nothing is sent.
 */
async function holdUntilIdle(io: Io, to: string, holdMs: number | null): Promise<number> {
  const name = rules.normalizeName(to, "recipient name");
  const interrupt = catchInterrupt(io);
  try {
    return await withBus(io, { mustExist: false }, async (bus) => {
      if (!(await bus.session(name))) return EXIT.ok; // unknown names: sendDm refuses or queues
      const result = await waitForState(bus, name, {
        want: new Set(["idle", "offline", "unknown"]),
        timeoutMs: holdMs,
        signal: interrupt.signal,
        now: Date.now,
        onState: (state) =>
          io.stderr(
            `cc-dm: ${name} is ${state}; holding the message until it is idle (Ctrl-C: send nothing)\n`,
          ),
      });
      if (result.outcome === "interrupted") {
        io.stderr("cc-dm: interrupted; nothing was sent\n");
        return EXIT.interrupted;
      }
      if (result.outcome === "timeout") {
        throw new CcDmError(
          `"${name}" is still ${result.state} after ${holdMs! / 1000} s; nothing was sent`,
          EXIT.timeout,
          "hold longer with --timeout (0: until it is idle), or send it now without --when-idle",
        );
      }
      if (result.state === "unknown") {
        io.stderr(
          `cc-dm: the state of ${name} is unknown (no cc-dm hooks in its Claude Code); sending now\n`,
        );
      }
      return EXIT.ok;
    });
  } finally {
    interrupt.dispose();
  }
}

/** One quiet, parseable line: `sent 42 to backend (live, socket)`, `queued 42 for x (offline)`, ... */
export function receiptLine(r: Receipt, color: boolean): string {
  const s = style(color);
  const m = r.message;
  const thread = m.threadId === String(m.id) ? "" : ` in thread ${m.threadId}`;
  switch (sendStatus(r)) {
    case "queued":
      return `queued ${m.id} for ${s.bold(r.queued.join(", "))} ${s.yellow("(offline)")}${thread}\n`;
    case "none":
      return `sent ${m.id} to no one ${s.yellow("(no live session in reach)")}${thread}\n`;
    default:
      return m.to === null
        ? `sent ${m.id} to ${r.live.length} live session${r.live.length === 1 ? "" : "s"}: ${
          s.bold(r.live.join(", "))
        }${thread}\n`
        : `sent ${m.id} to ${s.bold(m.to)} ${s.green(`(live, ${r.routes[m.to] ?? "inbox"})`)}${thread}\n`;
  }
}
