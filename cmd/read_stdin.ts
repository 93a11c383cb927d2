import { MAX_CONTENT_BYTES } from "../lib/rules.ts";
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
  return new TextDecoder().decode(bytes).replace(/\r?\n$/, "");
}
