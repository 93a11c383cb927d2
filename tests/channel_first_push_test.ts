// When the first event may go out: Claude Code drops events that come before its channel
// handler. An interactive Claude Code asks `tools/list` again after a `tools/list_changed` only
// once that handler is set (lib/channel/first_push.ts); a headless one sets it at each turn, so
// there the channel keeps a margin after the tools/list answer. In-process, spoken to line by
// line as Claude Code speaks, with the first-push delay set as a Claude Code session has it.
import assert from "node:assert/strict";
import { channelConfig, FIRST_PUSH_AFTER_TOOLS_MS } from "../lib/channel/channel_config.ts";
import { createChannel } from "../lib/channel/create_channel.ts";
import { firstPushPlan } from "../lib/channel/first_push.ts";
import { StdioTransport } from "../lib/mcp/stdio_transport.ts";
import { inProcessPeer } from "./helpers/channel_harness.ts";
import { tempHome } from "./helpers/temp_home.ts";

const now = () => performance.timeOrigin + performance.now();

async function withQueuedMail(body: (env: Record<string, string>) => Promise<void>): Promise<void> {
  const t = await tempHome();
  const sender = await inProcessPeer({ env: t.env, name: "sender" });
  try {
    const queued = await sender.call("dm", { to: "late", content: "queued before start", queue: true });
    assert.equal(queued.data?.status, "queued", queued.text);
    await body(t.env);
  } finally {
    await sender.close();
    await t.cleanup();
  }
}

interface Line {
  at: number;
  message: Record<string, unknown>;
}

/** A channel built in-process and a client that writes and reads raw JSON-RPC lines. */
async function rawChannel(env: Record<string, string>, delayMs: number) {
  const config = { ...channelConfig({ ...env, CC_DM_SESSION_NAME: "late" }), firstPushDelayMs: delayMs };
  const toServer = new TransformStream<Uint8Array, Uint8Array>();
  const toClient = new TransformStream<Uint8Array, Uint8Array>();
  const channel = await createChannel({ config, env, cwd: env.HOME, log: () => {}, session: null });
  const toClientWriter = toClient.writable.getWriter();
  channel.start(
    new StdioTransport(toServer.readable, {
      write: async (bytes) => {
        await toClientWriter.write(bytes.slice());
        return bytes.length;
      },
    }),
  );
  const writer = toServer.writable.getWriter();
  const lines: Line[] = [];
  const reading = (async () => {
    let pending = "";
    for await (const text of toClient.readable.pipeThrough(new TextDecoderStream())) {
      pending += text;
      let newline: number;
      while ((newline = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line.trim()) lines.push({ at: now(), message: JSON.parse(line) });
      }
    }
  })();
  let id = 0;
  const send = async (method: string, params?: Record<string, unknown>, notification = false) => {
    const message = notification ? { jsonrpc: "2.0", method } : { jsonrpc: "2.0", id: ++id, method, params };
    await writer.write(new TextEncoder().encode(JSON.stringify(message) + "\n"));
    return { at: now(), id };
  };
  const waitFor = async (what: (l: Line) => boolean, timeoutMs = 10_000): Promise<Line> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = lines.find(what);
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(`no such line; got ${JSON.stringify(lines.map((l) => l.message))}`);
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  const method = (name: string) => (l: Line) => l.message.method === name;
  const answer = (n: number) => (l: Line) => l.message.id === n;
  /** initialize, initialized and tools/list, as Claude Code sends them; returns the initialize result. */
  const handshake = async () => {
    const init = await send("initialize", {
      protocolVersion: "2025-11-25",
      capabilities: {},
      clientInfo: { name: "raw", version: "0" },
    });
    const result = (await waitFor(answer(init.id))).message.result as Record<string, unknown>;
    await send("notifications/initialized", undefined, true);
    const listed = await send("tools/list", {});
    await waitFor(answer(listed.id));
    return result;
  };
  const close = async () => {
    await channel.close();
    await writer.close().catch(() => {});
    await toClientWriter.close().catch(() => {});
    await reading;
  };
  return { lines, send, waitFor, method, answer, handshake, close };
}

Deno.test("first push: which plan fits which client", () => {
  assert.equal(firstPushPlan({}, 1000), "signal");
  assert.equal(firstPushPlan({ CLAUDECODE: "1", CLAUDE_CODE_ENTRYPOINT: "cli" }, 1000), "signal");
  assert.equal(firstPushPlan({ CLAUDECODE: "1", CLAUDE_CODE_ENTRYPOINT: "sdk-cli" }, 1000), "margin");
  assert.equal(firstPushPlan({ CLAUDECODE: "1", CLAUDE_CODE_ENTRYPOINT: "sdk-ts" }, 1000), "margin");
  assert.equal(firstPushPlan({ CLAUDECODE: "1" }, 1000), "margin");
  assert.equal(firstPushPlan({ CLAUDECODE: "1", CLAUDE_CODE_ENTRYPOINT: "cli" }, 0), "now");
});

Deno.test("first push (interactive): repeated tools/list_changed until the client lists again, then the event at once", async () => {
  await withQueuedMail(async (env) => {
    const c = await rawChannel({ ...env, CLAUDECODE: "1", CLAUDE_CODE_ENTRYPOINT: "cli" }, 30_000);
    try {
      const init = await c.handshake();
      assert.deepEqual((init.capabilities as Record<string, unknown>).tools, { listChanged: true });
      // A client whose handler is not up yet drops these: the channel keeps asking.
      await new Promise((r) => setTimeout(r, 40));
      assert.ok(c.lines.filter(c.method("notifications/tools/list_changed")).length >= 2, "asked again");
      assert.equal(c.lines.filter(c.method("notifications/claude/channel")).length, 0, "nothing pushed yet");
      const relisted = await c.send("tools/list", {});
      const event = await c.waitFor(c.method("notifications/claude/channel"), 5_000);
      assert.equal((event.message.params as { content: string }).content, "queued before start");
      assert.ok(event.at >= relisted.at, "pushed only after the second tools/list");
      assert.ok(event.at - relisted.at < 2_000, `${event.at - relisted.at} ms after it, not the 30 s delay`);
      // Asking stops once the client listed again (at most one more was on its way).
      const asked = c.lines.filter(c.method("notifications/tools/list_changed")).length;
      await new Promise((r) => setTimeout(r, 30));
      assert.ok(c.lines.filter(c.method("notifications/tools/list_changed")).length <= asked + 1);
      assert.equal(c.lines.filter(c.method("notifications/claude/channel")).length, 1, "pushed once");
    } finally {
      await c.close();
    }
  });
});

Deno.test("first push (interactive): a client that never lists again gets the event after the first-push delay", async () => {
  await withQueuedMail(async (env) => {
    const c = await rawChannel({ ...env, CLAUDECODE: "1", CLAUDE_CODE_ENTRYPOINT: "cli" }, 300);
    try {
      const start = now();
      await c.handshake();
      const event = await c.waitFor(c.method("notifications/claude/channel"), 5_000);
      assert.ok(event.at - start >= 295, `${event.at - start} ms after connecting`);
    } finally {
      await c.close();
    }
  });
});

Deno.test("first push (headless Claude Code): FIRST_PUSH_AFTER_TOOLS_MS after the tools/list answer, no list_changed", async () => {
  await withQueuedMail(async (env) => {
    const c = await rawChannel({ ...env, CLAUDECODE: "1", CLAUDE_CODE_ENTRYPOINT: "sdk-cli" }, 30_000);
    try {
      const init = await c.handshake();
      assert.deepEqual((init.capabilities as Record<string, unknown>).tools, {});
      const listed = c.lines.find(c.answer(2))!;
      const event = await c.waitFor(c.method("notifications/claude/channel"), 10_000);
      assert.ok(
        event.at - listed.at >= FIRST_PUSH_AFTER_TOOLS_MS - 5,
        `${event.at - listed.at} ms after tools/list`,
      );
      assert.ok(event.at - listed.at < 5_000, "long before the 30 s delay");
      assert.equal(c.lines.filter(c.method("notifications/tools/list_changed")).length, 0);
    } finally {
      await c.close();
    }
  });
});

Deno.test("first push: a client that never lists the tools gets it after the first-push delay", async () => {
  await withQueuedMail(async (env) => {
    const connected = performance.timeOrigin + performance.now();
    const peer = await inProcessPeer({ env, name: "late", config: (c) => ({ ...c, firstPushDelayMs: 300 }) });
    try {
      const [event] = await peer.waitForEvents(1, 10_000);
      assert.equal(event.content, "queued before start");
      assert.ok(event.at - connected >= 295, `${event.at - connected} ms after connecting`);
    } finally {
      await peer.close();
    }
  });
});
