import {
  asObject,
  claudeConfigDir
} from "./chunk-49.js";

// lib/claude_code/transcript.ts
import { join } from "node:path";
function projectSlug(cwd) {
  return cwd.replace(/[^a-zA-Z0-9]/g, "-");
}
function transcriptPath(env, cwd, sessionId) {
  const projects = join(claudeConfigDir(env), "projects");
  const expected = join(projects, projectSlug(cwd), `${sessionId}.jsonl`);
  try {
    Deno.statSync(expected);
    return expected;
  } catch {
  }
  try {
    for (const dir of Deno.readDirSync(projects)) {
      if (!dir.isDirectory) continue;
      const candidate = join(projects, dir.name, `${sessionId}.jsonl`);
      try {
        Deno.statSync(candidate);
        return candidate;
      } catch {
      }
    }
  } catch {
  }
  return expected;
}
function isShownLine(line) {
  let type;
  try {
    type = asObject(JSON.parse(line)).type;
  } catch {
    return false;
  }
  return type === "user" || type === "attachment";
}
var TranscriptTail = class {
  #path;
  #offset = 0;
  #partial = "";
  #decoder = new TextDecoder();
  constructor(path) {
    this.#path = path;
    try {
      this.#offset = Deno.statSync(path).size;
    } catch {
      this.#offset = 0;
    }
  }
  get path() {
    return this.#path;
  }
  /** Follow another file (the session id changed, e.g. after /clear); read it from its start. */
  moveTo(path) {
    if (path === this.#path) return;
    this.#path = path;
    this.#offset = 0;
    this.#partial = "";
    this.#decoder = new TextDecoder();
  }
  /** Complete lines appended since the last call, as raw JSON text. */
  async readLines() {
    let file;
    try {
      file = await Deno.open(this.#path, {
        read: true
      });
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
      const text = this.#partial + this.#decoder.decode(buf.subarray(0, got), {
        stream: true
      });
      const lines = text.split("\n");
      this.#partial = lines.pop() ?? "";
      return lines.filter((l) => l.trim() !== "");
    } finally {
      file.close();
    }
  }
};

export {
  transcriptPath,
  isShownLine,
  TranscriptTail
};
