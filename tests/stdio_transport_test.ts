import assert from "node:assert/strict";
import { StdioTransport } from "../lib/mcp/stdio_transport.ts";

// The channel's stdout: small lines go out synchronously (Deno's asynchronous pipe write costs
// a thread hop per line), large ones asynchronously, and the order on the wire is always the
// order of send().

/** An output that records which way every line went, with async writes held until released. */
function recordingOutput() {
  const wire: string[] = [];
  const ways: string[] = [];
  const held: (() => void)[] = [];
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return {
    wire,
    ways,
    releaseAll: () => held.splice(0).forEach((r) => r()),
    output: {
      writeSync(bytes: Uint8Array): number {
        ways.push("sync");
        wire.push(decode(bytes));
        return bytes.length;
      },
      write(bytes: Uint8Array): Promise<number> {
        ways.push("async");
        return new Promise((resolve) =>
          held.push(() => {
            wire.push(decode(bytes));
            resolve(bytes.length);
          })
        );
      },
    },
  };
}

const note = (n: number, size = 10) => ({
  jsonrpc: "2.0" as const,
  method: "n",
  params: { n, pad: "x".repeat(size) },
});
const numbers = (wire: string[]) => wire.join("").trim().split("\n").map((l) => JSON.parse(l).params.n);

Deno.test("stdout: a small line is written synchronously, a large one asynchronously", async () => {
  const r = recordingOutput();
  const t = new StdioTransport(new ReadableStream(), r.output);
  await t.send(note(1));
  assert.deepEqual(r.ways, ["sync"]);
  const big = t.send(note(2, 64 * 1024));
  assert.deepEqual(r.ways, ["sync"], "not yet written: it waits its turn in the chain");
  await Promise.resolve();
  await Promise.resolve();
  r.releaseAll();
  await big;
  assert.deepEqual(r.ways, ["sync", "async"]);
  assert.deepEqual(numbers(r.wire), [1, 2]);
});

Deno.test("stdout: a small line sent while a large one is still being written goes after it", async () => {
  const r = recordingOutput();
  const t = new StdioTransport(new ReadableStream(), r.output);
  const big = t.send(note(1, 64 * 1024));
  const small = t.send(note(2));
  const after = (async () => {
    await small;
    return t.send(note(3));
  })();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(r.wire, [], "nothing overtook the large line");
  r.releaseAll();
  await big;
  await new Promise((resolve) => setTimeout(resolve, 0));
  r.releaseAll();
  await Promise.all([small, after]);
  assert.deepEqual(numbers(r.wire), [1, 2, 3]);
  assert.deepEqual(
    r.ways,
    ["async", "async", "sync"],
    "once the chain is empty, small lines are synchronous again",
  );
});

Deno.test("stdout: a synchronous write that fails (EPIPE) rejects the send and closes the transport", async () => {
  let closed = false;
  const t = new StdioTransport(new ReadableStream(), {
    writeSync: () => {
      throw new Deno.errors.BrokenPipe("Broken pipe (os error 32)");
    },
    write: () => Promise.reject(new Error("unused")),
  });
  t.onclose = () => (closed = true);
  await assert.rejects(t.send(note(1)), Deno.errors.BrokenPipe);
  assert.equal(closed, true);
  await assert.rejects(t.send(note(2)), /stdout is closed/);
});
