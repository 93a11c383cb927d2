import assert from "node:assert/strict";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { tempHome } from "./helpers/temp_home.ts";

Deno.test("dm between two channel processes arrives as a channel event with routing meta", async () => {
  const t = await tempHome();
  const a = await ChannelPeer.start({ env: t.env, name: "alpha", role: "planner" });
  const b = await ChannelPeer.start({ env: t.env, name: "beta", role: "worker" });
  try {
    assert.ok(b.capabilities?.experimental?.["claude/channel"] !== undefined);
    const sent = await a.call("dm", {
      to: "beta",
      content: "hello beta",
      priority: "urgent",
      message_type: "task",
    });
    assert.equal(sent.isError, false, sent.text);
    assert.equal(sent.data?.status, "sent");
    const [event] = await b.waitForEvents(1);
    assert.equal(event.content, "hello beta");
    assert.equal(event.meta.from_session, "alpha");
    assert.equal(event.meta.from_role, "planner");
    assert.equal(event.meta.to_session, "beta");
    assert.equal(event.meta.message_id, sent.data?.message_id);
    assert.equal(event.meta.thread_id, sent.data?.message_id);
    assert.equal(event.meta.priority, "urgent");
    assert.equal(event.meta.message_type, "task");
    assert.match(event.meta.sent_at, /^\d{4}-\d\d-\d\dT/);
    for (const key of Object.keys(event.meta)) assert.match(key, /^[a-zA-Z_][a-zA-Z0-9_]*$/);

    const reply = await b.call("dm", { to: "alpha", content: "hi back", in_reply_to: event.meta.message_id });
    assert.equal(reply.isError, false, reply.text);
    const [back] = await a.waitForEvents(1);
    assert.equal(back.meta.in_reply_to, event.meta.message_id);
    assert.equal(back.meta.thread_id, event.meta.thread_id);
    assert.equal(back.meta.message_type, "reply");
  } finally {
    await a.close();
    await b.close();
    await t.cleanup();
  }
});
