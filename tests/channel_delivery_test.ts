import assert from "node:assert/strict";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { inProcessPeer, startInProcess } from "./helpers/channel_harness.ts";
import { tempHome } from "./helpers/temp_home.ts";

Deno.test("broadcast reaches every live session in scope once, not the sender", async () => {
  const t = await tempHome();
  const peers = await Promise.all([
    inProcessPeer({ env: t.env, name: "lead" }),
    inProcessPeer({ env: t.env, name: "w1" }),
    inProcessPeer({ env: t.env, name: "w2" }),
  ]);
  const [lead, w1, w2] = peers;
  try {
    const sent = await lead.call("broadcast", { content: "standup in 5" });
    assert.equal(sent.isError, false, sent.text);
    assert.deepEqual([...(sent.data?.recipients as string[])].sort(), ["w1", "w2"]);
    for (const peer of [w1, w2]) {
      const [event] = await peer.waitForEvents(1);
      assert.equal(event.content, "standup in 5");
      assert.equal(event.meta.from_session, "lead");
      assert.equal(event.meta.broadcast, "true");
      assert.equal(event.meta.message_id, sent.data?.message_id);
    }
    assert.equal(w1.events[0].meta.to_session, "w1");
    assert.equal(w2.events[0].meta.to_session, "w2");
    // Positive marker: a later dm is the sender's first event, so its own broadcast never came.
    await w1.call("dm", { to: "lead", content: "marker" });
    await lead.waitForEvents(1);
    assert.deepEqual(
      lead.events.map((e) => e.content),
      ["marker"],
      "the sender must not receive its own broadcast",
    );
  } finally {
    await Promise.all(peers.map((p) => p.close()));
    await t.cleanup();
  }
});

Deno.test("project scoping: a tagged session reaches only its project, an untagged one reaches all", async () => {
  const t = await tempHome();
  const peers = await Promise.all([
    inProcessPeer({ env: t.env, name: "web-a", project: "web" }),
    inProcessPeer({ env: t.env, name: "web-b", project: "web" }),
    inProcessPeer({ env: t.env, name: "api-a", project: "api" }),
    inProcessPeer({ env: t.env, name: "ops" }),
  ]);
  const [webA, webB, apiA, ops] = peers;
  try {
    const cross = await webA.call("dm", { to: "api-a", content: "hi api" });
    assert.equal(cross.isError, true);
    assert.match(cross.text, /project "api".*project "web"/);

    const toUntagged = await webA.call("dm", { to: "ops", content: "hi ops" });
    assert.equal(toUntagged.isError, true, "a tagged session reaches only its own project");

    const bc = await webA.call("broadcast", { content: "web only" });
    assert.deepEqual(bc.data?.recipients, ["web-b"]);
    await webB.waitForEvents(1);

    const fromOps = await ops.call("broadcast", { content: "everyone" });
    assert.deepEqual([...(fromOps.data?.recipients as string[])].sort(), ["api-a", "web-a", "web-b"]);
    const dmFromOps = await ops.call("dm", { to: "api-a", content: "untagged reaches all" });
    assert.equal(dmFromOps.isError, false, dmFromOps.text);
    await apiA.waitForEvents(2);
    assert.deepEqual(apiA.events.map((e) => e.content), ["everyone", "untagged reaches all"]);

    const who = await webA.call("who");
    assert.deepEqual(
      (who.data?.sessions as { name: string }[]).map((s) => s.name).sort(),
      ["web-a", "web-b"],
      "who shows only the sessions a tagged session can reach",
    );
  } finally {
    await Promise.all(peers.map((p) => p.close()));
    await t.cleanup();
  }
});

Deno.test("offline queue: a dm to a stopped session waits and arrives when it registers again", async () => {
  const t = await tempHome();
  const sender = await inProcessPeer({ env: t.env, name: "sender" });
  let receiver = await inProcessPeer({ env: t.env, name: "receiver" });
  try {
    await receiver.close();
    const queued = await sender.call("dm", { to: "receiver", content: "while you were out" });
    assert.equal(queued.isError, false, queued.text);
    assert.equal(queued.data?.status, "queued");
    assert.match(queued.text, /offline/);

    // Restart unregistered, then register through the tool: the queued message follows.
    const restarted = await startInProcess({ env: t.env });
    receiver = restarted.peer;
    // Unregistered, a round of delivery claims nothing: the mail stays queued for the name.
    assert.equal(await restarted.channel.step(), false);
    assert.equal(receiver.events.length, 0);
    const reg = await receiver.call("register", { name: "receiver", role: "worker" });
    assert.equal(reg.isError, false, reg.text);
    const [event] = await receiver.waitForEvents(1);
    assert.equal(event.content, "while you were out");
    assert.equal(event.meta.message_id, queued.data?.message_id);
  } finally {
    await sender.close();
    await receiver.close();
    await t.cleanup();
  }
});

Deno.test("a name never seen is refused (typo), and queued only on request", async () => {
  const t = await tempHome();
  const a = await inProcessPeer({ env: t.env, name: "alpha" });
  await inProcessPeer({ env: t.env, name: "backend" }).then((p) => p.close());
  try {
    const typo = await a.call("dm", { to: "bakend", content: "hello" });
    assert.equal(typo.isError, true);
    assert.match(typo.text, /No session named "bakend"/);
    assert.match(typo.text, /Known sessions: backend/);

    const queued = await a.call("dm", { to: "later", content: "for the future", queue: true });
    assert.equal(queued.isError, false, queued.text);
    assert.equal(queued.data?.status, "queued");
    const later = await inProcessPeer({ env: t.env, name: "later" });
    try {
      const [event] = await later.waitForEvents(1);
      assert.equal(event.content, "for the future");
    } finally {
      await later.close();
    }
  } finally {
    await a.close();
    await t.cleanup();
  }
});

Deno.test("kill -9 of a receiver mid-stream, then restart: every message arrives", async () => {
  const t = await tempHome();
  const sender = await ChannelPeer.start({ env: t.env, name: "sender" });
  const first = await ChannelPeer.start({ env: t.env, name: "sink" });
  const total = 300;
  const sent: string[] = [];
  try {
    const sending = (async () => {
      for (let i = 0; i < total; i++) {
        const r = await sender.call("dm", { to: "sink", content: `m${i}`, queue: true });
        assert.equal(r.isError, false, r.text);
        sent.push(String(r.data?.message_id));
      }
    })();
    await first.waitForEvents(20, 10_000);
    first.kill9();
    await sending;
    const second = await ChannelPeer.start({ env: t.env, name: "sink" });
    try {
      const seen = new Set(first.events.map((e) => e.meta.message_id));
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        for (const e of second.events) seen.add(e.meta.message_id);
        if (sent.every((id) => seen.has(id))) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const missing = sent.filter((id) => !seen.has(id));
      assert.deepEqual(missing, [], "no message may be lost");
      const secondIds = second.events.map((e) => e.meta.message_id);
      assert.equal(new Set(secondIds).size, secondIds.length, "no duplicates within one process");
    } finally {
      await second.close();
    }
  } finally {
    await sender.close();
    first.kill9();
    await t.cleanup();
  }
});

Deno.test("20 concurrent senders x 200 messages: each delivered exactly once", async () => {
  const t = await tempHome();
  const receiver = await inProcessPeer({ env: t.env, name: "hub" });
  const senders: ChannelPeer[] = [];
  try {
    for (let batch = 0; batch < 4; batch++) {
      senders.push(
        ...await Promise.all(
          Array.from({ length: 5 }, (_, i) => inProcessPeer({ env: t.env, name: `s${batch * 5 + i}` })),
        ),
      );
    }
    const perSender = 200;
    const ids = await Promise.all(senders.map(async (s, n) => {
      const mine: string[] = [];
      for (let i = 0; i < perSender; i++) {
        const r = await s.call("dm", { to: "hub", content: `s${n}-${i}` });
        assert.equal(r.isError, false, r.text);
        mine.push(String(r.data?.message_id));
      }
      return mine;
    }));
    const expected = ids.flat();
    await receiver.waitForEvents(expected.length, 60_000);
    // Positive marker: one more dm, sent after all of them, must be the very next event.
    const marker = await senders[0].call("dm", { to: "hub", content: "marker" });
    await receiver.waitForEvents(expected.length + 1, 10_000);
    assert.equal(receiver.events.pop()?.meta.message_id, marker.data?.message_id);
    const got = receiver.events.map((e) => e.meta.message_id);
    assert.equal(got.length, expected.length, "no duplicates");
    assert.deepEqual([...got].sort(), [...expected].sort());
    // Per sender, order is kept.
    for (let n = 0; n < senders.length; n++) {
      const contents = receiver.events.filter((e) => e.meta.from_session === `s${n}`).map((e) => e.content);
      assert.deepEqual(contents, Array.from({ length: perSender }, (_, i) => `s${n}-${i}`));
    }
  } finally {
    await Promise.all(senders.map((s) => s.close()));
    await receiver.close();
    await t.cleanup();
  }
});

Deno.test("manual delivery: nothing is pushed until the test drives step(), then the batch once", async () => {
  const t = await tempHome();
  const sender = await inProcessPeer({ env: t.env, name: "sender" });
  const { peer, channel } = await startInProcess({ env: t.env, name: "stepped", delivery: "manual" });
  try {
    for (const text of ["one", "two"]) await sender.call("dm", { to: "stepped", content: text });
    assert.equal(peer.events.length, 0, "no loop runs in manual mode");
    assert.equal(await channel.step(), false, "both in one batch, nothing more");
    const events = await peer.waitForEvents(2);
    assert.deepEqual(events.map((e) => e.content), ["one", "two"]);
    assert.equal(await channel.step(), false);
    assert.equal(peer.events.length, 2, "each once");
  } finally {
    await sender.close();
    await peer.close();
    await t.cleanup();
  }
});
