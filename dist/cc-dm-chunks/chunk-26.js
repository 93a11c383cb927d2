import {
  Membership,
  thisProcess
} from "./chunk-27.js";
import {
  sendDm
} from "./chunk-28.js";
import {
  cliSender
} from "./chunk-29.js";
import {
  messageJson
} from "./chunk-30.js";
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
import {
  shownState
} from "./chunk-35.js";
import {
  withBus
} from "./chunk-36.js";
import {
  parseThenRun
} from "./chunk-37.js";
import {
  normalizeName
} from "./chunk-38.js";
import {
  EXIT,
  EXIT_CODES
} from "./chunk-05.js";
import {
  CcDmError,
  NameTakenError,
  UsageError
} from "./chunk-07.js";

// cmd/ask.ts
import { parseArgs } from "node:util";

// lib/mail/ask_wait.ts
var ASK_SAFETY_POLL_MS = 2e3;
var REPLY_LEASE_MS = 3e4;
async function askAndWait(options) {
  const { bus, member, now, signal } = options;
  const name = member.identity?.name;
  if (!name) throw new Error("askAndWait needs a membership that holds a name");
  const subscription = await bus.subscribe(name);
  try {
    const receipt = await sendDm(bus, {
      ...options.sender,
      name
    }, options.request);
    options.onSent?.(receipt);
    const question = receipt.message;
    const deadline = options.timeoutMs === null ? Infinity : now() + options.timeoutMs;
    const aborted = new Promise((resolve) => {
      if (signal.aborted) resolve();
      signal.addEventListener("abort", () => resolve(), {
        once: true
      });
    });
    while (true) {
      if (signal.aborted) return {
        outcome: "interrupted",
        receipt
      };
      const [reply] = await bus.claimDeliveries(name, member.instance, REPLY_LEASE_MS, 1, {
        threadId: question.threadId,
        messageId: question.id
      });
      if (reply) {
        await bus.ackDeliveries([
          reply.deliveryId
        ], member.instance);
        return {
          outcome: "reply",
          receipt,
          reply: reply.message
        };
      }
      const left = deadline - now();
      if (left <= 0) return {
        outcome: "timeout",
        receipt
      };
      await Promise.race([
        subscription.next(Math.min(left, options.safetyPollMs ?? ASK_SAFETY_POLL_MS)),
        aborted
      ]);
    }
  } finally {
    await subscription.close();
  }
}

// lib/sessions/cli_member.ts
var MAX_VARIANTS = 20;
function membership(options) {
  return new Membership({
    bus: options.bus,
    process: options.process,
    kind: "cli",
    cwd: options.cwd,
    claudeSessionId: null
  });
}
async function holdCliName(options, sender, project) {
  const member = membership(options);
  for (let n = 1; n <= MAX_VARIANTS; n++) {
    const name = n === 1 ? sender.name : normalizeName(`${sender.name}-${n}`, "sender name");
    const existed = await options.bus.session(name) !== void 0;
    try {
      await member.register({
        name,
        role: sender.role,
        project
      });
      return {
        member,
        name,
        created: !existed
      };
    } catch (err) {
      if (!(err instanceof NameTakenError) || n === MAX_VARIANTS) throw err;
    }
  }
  throw new Error("unreachable");
}

// cmd/wait_progress.ts
var REDRAW_MS = 1e3;
function waitProgress(io, bus, to, questionId) {
  if (!io.stderrIsTty) return () => {
  };
  const started = Date.now();
  let stopped = false;
  const draw = async () => {
    try {
      const row = await bus.session(to);
      const now = Date.now();
      const state = row ? shownState(row, row.online).state : "unknown";
      const where = state === "offline" ? `${to} is offline (queued)` : `${to} is live, ${state}`;
      const waited = Math.round((now - started) / 1e3);
      if (stopped) return;
      io.stderr(`\r\x1B[Kcc-dm: waiting for the reply to #${questionId}: ${where} \xB7 ${waited}s \xB7 Ctrl-C to stop`);
    } catch {
    }
  };
  void draw();
  const timer = setInterval(draw, REDRAW_MS);
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    io.stderr("\r\x1B[K");
  };
}

// cmd/ask.ts
var DEFAULT_ASK_TIMEOUT_S = 300;
var usage = `cc-dm ask: send a question to a session and print its reply

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
async function parseAsk(argv, io) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...MESSAGE_FLAGS,
      timeout: {
        type: "string"
      }
    },
    strict: true,
    allowPositionals: true
  });
  if (values.help) return null;
  const [to, ...words] = positionals;
  if (to === void 0) {
    throw new UsageError("cc-dm ask: missing the recipient", 'cc-dm ask backend "which port does the API use?"');
  }
  const sender = cliSender(io, values);
  const fields = messageOptions(values, "ask", "question");
  const timeout = timeoutMs(values.timeout, DEFAULT_ASK_TIMEOUT_S, "ask");
  const content = await messageContent(io, words, "ask", `cc-dm ask ${to} "your question"`);
  return {
    to,
    sender,
    message: {
      ...fields,
      content
    },
    timeoutMs: timeout,
    json: !!values.json
  };
}
var run = parseThenRun(usage, parseAsk, (command, io) => askAndPrint(io, command));
async function askAndPrint(io, cmd) {
  const interrupt = catchInterrupt(io);
  try {
    return await withBus(io, {
      mustExist: !cmd.queueForUnknown
    }, async (bus) => {
      const to = normalizeName(cmd.to, "recipient name");
      const now = Date.now;
      const options = {
        bus,
        process: thisProcess(),
        cwd: io.cwd,
        now
      };
      const held = await holdCliName(options, cmd.sender, cmd.sender.project);
      const member = held.member;
      let sent = false;
      let stopProgress = () => {
      };
      try {
        const result = await askAndWait({
          bus,
          member,
          sender: cmd.sender,
          request: {
            ...cmd.message,
            to,
            queueForUnknown: cmd.queueForUnknown
          },
          now,
          timeoutMs: cmd.timeoutMs,
          signal: interrupt.signal,
          onSent: (receipt) => {
            sent = true;
            stopProgress = waitProgress(io, bus, to, receipt.message.id);
            if (receipt.queued.length > 0) {
              io.stderr(`cc-dm: "${to}" is offline; question ${receipt.message.id} is queued and it answers when it starts${cmd.timeoutMs === null ? "" : ` (waiting ${cmd.timeoutMs / 1e3} s)`}
`);
            }
          }
        });
        stopProgress();
        if (result.outcome === "interrupted") return EXIT.interrupted;
        const question = result.receipt.message;
        if (result.outcome === "timeout") {
          throw new CcDmError(`No reply from "${to}" within ${cmd.timeoutMs / 1e3} s to message ${question.id} (sent as ${held.name})`, EXIT.timeout, `wait longer with --timeout; a later reply waits for you: cc-dm inbox${held.name === cmd.sender.name ? "" : ` --from ${held.name.slice("cli:".length)}`}`);
        }
        const reply = result.reply;
        if (cmd.json) io.stdout(JSON.stringify(messageJson(reply)) + "\n");
        else io.stdout(reply.content.endsWith("\n") ? reply.content : reply.content + "\n");
        return EXIT.ok;
      } finally {
        stopProgress();
        await member.leave();
        if (!sent && held.created) await bus.forgetSession(held.name);
      }
    });
  } finally {
    interrupt.dispose();
  }
}

export {
  DEFAULT_ASK_TIMEOUT_S,
  usage,
  parseAsk,
  run,
  askAndPrint
};
