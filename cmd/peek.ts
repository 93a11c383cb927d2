import { parseArgs } from "node:util";
import { NotFoundError, UsageError } from "../lib/errors.ts";
import * as rules from "../lib/mail/input_limits.ts";
import { peekTranscript } from "../lib/claude_code/transcript_peek.ts";
import { withBus } from "./bus_access.ts";
import { EXIT, EXIT_CODES } from "./exit_codes.ts";
import { parseThenRun } from "./parse_then_run.ts";
import { stamp } from "./format_time.ts";
import { type Io, useColor } from "./io.ts";
import { style } from "./style.ts";

const DEFAULT_BLOCKS = 3;

export const usage = `cc-dm peek: what a session's model said last

Usage: cc-dm peek <name> [-n N] [--json]

Prints the last N text blocks the session's model wrote (not tool calls or results), oldest
first, read from its Claude Code transcript: for deciding whether to interrupt it. Works for
sessions of this user on this machine; anything else is refused with the reason. Read-only.

Options:
  -n, --blocks N     how many text blocks (default ${DEFAULT_BLOCKS})
  --json             {"name", "transcript", "blocks": [{"text", "at"}]}
  -h, --help         this help

Examples:
  cc-dm peek backend
  cc-dm peek backend -n 1 --json | jq -r '.blocks[0].text'

${EXIT_CODES}
`;

/** `cc-dm peek`'s command line, checked. */
export interface PeekOptions {
  name: string;
  /** How many text blocks, newest last. */
  count: number;
  json: boolean;
}

/** Parse `cc-dm peek` arguments (UsageError on bad ones); null for --help. */
export function parsePeek(argv: string[]): PeekOptions | null {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      blocks: { type: "string", short: "n" },
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
        : "cc-dm peek: missing the session name",
      "cc-dm peek backend",
    );
  }
  let name: string;
  try {
    name = rules.normalizeName(positionals[0], "session name");
  } catch (err) {
    throw new UsageError((err as Error).message, "cc-dm who");
  }
  return { name, count: blockCount(values.blocks), json: !!values.json };
}

export const run = parseThenRun(usage, parsePeek, runPeek);

/** Print what `options.name`'s model said last, from its transcript. */
export async function runPeek(options: PeekOptions, io: Io): Promise<number> {
  const { name, count } = options;
  const row = await withBus(io, { mustExist: true }, (bus) => bus.session(name));
  if (!row) {
    throw new NotFoundError(`No session named "${name}" has ever registered on this bus`, "cc-dm who --all");
  }
  const { path, blocks } = await peekTranscript(row, io.env, count);
  if (options.json) {
    io.stdout(JSON.stringify({ name, transcript: path, blocks }) + "\n");
    return EXIT.ok;
  }
  if (blocks.length === 0) {
    io.stderr(`"${name}" has not written any text yet (${path}).\n`);
    return EXIT.ok;
  }
  const s = style(useColor(io));
  io.stdout(
    blocks.map((b) => `${s.dim(`-- ${b.at ? stamp(Date.parse(b.at)) : "?"}`)}\n${b.text.trimEnd()}\n`).join(
      "\n",
    ),
  );
  return EXIT.ok;
}

function blockCount(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_BLOCKS;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isSafeInteger(n) || n < 1 || n > 1000) {
    throw new UsageError(
      `-n ${JSON.stringify(raw)}: expected a whole number from 1 to 1000`,
      "cc-dm peek backend -n 5",
    );
  }
  return n;
}
