// When the first event may go out: Claude Code drops events that come before its channel
// handler, which it sets up just after reading the channel's answer to tools/list. In-process,
// with the first-push delay set as a Claude Code session has it (not the tests' 0).
import assert from "node:assert/strict";
import { FIRST_PUSH_AFTER_TOOLS_MS } from "../lib/channel/channel_config.ts";
import { inProcessPeer } from "./helpers/channel_harness.ts";
import { tempHome } from "./helpers/temp_home.ts";

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

Deno.test("first push: FIRST_PUSH_AFTER_TOOLS_MS after the tools/list answer, long before the delay", async () => {
  await withQueuedMail(async (env) => {
    const peer = await inProcessPeer({
      env,
      name: "late",
      config: (c) => ({ ...c, firstPushDelayMs: 30_000 }),
    });
    try {
      const listed = performance.timeOrigin + performance.now();
      await peer.listTools();
      const [event] = await peer.waitForEvents(1, 10_000);
      assert.equal(event.content, "queued before start");
      assert.ok(
        event.at - listed >= FIRST_PUSH_AFTER_TOOLS_MS - 5,
        `${event.at - listed} ms after tools/list`,
      );
    } finally {
      await peer.close();
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
