import { parseArgs } from "node:util";
import type { StoredMessage } from "../lib/bus/bus.ts";
import { CcDmError, UsageError } from "../lib/errors.ts";
import { withBus } from "./bus_access.ts";
import { cliSender } from "./cli_sender.ts";
import { EXIT, EXIT_CODES } from "./exit_codes.ts";
import { parseThenRun } from "./parse_then_run.ts";
import { type Io, useColor } from "./io.ts";
import { messageJson } from "./message_json.ts";
import { messageLine } from "./tail.ts";

/** A claim the inbox took but never acknowledged (killed mid-print) returns after this. */
const INBOX_LEASE_MS = 30_000;
const DEFAULT_LIMIT = 100;

export const usage = `cc-dm inbox: the messages sent to you, unread first

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

/** `cc-dm inbox`'s command line, checked. */
export interface InboxOptions {
  /** Whose mail: `cli:<name>` (--from, CC_DM_FROM, the login name). */
  you: string;
  limit: number;
  json: boolean;
}

/** Parse `cc-dm inbox` arguments (UsageError on bad ones); null for --help. */
export function parseInbox(argv: string[], io: Pick<Io, "env">): InboxOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: "string" },
      limit: { type: "string", short: "n" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  return {
    limit: limitOf(values.limit),
    you: cliSender(io, { from: values.from, project: "" }).name,
    json: !!values.json,
  };
}

export const run = parseThenRun(usage, parseInbox, runInbox);

/** Print the unread mail of `options.you`, then mark it read. */
export async function runInbox(options: InboxOptions, io: Io): Promise<number> {
  const { you, limit } = options;
  const color = useColor(io);
  const print = (messages: StoredMessage[]) => {
    if (options.json) {
      io.stdout(
        JSON.stringify({ for: you, messages: messages.map(messageJson), count: messages.length }) + "\n",
      );
    } else if (messages.length === 0) {
      io.stderr(`No unread messages for ${you}.\n`);
    } else {
      io.stdout(messages.map((m) => messageLine(m, color)).join(""));
    }
  };
  const nothing = () => Promise.resolve(print([]));
  await withBus(io, { mustExist: true, ifMissing: nothing }, async (bus) => {
    const row = await bus.session(you);
    if (row?.online) {
      // An ask holding the name waits for its reply: taking that reply here would leave it hanging.
      throw new CcDmError(
        `${you} is held by a running cc-dm ask or send --wait (pid ${row.pid}); its reply must reach it`,
        1,
        "let it finish (or stop it), then run cc-dm inbox again",
      );
    }
    const claimer = `inbox:${crypto.randomUUID()}`;
    const taken = await bus.claimDeliveries(you, claimer, INBOX_LEASE_MS, limit);
    // Printed, then marked read: output that cannot be written leaves the mail unread.
    print(taken.map((d) => d.message));
    await bus.ackDeliveries(taken.map((d) => d.deliveryId), claimer);
  });
  return EXIT.ok;
}

function limitOf(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isSafeInteger(n) || n < 1 || n > 10_000) {
    throw new UsageError(
      `-n ${JSON.stringify(raw)}: expected a whole number from 1 to 10000`,
      "cc-dm inbox -n 20",
    );
  }
  return n;
}
