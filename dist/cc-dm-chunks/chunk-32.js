import {
  MAX_CONTENT_BYTES,
  MESSAGE_TYPES,
  PRIORITIES,
  content,
  label,
  messageType,
  priority,
  senderMeta
} from "./chunk-38.js";
import {
  InvalidInputError,
  UsageError
} from "./chunk-07.js";

// cmd/read_stdin.ts
var SLACK_BYTES = 16;
async function readMessageFromStdin(stdin) {
  const reader = stdin.getReader();
  const chunks = [];
  let total = 0;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.length;
      if (total > MAX_CONTENT_BYTES + SLACK_BYTES) {
        throw new InvalidInputError(`Invalid message: stdin has more than ${MAX_CONTENT_BYTES} bytes, the limit; nothing was sent`, "Send a summary (e.g. `tail -50`), or split it into several messages in one thread.");
      }
    }
  } finally {
    await reader.cancel().catch(() => {
    });
    reader.releaseLock();
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  const bad = invalidUtf8At(bytes);
  if (bad !== null) {
    throw new InvalidInputError(`Invalid message: stdin is not valid UTF-8 (byte 0x${bytes[bad].toString(16).padStart(2, "0")} at offset ${bad}); nothing was sent`, "Convert it first (e.g. `iconv -f latin1 -t utf-8`), or send binary data encoded (base64).");
  }
  return new TextDecoder().decode(bytes).replace(/\r?\n$/, "");
}
function invalidUtf8At(bytes) {
  try {
    new TextDecoder("utf-8", {
      fatal: true
    }).decode(bytes);
    return null;
  } catch {
  }
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 128 ? 0 : b >= 194 && b <= 223 ? 1 : b >= 224 && b <= 239 ? 2 : b >= 240 && b <= 244 ? 3 : -1;
    if (need < 0) return i;
    const seq = bytes.subarray(i, i + need + 1);
    if (seq.length < need + 1) return i;
    try {
      new TextDecoder("utf-8", {
        fatal: true
      }).decode(seq);
    } catch {
      return i;
    }
    i += need + 1;
  }
  return bytes.length - 1;
}

// cmd/message_flags.ts
var MESSAGE_FLAGS = {
  from: {
    type: "string"
  },
  project: {
    type: "string"
  },
  thread: {
    type: "string"
  },
  "reply-to": {
    type: "string"
  },
  priority: {
    type: "string",
    short: "p"
  },
  type: {
    type: "string",
    short: "t"
  },
  meta: {
    type: "string",
    multiple: true
  },
  json: {
    type: "boolean"
  },
  help: {
    type: "boolean",
    short: "h"
  }
};
var MESSAGE_FLAGS_HELP = `  --from NAME        send as cli:NAME (default cli:$USER; env CC_DM_FROM)
  --project TAG      your project tag: you reach its sessions only (env CC_DM_SESSION_PROJECT)
  --thread ID        file the message under an existing thread
  --reply-to ID      the message_id this answers (joins its thread)
  -p, --priority P   ${PRIORITIES.join(", ")} (default normal)
  -t, --type T       ${MESSAGE_TYPES.join(", ")}
  --meta KEY=VALUE   extra attribute on the <channel> tag (repeatable)
  --json             print the result as one JSON object (fields: docs/json.md)`;
function flag(name, command, check) {
  try {
    return check();
  } catch (err) {
    throw new UsageError(`--${name}: ${err.message}`, `cc-dm ${command} --help`);
  }
}
function messageOptions(values, command, defaultType) {
  const meta = {};
  for (const pair of values.meta ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) {
      throw new UsageError(`--meta ${JSON.stringify(pair)}: expected KEY=VALUE`, `cc-dm ${command} --meta ticket=123`);
    }
    meta[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return {
    threadId: flag("thread", command, () => label(values.thread, "thread_id")),
    inReplyTo: flag("reply-to", command, () => label(values["reply-to"], "in_reply_to")),
    priority: flag("priority", command, () => priority(values.priority)),
    messageType: values.type === void 0 && defaultType === void 0 ? void 0 : flag("type", command, () => messageType(values.type ?? defaultType)),
    meta: flag("meta", command, () => senderMeta(meta))
  };
}
async function messageContent(io, words, command, example) {
  const fromStdin = words.length === 0 || words.length === 1 && words[0] === "-";
  if (!fromStdin) {
    const text = words.join(" ");
    if (text.includes("\uFFFD")) refuseInvalidArgv();
    return content(text);
  }
  if (words.length === 0 && io.stdinIsTty) {
    throw new UsageError(`cc-dm ${command}: no message; give it after the recipient or pipe it on stdin`, example);
  }
  return content(await readMessageFromStdin(io.stdin));
}
function refuseInvalidArgv() {
  let raw;
  try {
    raw = Deno.readFileSync("/proc/self/cmdline");
  } catch {
    return;
  }
  let start = 0;
  for (let i = 0; i <= raw.length; i++) {
    if (i < raw.length && raw[i] !== 0) continue;
    const arg = raw.subarray(start, i);
    const bad = invalidUtf8At(arg);
    if (bad !== null) {
      throw new InvalidInputError(`Invalid message: an argument is not valid UTF-8 (byte 0x${arg[bad].toString(16).padStart(2, "0")} at offset ${bad} of ${JSON.stringify(new TextDecoder().decode(arg))}); nothing was sent`, "Pass UTF-8 text (check the terminal's locale), or pipe the message on stdin.");
    }
    start = i + 1;
  }
}
function timeoutMs(raw, fallbackSeconds, command) {
  if (raw === void 0) return fallbackSeconds * 1e3;
  const seconds = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(seconds) || seconds < 0) {
    throw new UsageError(`--timeout ${JSON.stringify(raw)}: expected a number of seconds (0 waits forever)`, `cc-dm ${command} --timeout 60 ...`);
  }
  return seconds === 0 ? null : Math.round(seconds * 1e3);
}

export {
  MESSAGE_FLAGS,
  MESSAGE_FLAGS_HELP,
  messageOptions,
  messageContent,
  timeoutMs
};
