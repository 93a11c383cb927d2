import type { JsonRpcMessage } from "./json_rpc.ts";

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
  #output: { write(bytes: Uint8Array): Promise<number> };
  #writing: Promise<void> = Promise.resolve();
  #closed = false;
  #encoder = new TextEncoder();

  constructor(
    input: ReadableStream<Uint8Array> = Deno.stdin.readable,
    output: { write(bytes: Uint8Array): Promise<number> } = Deno.stdout,
  ) {
    this.#input = input;
    this.#output = output;
  }

  /** Read until stdin ends (Claude Code closed it, or died); then `onclose` runs. */
  async start(): Promise<void> {
    let pending = "";
    try {
      for await (const text of this.#input.pipeThrough(new TextDecoderStream())) {
        pending += text;
        let newline: number;
        while ((newline = pending.indexOf("\n")) >= 0) {
          const line = pending.slice(0, newline).trim();
          pending = pending.slice(newline + 1);
          if (line) this.#deliver(line);
        }
      }
    } catch {
      // A read error means the other end is gone, like end of input.
    }
    this.close();
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
    const write = this.#writing.then(async () => {
      let offset = 0;
      while (offset < bytes.length) offset += await this.#output.write(bytes.subarray(offset));
    });
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
