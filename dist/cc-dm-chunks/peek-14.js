import {
  transcriptPath
} from "./chunk-48.js";
import "./chunk-49.js";
import {
  style
} from "./chunk-25.js";
import {
  useColor
} from "./chunk-04.js";
import {
  stamp
} from "./chunk-34.js";
import {
  withBus
} from "./chunk-36.js";
import {
  parseThenRun
} from "./chunk-37.js";
import {
  normalizeName
} from "./chunk-38.js";
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
  NotFoundError,
  UsageError
} from "./chunk-07.js";

// cmd/peek.ts
import { parseArgs } from "node:util";

// lib/claude_code/transcript_peek.ts
function peekPath(row, env) {
  if (row.transcriptPath) return row.transcriptPath;
  if (!row.claudeSessionId || !row.cwd) return null;
  return transcriptPath(env, row.cwd, row.claudeSessionId);
}
async function peekTranscript(row, env, count, here = Deno.hostname()) {
  if (row.kind === "cli") {
    throw new CcDmError(`"${row.name}" is a person or script, not a Claude session: it has no transcript`, 1);
  }
  if (row.host && row.host !== here) {
    throw new CcDmError(`"${row.name}" runs on ${row.host}, not on this machine (${here}): peek reads transcripts here only`, 1, `ask it instead: cc-dm ask ${row.name} "what are you working on?"`);
  }
  const path = peekPath(row, env);
  if (!path) {
    throw new NotFoundError(`No transcript is known for "${row.name}": its Claude Code did not report one (cc-dm's hooks do)`, "install the hooks with cc-dm setup --hooks, or ask the session instead");
  }
  let file;
  try {
    file = await Deno.open(path, {
      read: true
    });
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new NotFoundError(`No transcript for "${row.name}" at ${path} (not written yet, or removed)`);
    }
    if (err instanceof Deno.errors.PermissionDenied) {
      throw new CcDmError(`Cannot read the transcript of "${row.name}" (${path}): it belongs to another user`, 1);
    }
    throw err;
  }
  try {
    return {
      path,
      blocks: await lastAssistantTexts(file, count)
    };
  } finally {
    file.close();
  }
}
async function lastAssistantTexts(file, count) {
  const size = (await file.stat()).size;
  let chunk = 256 * 1024;
  for (; ; ) {
    const start = Math.max(0, size - chunk);
    const bytes = new Uint8Array(size - start);
    await file.seek(start, Deno.SeekMode.Start);
    let read = 0;
    while (read < bytes.length) {
      const n = await file.read(bytes.subarray(read));
      if (n === null) break;
      read += n;
    }
    const lines = new TextDecoder().decode(bytes.subarray(0, read)).split("\n");
    if (start > 0) lines.shift();
    const blocks = assistantTexts(lines);
    if (blocks.length >= count || start === 0) return blocks.slice(-count);
    chunk *= 4;
  }
}
function assistantTexts(lines) {
  const out = [];
  for (const line of lines) {
    if (!line.includes('"assistant"')) continue;
    let entry;
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if (entry?.type !== "assistant" || !Array.isArray(entry.message?.content)) continue;
    for (const block of entry.message.content) {
      if (block?.type === "text" && typeof block.text === "string" && block.text.trim()) {
        out.push({
          text: block.text,
          at: typeof entry.timestamp === "string" ? entry.timestamp : null
        });
      }
    }
  }
  return out;
}

// cmd/peek.ts
var DEFAULT_BLOCKS = 3;
var usage = `cc-dm peek: what a session's model said last

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
function parsePeek(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      blocks: {
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
    allowPositionals: true
  });
  if (values.help) return null;
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length ? `unexpected argument ${JSON.stringify(positionals[1])}` : "cc-dm peek: missing the session name", "cc-dm peek backend");
  }
  let name;
  try {
    name = normalizeName(positionals[0], "session name");
  } catch (err) {
    throw new UsageError(err.message, "cc-dm who");
  }
  return {
    name,
    count: blockCount(values.blocks),
    json: !!values.json
  };
}
var run = parseThenRun(usage, parsePeek, runPeek);
async function runPeek(options, io) {
  const { name, count } = options;
  const row = await withBus(io, {
    mustExist: true
  }, (bus) => bus.session(name));
  if (!row) {
    throw new NotFoundError(`No session named "${name}" has ever registered on this bus`, "cc-dm who --all");
  }
  const { path, blocks } = await peekTranscript(row, io.env, count);
  if (options.json) {
    io.stdout(JSON.stringify({
      name,
      transcript: path,
      blocks
    }) + "\n");
    return EXIT.ok;
  }
  if (blocks.length === 0) {
    io.stderr(`"${name}" has not written any text yet (${path}).
`);
    return EXIT.ok;
  }
  const s = style(useColor(io));
  io.stdout(blocks.map((b) => `${s.dim(`-- ${b.at ? stamp(Date.parse(b.at)) : "?"}`)}
${b.text.trimEnd()}
`).join("\n"));
  return EXIT.ok;
}
function blockCount(raw) {
  if (raw === void 0) return DEFAULT_BLOCKS;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isSafeInteger(n) || n < 1 || n > 1e3) {
    throw new UsageError(`-n ${JSON.stringify(raw)}: expected a whole number from 1 to 1000`, "cc-dm peek backend -n 5");
  }
  return n;
}
export {
  parsePeek,
  run,
  runPeek,
  usage
};
