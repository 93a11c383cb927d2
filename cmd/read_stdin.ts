import { MAX_CONTENT_BYTES } from "../lib/mail/input_limits.ts";
import { InvalidInputError } from "../lib/errors.ts";

// Room for a trailing newline or two beyond the content limit: `printf '%s\n'` of a message of
// exactly the limit must still fit once the newline is dropped.
const SLACK_BYTES = 16;

/**
 * The message body piped on stdin. Reading stops just past the size limit, so a runaway
 * producer (`yes | cc-dm send x`) fails fast instead of filling memory. One trailing line
 * break is dropped: `echo hi | cc-dm send x` sends "hi".
 */
export async function readMessageFromStdin(stdin: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stdin.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.length;
      if (total > MAX_CONTENT_BYTES + SLACK_BYTES) {
        throw new InvalidInputError(
          `Invalid message: stdin has more than ${MAX_CONTENT_BYTES} bytes, the limit; nothing was sent`,
          "Send a summary (e.g. `tail -50`), or split it into several messages in one thread.",
        );
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
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
    throw new InvalidInputError(
      `Invalid message: stdin is not valid UTF-8 (byte 0x${
        bytes[bad].toString(16).padStart(2, "0")
      } at offset ${bad}); nothing was sent`,
      "Convert it first (e.g. `iconv -f latin1 -t utf-8`), or send binary data encoded (base64).",
    );
  }
  return new TextDecoder().decode(bytes).replace(/\r?\n$/, "");
}

/** Offset of the first byte that breaks UTF-8 (as TextDecoder's fatal mode sees it), or null. */
export function invalidUtf8At(bytes: Uint8Array): number | null {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return null;
  } catch {
    // Find where: decode growing prefixes would be quadratic; walk the sequences instead.
  }
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 0x80
      ? 0
      : b >= 0xc2 && b <= 0xdf
      ? 1
      : b >= 0xe0 && b <= 0xef
      ? 2
      : b >= 0xf0 && b <= 0xf4
      ? 3
      : -1;
    if (need < 0) return i;
    const seq = bytes.subarray(i, i + need + 1);
    if (seq.length < need + 1) return i;
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(seq);
    } catch {
      return i;
    }
    i += need + 1;
  }
  return bytes.length - 1;
}
