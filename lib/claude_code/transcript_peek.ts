import type { SessionRow } from "../bus/bus.ts";
import { transcriptPath } from "./transcript.ts";
import { CcDmError, NotFoundError } from "../errors.ts";
import type { Env } from "../paths.ts";

// `cc-dm peek`: the last things a session's model said, read from Claude Code's transcript (one
// JSON object per line; the model's turns are `{"type":"assistant","message":{"content":[...]}}`).
// Only where the transcript is: the same machine, and a file this user can read.

/** One text block the model wrote. */
export interface AssistantText {
  text: string;
  /** The transcript entry's timestamp (RFC 3339), when it has one. */
  at: string | null;
}

/** The transcript of `row`: what its hooks reported, else where Claude Code keeps it. */
export function peekPath(row: SessionRow, env: Env): string | null {
  if (row.transcriptPath) return row.transcriptPath;
  if (!row.claudeSessionId || !row.cwd) return null;
  return transcriptPath(env, row.cwd, row.claudeSessionId);
}

/**
 * The last `count` assistant text blocks of `row`'s transcript, oldest first. Throws a CcDmError
 * saying why when it cannot be read here (other machine, other user, no transcript yet).
 */
export async function peekTranscript(
  row: SessionRow,
  env: Env,
  count: number,
  here = Deno.hostname(),
): Promise<{ path: string; blocks: AssistantText[] }> {
  if (row.kind === "cli") {
    throw new CcDmError(`"${row.name}" is a person or script, not a Claude session: it has no transcript`, 1);
  }
  if (row.host && row.host !== here) {
    throw new CcDmError(
      `"${row.name}" runs on ${row.host}, not on this machine (${here}): peek reads transcripts here only`,
      1,
      `ask it instead: cc-dm ask ${row.name} "what are you working on?"`,
    );
  }
  const path = peekPath(row, env);
  if (!path) {
    throw new NotFoundError(
      `No transcript is known for "${row.name}": its Claude Code did not report one (cc-dm's hooks do)`,
      "install the hooks with cc-dm setup --hooks, or ask the session instead",
    );
  }
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new NotFoundError(`No transcript for "${row.name}" at ${path} (not written yet, or removed)`);
    }
    if (err instanceof Deno.errors.PermissionDenied) {
      throw new CcDmError(
        `Cannot read the transcript of "${row.name}" (${path}): it belongs to another user`,
        1,
      );
    }
    throw err;
  }
  try {
    return { path, blocks: await lastAssistantTexts(file, count) };
  } finally {
    file.close();
  }
}

/** Read from the end in growing chunks until `count` blocks are found or the file is read whole. */
async function lastAssistantTexts(file: Deno.FsFile, count: number): Promise<AssistantText[]> {
  const size = (await file.stat()).size;
  let chunk = 256 * 1024;
  for (;;) {
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
    if (start > 0) lines.shift(); // cut mid-line
    const blocks = assistantTexts(lines);
    if (blocks.length >= count || start === 0) return blocks.slice(-count);
    chunk *= 4;
  }
}

/** The assistant text blocks of transcript lines, in order; lines that are not JSON are skipped. */
export function assistantTexts(lines: string[]): AssistantText[] {
  const out: AssistantText[] = [];
  for (const line of lines) {
    if (!line.includes('"assistant"')) continue;
    let entry: { type?: unknown; timestamp?: unknown; message?: { content?: unknown } };
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if (entry?.type !== "assistant" || !Array.isArray(entry.message?.content)) continue;
    for (const block of entry.message.content as { type?: unknown; text?: unknown }[]) {
      if (block?.type === "text" && typeof block.text === "string" && block.text.trim()) {
        out.push({ text: block.text, at: typeof entry.timestamp === "string" ? entry.timestamp : null });
      }
    }
  }
  return out;
}
