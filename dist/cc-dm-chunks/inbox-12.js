import {
  messageLine
} from "./chunk-47.js";
import "./chunk-25.js";
import {
  useColor
} from "./chunk-04.js";
import {
  cliSender
} from "./chunk-29.js";
import {
  messageJson
} from "./chunk-30.js";
import "./chunk-31.js";
import "./chunk-33.js";
import "./chunk-34.js";
import {
  withBus
} from "./chunk-36.js";
import {
  parseThenRun
} from "./chunk-37.js";
import "./chunk-38.js";
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

// cmd/inbox.ts
import { parseArgs } from "node:util";
var INBOX_LEASE_MS = 3e4;
var DEFAULT_LIMIT = 100;
var usage = `cc-dm inbox: the messages sent to you, unread first

Usage: cc-dm inbox [--from NAME] [-n N] [--json]

Prints the unread messages to cli:<you> (replies to what you sent, messages sessions sent
you), oldest first, and marks them read: each is shown once. A reply that came after
\`cc-dm ask\` or \`send --wait\` gave up waits here. Nothing unread: a note on stderr, exit 0.

Options:
  --from NAME        read the inbox of cli:NAME (default cli:$USER; env CC_DM_FROM)
  -n, --limit N      at most N messages (default ${DEFAULT_LIMIT}); the rest stay unread
  --json             one JSON object: {"for", "messages": [...], "count"} (fields: docs/json.md)
  -h, --help         this help

Examples:
  cc-dm inbox
  cc-dm inbox --json | jq -r '.messages[].content'
  CC_DM_FROM=ci cc-dm inbox

${EXIT_CODES}
`;
function parseInbox(argv, io) {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: {
        type: "string"
      },
      limit: {
        type: "string",
        short: "n"
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
    limit: limitOf(values.limit),
    you: cliSender(io, {
      from: values.from,
      project: ""
    }).name,
    json: !!values.json
  };
}
var run = parseThenRun(usage, parseInbox, runInbox);
async function runInbox(options, io) {
  const { you, limit } = options;
  const color = useColor(io);
  const print = (messages) => {
    if (options.json) {
      io.stdout(JSON.stringify({
        for: you,
        messages: messages.map(messageJson),
        count: messages.length
      }) + "\n");
    } else if (messages.length === 0) {
      io.stderr(`No unread messages for ${you}.
`);
    } else {
      io.stdout(messages.map((m) => messageLine(m, color)).join(""));
    }
  };
  const nothing = () => Promise.resolve(print([]));
  await withBus(io, {
    mustExist: true,
    ifMissing: nothing
  }, async (bus) => {
    const row = await bus.session(you);
    if (row?.online) {
      throw new CcDmError(`${you} is held by a running cc-dm ask or send --wait (pid ${row.pid}); its reply must reach it`, 1, "let it finish (or stop it), then run cc-dm inbox again");
    }
    const claimer = `inbox:${crypto.randomUUID()}`;
    const taken = await bus.claimDeliveries(you, claimer, INBOX_LEASE_MS, limit);
    print(taken.map((d) => d.message));
    await bus.ackDeliveries(taken.map((d) => d.deliveryId), claimer);
  });
  return EXIT.ok;
}
function limitOf(raw) {
  if (raw === void 0) return DEFAULT_LIMIT;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isSafeInteger(n) || n < 1 || n > 1e4) {
    throw new UsageError(`-n ${JSON.stringify(raw)}: expected a whole number from 1 to 10000`, "cc-dm inbox -n 20");
  }
  return n;
}
export {
  parseInbox,
  run,
  runInbox,
  usage
};
