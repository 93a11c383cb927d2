import type { MessageOptions } from "../lib/mail/routing.ts";
import * as rules from "../lib/mail/input_limits.ts";
import { InvalidInputError, UsageError } from "../lib/errors.ts";
import type { Io } from "./io.ts";
import { invalidUtf8At, readMessageFromStdin } from "./read_stdin.ts";

/** Options `send` and `ask` share (node:util parseArgs shape). */
export const MESSAGE_FLAGS = {
  from: { type: "string" },
  project: { type: "string" },
  thread: { type: "string" },
  "reply-to": { type: "string" },
  priority: { type: "string", short: "p" },
  type: { type: "string", short: "t" },
  meta: { type: "string", multiple: true },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export const MESSAGE_FLAGS_HELP = `  --from NAME        send as cli:NAME (default cli:$USER; env CC_DM_FROM)
  --project TAG      your project tag: you reach its sessions only (env CC_DM_SESSION_PROJECT)
  --thread ID        file the message under an existing thread
  --reply-to ID      the message_id this answers (joins its thread)
  -p, --priority P   ${rules.PRIORITIES.join(", ")} (default normal)
  -t, --type T       ${rules.MESSAGE_TYPES.join(", ")}
  --meta KEY=VALUE   extra attribute on the <channel> tag (repeatable)
  --json             print the result as one JSON object (fields: docs/json.md)`;

interface MessageFlagValues {
  thread?: string;
  "reply-to"?: string;
  priority?: string;
  type?: string;
  meta?: string[];
}

/** Turn a rule violation in a flag value into a usage error naming the flag. */
function flag<T>(name: string, command: string, check: () => T): T {
  try {
    return check();
  } catch (err) {
    throw new UsageError(`--${name}: ${(err as Error).message}`, `cc-dm ${command} --help`);
  }
}

/** The message fields given as flags, checked before anything touches the bus. */
export function messageOptions(
  values: MessageFlagValues,
  command: string,
  defaultType?: string,
): Omit<MessageOptions, "content"> {
  const meta: Record<string, string> = {};
  for (const pair of values.meta ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) {
      throw new UsageError(
        `--meta ${JSON.stringify(pair)}: expected KEY=VALUE`,
        `cc-dm ${command} --meta ticket=123`,
      );
    }
    meta[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return {
    threadId: flag("thread", command, () => rules.label(values.thread, "thread_id")),
    inReplyTo: flag("reply-to", command, () => rules.label(values["reply-to"], "in_reply_to")),
    priority: flag("priority", command, () => rules.priority(values.priority)),
    messageType: values.type === undefined && defaultType === undefined
      ? undefined
      : flag("type", command, () => rules.messageType(values.type ?? defaultType)),
    meta: flag("meta", command, () => rules.senderMeta(meta)),
  };
}

/**
 * The message text: the words after the recipient, or stdin when there are none (or `-`).
 * A terminal on stdin with no words is a usage error, not a silent wait for input.
 */
export async function messageContent(
  io: Io,
  words: string[],
  command: string,
  example: string,
): Promise<string> {
  const fromStdin = words.length === 0 || (words.length === 1 && words[0] === "-");
  if (!fromStdin) {
    const text = words.join(" ");
    // Deno turns bytes that are not UTF-8 in argv into U+FFFD: check the real bytes.
    if (text.includes("\uFFFD")) refuseInvalidArgv();
    return rules.content(text);
  }
  if (words.length === 0 && io.stdinIsTty) {
    throw new UsageError(
      `cc-dm ${command}: no message; give it after the recipient or pipe it on stdin`,
      example,
    );
  }
  return rules.content(await readMessageFromStdin(io.stdin));
}

/** Throws when the process's real argv (Linux: /proc/self/cmdline) holds bytes that are not UTF-8. */
function refuseInvalidArgv(): void {
  let raw: Uint8Array;
  try {
    raw = Deno.readFileSync("/proc/self/cmdline");
  } catch {
    return; // Not Linux: the U+FFFD may be real, and nothing better can be known.
  }
  let start = 0;
  for (let i = 0; i <= raw.length; i++) {
    if (i < raw.length && raw[i] !== 0) continue;
    const arg = raw.subarray(start, i);
    const bad = invalidUtf8At(arg);
    if (bad !== null) {
      throw new InvalidInputError(
        `Invalid message: an argument is not valid UTF-8 (byte 0x${
          arg[bad].toString(16).padStart(2, "0")
        } at offset ${bad} of ${JSON.stringify(new TextDecoder().decode(arg))}); nothing was sent`,
        "Pass UTF-8 text (check the terminal's locale), or pipe the message on stdin.",
      );
    }
    start = i + 1;
  }
}

/** `--timeout S` in seconds as milliseconds; 0 means no limit (null). */
export function timeoutMs(raw: string | undefined, fallbackSeconds: number, command: string): number | null {
  if (raw === undefined) return fallbackSeconds * 1000;
  const seconds = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(seconds) || seconds < 0) {
    throw new UsageError(
      `--timeout ${JSON.stringify(raw)}: expected a number of seconds (0 waits forever)`,
      `cc-dm ${command} --timeout 60 ...`,
    );
  }
  return seconds === 0 ? null : Math.round(seconds * 1000);
}
