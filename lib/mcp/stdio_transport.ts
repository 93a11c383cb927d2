import { INVALID_REQUEST, type JsonRpcMessage } from "./json_rpc.ts";

/**
 * Longest JSON-RPC line read, in characters. The largest valid tool call (64 KiB of content,
 * every byte escaped as \uXXXX, plus meta) is under 400 Ki; anything longer is refused with an
 * error answer and skipped without being kept, so a runaway line cannot stall or bloat the channel.
 */
export const MAX_LINE_CHARS = 1024 * 1024;

/**
 * Lines up to this size are written synchronously when no other write is under way. An
 * asynchronous write to a pipe goes through Deno's blocking thread pool: 18.9 us a line and
 * two thread switches, against 1.0 us for a synchronous one (measured: 20,000 lines of 150
 * bytes into `cat`). A pipe holds 64 KiB, so a line this small returns at once unless Claude
 * Code stopped reading; then the channel waits for it, which it would do anyway.
 */
const SYNC_WRITE_MAX_BYTES = 16 * 1024;

/** Where the transport writes: Deno.stdout, or a stream in tests (no writeSync: always async). */
export interface LineOutput {
  write(bytes: Uint8Array): Promise<number>;
  writeSync?(bytes: Uint8Array): number;
}

/** Receives what the transport reads; `raw` is the undecodable line when parsing failed. */
export type MessageHandler = (message: JsonRpcMessage | undefined, raw?: string) => void;

/**
 * Newline-delimited JSON-RPC over Deno's stdin and stdout. Deno streams rather than the
 * node:process polyfill the SDK's transport uses: that polyfill alone costs ~5 MB of RSS in
 * every session's process.
 */
export class StdioTransport {
  onmessage: MessageHandler = () => {};
  onclose: () => void = () => {};

  #input: ReadableStream<Uint8Array>;
  #output: LineOutput;
  #writing: Promise<void> = Promise.resolve();
  /** Asynchronous writes not finished yet: a synchronous one must not overtake them. */
  #pending = 0;
  #closed = false;
  #encoder = new TextEncoder();

  constructor(
    input: ReadableStream<Uint8Array> = Deno.stdin.readable,
    output: LineOutput = Deno.stdout,
  ) {
    this.#input = input;
    this.#output = output;
  }

  /** Read until stdin ends (Claude Code closed it, or died); then `onclose` runs. */
  async start(): Promise<void> {
    let pending = "";
    // A line over the limit: its first characters (for the request id) and its length so far.
    let skipping: { head: string; chars: number } | null = null;
    try {
      for await (let text of this.#input.pipeThrough(new TextDecoderStream())) {
        if (skipping) {
          const end = text.indexOf("\n");
          if (end < 0) {
            skipping.chars += text.length;
            continue;
          }
          skipping.chars += end;
          this.#refuseLong(skipping);
          skipping = null;
          text = text.slice(end + 1);
        }
        pending += text;
        let newline: number;
        while ((newline = pending.indexOf("\n")) >= 0) {
          const line = pending.slice(0, newline).trim();
          pending = pending.slice(newline + 1);
          if (line.length > MAX_LINE_CHARS) {
            this.#refuseLong({ head: line.slice(0, 1024), chars: line.length });
          } else if (line) this.#deliver(line);
        }
        if (pending.length > MAX_LINE_CHARS) {
          skipping = { head: pending.slice(0, 1024), chars: pending.length };
          pending = "";
        }
      }
    } catch {
      // A read error means the other end is gone, like end of input.
    }
    this.close();
  }

  /** Answer an over-long line with an error (to its request id when it can be read) and drop it. */
  #refuseLong(line: { head: string; chars: number }): void {
    const match = /"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")/.exec(line.head);
    let id: string | number | null = null;
    try {
      id = match ? JSON.parse(match[1]) : null;
    } catch {
      id = null;
    }
    this.send({
      jsonrpc: "2.0",
      id,
      error: {
        code: INVALID_REQUEST,
        message:
          `Invalid Request: a JSON-RPC line of ${line.chars} characters is over the limit of ${MAX_LINE_CHARS}; it was ignored (a message may hold at most 64 KiB)`,
      },
    }).catch(() => {});
  }

  #deliver(line: string): void {
    let message: JsonRpcMessage | undefined;
    try {
      const parsed = JSON.parse(line);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed) && parsed.jsonrpc === "2.0") {
        message = parsed;
      }
    } catch {
      message = undefined;
    }
    this.onmessage(message, message ? undefined : line);
  }

  /** Write one message. Writes are chained so a large message never interleaves with another. */
  send(message: JsonRpcMessage): Promise<void> {
    if (this.#closed) return Promise.reject(new Error("stdout is closed"));
    const bytes = this.#encoder.encode(JSON.stringify(message) + "\n");
    const writeSync = this.#output.writeSync?.bind(this.#output);
    if (writeSync && this.#pending === 0 && bytes.length <= SYNC_WRITE_MAX_BYTES) {
      try {
        let offset = 0;
        while (offset < bytes.length) offset += writeSync(bytes.subarray(offset));
        return Promise.resolve();
      } catch (err) {
        this.close(); // EPIPE: Claude Code is gone
        return Promise.reject(err);
      }
    }
    this.#pending++;
    const write = this.#writing.then(async () => {
      let offset = 0;
      while (offset < bytes.length) offset += await this.#output.write(bytes.subarray(offset));
    }).finally(() => this.#pending--);
    this.#writing = write.catch(() => {});
    return write.catch((err) => {
      this.close(); // EPIPE: Claude Code is gone
      throw err;
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.onclose();
  }
}
