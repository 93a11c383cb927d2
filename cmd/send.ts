import { parseArgs } from "node:util";
import { ensureCliRow } from "../lib/cli_member.ts";
import { UsageError } from "../lib/errors.ts";
import { thisProcess } from "../lib/liveness.ts";
import { type Receipt, sendBroadcast, sendDm } from "../lib/post.ts";
import * as rules from "../lib/rules.ts";
import { askAndPrint, DEFAULT_ASK_TIMEOUT_S } from "./ask.ts";
import { withBus } from "./bus_access.ts";
import { cliSender } from "./cli_sender.ts";
import { EXIT, EXIT_CODES } from "./exit_codes.ts";
import { type Io, useColor } from "./io.ts";
import {
  MESSAGE_FLAGS,
  MESSAGE_FLAGS_HELP,
  messageContent,
  messageOptions,
  timeoutMs,
} from "./message_flags.ts";
import { receiptJson, receiptStatus } from "./message_json.ts";
import { style } from "./style.ts";

export const usage = `cc-dm send: send a message to a session, or to every live session

Usage: cc-dm send <to> <message...> [options]
       <command> | cc-dm send <to> [options]        (the message from stdin)
       cc-dm send --broadcast <message...> [options]

Sends as cli:<you> (never mistaken for a Claude session) and prints where the message went:
  sent 42 to backend (live)          the session runs: it sees the message within milliseconds
  queued 42 for backend (offline)    it gets the message when it starts again
A name that has never registered is refused, so a typo cannot vanish, unless --queue.
Sessions answer with dm{to: "cli:<you>"}; the answer waits on the bus for you (cc-dm tail
--session cli:<you>), or use --wait (or cc-dm ask) to wait for it and print it.

Options:
  -b, --broadcast    send to every live Claude session in reach instead of one <to>
  --queue            queue for a name that has never registered (a session not started yet)
  --wait             then wait for the reply and print it, exactly like cc-dm ask
  --timeout S        with --wait: give up after S seconds, exit 3 (default ${DEFAULT_ASK_TIMEOUT_S}; 0 = forever)
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

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...MESSAGE_FLAGS,
      broadcast: { type: "boolean", short: "b" },
      queue: { type: "boolean" },
      wait: { type: "boolean" },
      timeout: { type: "string" },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout(usage);
    return EXIT.ok;
  }
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
  if (values.timeout !== undefined && !values.wait) {
    throw new UsageError(
      "--timeout only applies with --wait",
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
  const timeout = values.wait ? timeoutMs(values.timeout, DEFAULT_ASK_TIMEOUT_S, "send") : null;
  const content = await messageContent(io, words, "send", `cc-dm send ${to ?? "--broadcast"} "your message"`);
  const message = { ...fields, content };

  if (values.wait) {
    return await askAndPrint(io, {
      to: to!,
      sender,
      message,
      timeoutMs: timeout,
      json: !!values.json,
      queueForUnknown: !!values.queue,
    });
  }

  // May create the bus: --queue for a session that has never started is a normal first use.
  const receipt = await withBus(io, { mustExist: false }, async (bus) => {
    const now = Date.now;
    const member = { bus, process: thisProcess(), cwd: io.cwd, now };
    // The sender's row must exist before the message does: a live session may answer at once.
    const undo = await ensureCliRow(member, sender, sender.project);
    try {
      return to === undefined
        ? await sendBroadcast(bus, sender, message, now())
        : await sendDm(bus, sender, { ...message, to, queueForUnknown: !!values.queue }, now());
    } catch (err) {
      await undo();
      throw err;
    }
  });
  io.stdout(values.json ? JSON.stringify(receiptJson(receipt)) + "\n" : receiptLine(receipt, useColor(io)));
  // Recipients whose own rules refuse this sender were skipped (broadcast): say so, never drop silently.
  for (const r of receipt.refused) io.stderr(`cc-dm: not sent to ${r.name}: ${r.reason}\n`);
  return EXIT.ok;
}

/** One quiet, parseable line: `sent 42 to backend (live)`, `queued 42 for x (offline)`, ... */
export function receiptLine(r: Receipt, color: boolean): string {
  const s = style(color);
  const m = r.message;
  const thread = m.threadId === String(m.id) ? "" : ` in thread ${m.threadId}`;
  switch (receiptStatus(r)) {
    case "queued":
      return `queued ${m.id} for ${s.bold(r.queued.join(", "))} ${s.yellow("(offline)")}${thread}\n`;
    case "none":
      return `sent ${m.id} to no one ${s.yellow("(no live session in reach)")}${thread}\n`;
    default:
      return m.to === null
        ? `sent ${m.id} to ${r.live.length} live session${r.live.length === 1 ? "" : "s"}: ${
          s.bold(r.live.join(", "))
        }${thread}\n`
        : `sent ${m.id} to ${s.bold(m.to)} ${s.green("(live)")}${thread}\n`;
  }
}
