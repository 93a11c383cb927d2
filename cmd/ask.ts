import { parseArgs } from "node:util";
import { askAndWait } from "../lib/mail/ask_wait.ts";
import { holdCliName } from "../lib/sessions/cli_member.ts";
import { CcDmError, UsageError } from "../lib/errors.ts";
import { thisProcess } from "../lib/sessions/liveness.ts";
import type { Identity } from "../lib/sessions/membership.ts";
import type { MessageOptions } from "../lib/mail/routing.ts";
import * as rules from "../lib/mail/input_limits.ts";
import { withBus } from "./bus_access.ts";
import { cliSender } from "./cli_sender.ts";
import { EXIT, EXIT_CODES } from "./exit_codes.ts";
import { parseThenRun } from "./parse_then_run.ts";
import { catchInterrupt } from "./interrupt.ts";
import type { Io } from "./io.ts";
import {
  MESSAGE_FLAGS,
  MESSAGE_FLAGS_HELP,
  messageContent,
  messageOptions,
  timeoutMs,
} from "./message_flags.ts";
import { messageJson } from "./message_json.ts";
import { waitProgress } from "./wait_progress.ts";

/** Seconds `ask` waits by default: long enough for a Claude session to finish a turn. */
export const DEFAULT_ASK_TIMEOUT_S = 300;

export const usage = `cc-dm ask: send a question to a session and print its reply

Usage: cc-dm ask <to> <question...> [options]
       <command> | cc-dm ask <to> [options]        (the question from stdin)

Sends the question as cli:<you> and waits for the answer in its thread: a message back
whose in_reply_to is the question's message_id (what a session sends when it answers a
<channel> event) or that is filed in the question's thread. Prints only the answer's text
on stdout, so \`answer=$(cc-dm ask ...)\` works. Woken by the bus, not by polling.

Options:
  --timeout S        give up after S seconds: exit 3 (default ${DEFAULT_ASK_TIMEOUT_S}; 0 waits forever)
${MESSAGE_FLAGS_HELP.replace("print the result", "print the reply")}
  -h, --help         this help

The question's type is "question" unless --type says otherwise. While it waits, ask holds
its name; a second ask by the same person at the same time asks as cli:NAME-2 (then -3, ...),
so each gets the reply to its own question. A reply that comes after the timeout is not lost:
it waits for you in \`cc-dm inbox\`.

Examples:
  answer=$(cc-dm ask tests "are the integration tests green?")
  cc-dm ask backend "which port does the API listen on?" --timeout 60
  git diff --stat | cc-dm ask reviewer --timeout 600
  cc-dm ask backend "status?" --json | jq -r .content
  cc-dm ask backend "ready to deploy?" --timeout 30 || echo "no answer (exit $?)"

${EXIT_CODES}
`;

/**
 * Parse `cc-dm ask` arguments into the question to ask (UsageError on bad ones; the message
 * comes from the words or from stdin); null for --help.
 */
export async function parseAsk(argv: string[], io: Io): Promise<AskCommand | null> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...MESSAGE_FLAGS, timeout: { type: "string" } },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) return null;
  const [to, ...words] = positionals;
  if (to === undefined) {
    throw new UsageError(
      "cc-dm ask: missing the recipient",
      'cc-dm ask backend "which port does the API use?"',
    );
  }
  const sender = cliSender(io, values);
  const fields = messageOptions(values, "ask", "question");
  const timeout = timeoutMs(values.timeout, DEFAULT_ASK_TIMEOUT_S, "ask");
  const content = await messageContent(io, words, "ask", `cc-dm ask ${to} "your question"`);
  return { to, sender, message: { ...fields, content }, timeoutMs: timeout, json: !!values.json };
}

export const run = parseThenRun(usage, parseAsk, (command: AskCommand, io: Io) => askAndPrint(io, command));

export interface AskCommand {
  to: string;
  sender: Identity;
  message: MessageOptions;
  timeoutMs: number | null;
  json: boolean;
  /** Queue for a name that never registered (send --wait --queue); may create the bus. */
  queueForUnknown?: boolean;
}

/** Ask, wait and print the reply; shared with `send --wait`. */
export async function askAndPrint(io: Io, cmd: AskCommand): Promise<number> {
  const interrupt = catchInterrupt(io);
  try {
    return await withBus(io, { mustExist: !cmd.queueForUnknown }, async (bus) => {
      const to = rules.normalizeName(cmd.to, "recipient name");
      const now = Date.now;
      const options = { bus, process: thisProcess(), cwd: io.cwd, now };
      const held = await holdCliName(options, cmd.sender, cmd.sender.project);
      const member = held.member;
      let sent = false;
      let stopProgress = () => {};
      try {
        const result = await askAndWait({
          bus,
          member,
          sender: cmd.sender,
          request: { ...cmd.message, to, queueForUnknown: cmd.queueForUnknown },
          now,
          timeoutMs: cmd.timeoutMs,
          signal: interrupt.signal,
          onSent: (receipt) => {
            sent = true;
            stopProgress = waitProgress(io, bus, to, receipt.message.id);
            if (receipt.queued.length > 0) {
              io.stderr(
                `cc-dm: "${to}" is offline; question ${receipt.message.id} is queued and it answers when it starts${
                  cmd.timeoutMs === null ? "" : ` (waiting ${cmd.timeoutMs / 1000} s)`
                }\n`,
              );
            }
          },
        });
        stopProgress(); // before the reply or error is printed on the same terminal
        if (result.outcome === "interrupted") return EXIT.interrupted;
        const question = result.receipt.message;
        if (result.outcome === "timeout") {
          throw new CcDmError(
            `No reply from "${to}" within ${
              cmd.timeoutMs! / 1000
            } s to message ${question.id} (sent as ${held.name})`,
            EXIT.timeout,
            `wait longer with --timeout; a later reply waits for you: cc-dm inbox${
              held.name === cmd.sender.name ? "" : ` --from ${held.name.slice("cli:".length)}`
            }`,
          );
        }
        const reply = result.reply;
        if (cmd.json) io.stdout(JSON.stringify(messageJson(reply)) + "\n");
        else io.stdout(reply.content.endsWith("\n") ? reply.content : reply.content + "\n");
        return EXIT.ok;
      } finally {
        stopProgress();
        await member.leave();
        // Refused before storing (unknown recipient, scoping): leave no row behind either.
        if (!sent && held.created) await bus.forgetSession(held.name);
      }
    });
  } finally {
    interrupt.dispose();
  }
}
