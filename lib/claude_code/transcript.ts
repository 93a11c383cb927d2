import { join } from "node:path";
import type { Env } from "../paths.ts";
import { asObject } from "./json_file.ts";
import { claudeConfigDir } from "./paths.ts";

// Claude Code appends every user turn it accepts to the session's transcript,
// `<config>/projects/<cwd with every non-alphanumeric as ->/<session id>.jsonl`. A channel event
// it shows is a `type:"user"` line with `origin.kind = "channel"`; a message from the inbox
// socket one with `origin.kind = "peer"` and the `msg_id` that was sent. That line is the only
// proof that the model got the message: both paths are fire-and-forget.

/** Claude Code's project folder name for a working directory. */
export function projectSlug(cwd: string): string {
  return cwd.replace(/[^a-zA-Z0-9]/g, "-");
}

/** Where the transcript of `sessionId` started in `cwd` is, or should appear. */
export function transcriptPath(env: Env, cwd: string, sessionId: string): string {
  const projects = join(claudeConfigDir(env), "projects");
  const expected = join(projects, projectSlug(cwd), `${sessionId}.jsonl`);
  try {
    Deno.statSync(expected);
    return expected;
  } catch {
    // The slug rule may differ (long paths are shortened): look for the session's file anywhere.
  }
  try {
    for (const dir of Deno.readDirSync(projects)) {
      if (!dir.isDirectory) continue;
      const candidate = join(projects, dir.name, `${sessionId}.jsonl`);
      try {
        Deno.statSync(candidate);
        return candidate;
      } catch {
        // not here
      }
    }
  } catch {
    // no projects folder yet
  }
  return expected;
}

/**
 * Whether a transcript line records something the model is given: a user turn or an
 * attachment (a busy session gets queued input attached to its next request). A queue
 * operation only says Claude Code holds it for later, which is not yet the model's.
 */
export function isShownLine(line: string): boolean {
  let type: unknown;
  try {
    type = asObject(JSON.parse(line)).type;
  } catch {
    return false;
  }
  return type === "user" || type === "attachment";
}

/**
 * Reads a transcript as it grows: each `readLines()` returns the lines appended since the
 * last one. Starts at the file's end when created (older lines are not receipts of ours); a file
 * that does not exist yet is read from its start once it appears; one that shrank (replaced)
 * is read again from the start.
 */
export class TranscriptTail {
  #path: string;
  #offset = 0;
  #partial = "";
  #decoder = new TextDecoder();

  constructor(path: string) {
    this.#path = path;
    try {
      this.#offset = Deno.statSync(path).size;
    } catch {
      this.#offset = 0;
    }
  }

  get path(): string {
    return this.#path;
  }

  /** Follow another file (the session id changed, e.g. after /clear); read it from its start. */
  moveTo(path: string): void {
    if (path === this.#path) return;
    this.#path = path;
    this.#offset = 0;
    this.#partial = "";
    this.#decoder = new TextDecoder();
  }

  /** Complete lines appended since the last call, as raw JSON text. */
  async readLines(): Promise<string[]> {
    let file: Deno.FsFile;
    try {
      file = await Deno.open(this.#path, { read: true });
    } catch {
      return [];
    }
    try {
      const { size } = await file.stat();
      if (size < this.#offset) {
        this.#offset = 0;
        this.#partial = "";
        this.#decoder = new TextDecoder();
      }
      if (size === this.#offset) return [];
      await file.seek(this.#offset, Deno.SeekMode.Start);
      const buf = new Uint8Array(size - this.#offset);
      let got = 0;
      while (got < buf.length) {
        const n = await file.read(buf.subarray(got));
        if (n === null) break;
        got += n;
      }
      this.#offset += got;
      const text = this.#partial + this.#decoder.decode(buf.subarray(0, got), { stream: true });
      const lines = text.split("\n");
      this.#partial = lines.pop() ?? "";
      return lines.filter((l) => l.trim() !== "");
    } finally {
      file.close();
    }
  }
}
