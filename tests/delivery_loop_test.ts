// The delivery loop one round at a time (step), on a real bus, with no background loop: what
// is claimed, handed over, acknowledged and given back, and in how many bus calls.
import assert from "node:assert/strict";
import type { Bus, Delivery } from "../lib/bus/bus.ts";
import { openBus } from "../lib/bus/open_bus.ts";
import { DeliveryLoop } from "../lib/channel/delivery_loop.ts";
import { thisProcess } from "../lib/sessions/liveness.ts";
import { Membership } from "../lib/sessions/membership.ts";
import { tempHome } from "./helpers/temp_home.ts";

/** Count the calls made to each Bus method. */
function counted(bus: Bus): { bus: Bus; calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const proxy = new Proxy(bus, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls[String(key)] = (calls[String(key)] ?? 0) + 1;
        return value.apply(target, args);
      };
    },
  });
  return { bus: proxy, calls };
}

async function queue(bus: Bus, to: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await bus.insertMessage({
      from: "cli:t",
      fromRole: "cli",
      fromProject: "",
      to,
      recipients: [to],
      content: `${to} ${i}`,
      priority: "normal",
      messageType: "chat",
      threadId: null,
      inReplyTo: null,
      meta: {},
    });
  }
}

async function setUp(name = "rx") {
  const t = await tempHome();
  const raw = await openBus(t.env);
  const { bus, calls } = counted(raw);
  const membership = new Membership({
    bus: raw,
    process: thisProcess(),
    kind: "claude",
    cwd: t.home,
    claudeSessionId: null,
  });
  await membership.register({ name, role: "worker", project: "" });
  const undelivered = async (recipient: string) =>
    (await raw.queuedMail()).find((q) => q.recipient === recipient)?.count ?? 0;
  return {
    t,
    raw,
    bus,
    calls,
    membership,
    undelivered,
    close: async () => {
      await raw.close();
      await t.cleanup();
    },
  };
}

Deno.test("delivery step: each round acknowledges the last batch and claims the next in one call", async () => {
  const s = await setUp();
  try {
    await queue(s.raw, "rx", 250);
    const handed: number[] = [];
    const loop = new DeliveryLoop({
      bus: s.bus,
      membership: s.membership,
      deliver: (batch) => {
        handed.push(...batch.map((d) => d.message.id));
        return Promise.resolve(batch.map((d) => d.deliveryId));
      },
      now: Date.now,
    });
    assert.equal(await loop.step(), true, "100 handed over, the next 100 claimed");
    assert.equal(await loop.step(), true, "the next 100, and the last 50 claimed");
    assert.equal(await loop.step(), false, "the last 50, acknowledged; nothing left to claim");
    assert.equal(handed.length, 250);
    assert.equal(new Set(handed).size, 250, "none twice");
    assert.deepEqual(handed, [...handed].sort((a, b) => a - b), "in order");
    assert.equal(await s.undelivered("rx"), 0, "all acknowledged");
    assert.deepEqual(s.calls, { claimDeliveries: 1, ackAndClaim: 3 }, "one bus call per batch");
    assert.equal(await loop.step(), false, "an empty round claims nothing");
    assert.deepEqual(s.calls, { claimDeliveries: 2, ackAndClaim: 3 });
  } finally {
    await s.close();
  }
});

Deno.test("delivery step: mail awaiting its receipt stays claimed; a route that stops accepting takes nothing new", async () => {
  const s = await setUp();
  try {
    await queue(s.raw, "rx", 3);
    let accepting = true;
    const awaiting: Delivery[] = [];
    const loop = new DeliveryLoop({
      bus: s.bus,
      membership: s.membership,
      // A socket write: nothing to acknowledge now, and no room for more until its receipt.
      deliver: (batch) => {
        awaiting.push(...batch);
        accepting = false;
        return Promise.resolve([]);
      },
      accepting: () => accepting,
      now: Date.now,
    });
    assert.equal(await loop.step(), false);
    assert.equal(awaiting.length, 3);
    assert.equal(await s.undelivered("rx"), 3, "claimed, not acknowledged");
    assert.equal(s.calls.ackAndClaim ?? 0, 0, "no claim while the route waits");
    // Nobody else can take them meanwhile.
    assert.deepEqual(await s.raw.claimDeliveries("rx", "other", 30_000, 10), []);
    assert.equal(await loop.step(), false, "not accepting: no round");
    assert.equal(awaiting.length, 3);
  } finally {
    await s.close();
  }
});

Deno.test("delivery loop: a lone message is acknowledged with the claim that finds nothing after it", async () => {
  const s = await setUp();
  try {
    const handed: string[] = [];
    const loop = new DeliveryLoop({
      bus: s.bus,
      membership: s.membership,
      deliver: (batch) => {
        handed.push(...batch.map((d) => d.message.content));
        return Promise.resolve(batch.map((d) => d.deliveryId));
      },
      now: Date.now,
    });
    const running = loop.start();
    await queue(s.raw, "rx", 1);
    const deadline = Date.now() + 10_000;
    while ((await s.undelivered("rx")) > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.deepEqual(handed, ["rx 0"]);
    assert.equal(await s.undelivered("rx"), 0, "acknowledged while running");
    assert.equal(s.calls.ackDeliveries ?? 0, 0, "the acknowledgement rode on a claim");
    await loop.stop();
    await running;
  } finally {
    await s.close();
  }
});

Deno.test("delivery step: a batch claimed ahead is handed back on stop and after a rename", async () => {
  const s = await setUp();
  try {
    await queue(s.raw, "rx", 150);
    const handed: string[] = [];
    const loop = new DeliveryLoop({
      bus: s.bus,
      membership: s.membership,
      deliver: (batch) => {
        handed.push(...batch.map((d) => d.message.content));
        return Promise.resolve(batch.map((d) => d.deliveryId));
      },
      now: Date.now,
    });
    assert.equal(await loop.step(), true, "the last 50 are claimed ahead");
    await loop.stop();
    const again = await s.raw.claimDeliveries("rx", "next-holder", 30_000, 100);
    assert.equal(again.length, 50, "given back at stop, claimable at once");
    await s.raw.releaseDeliveries(again.map((d) => d.deliveryId), "next-holder");

    const renamed = new DeliveryLoop({
      bus: s.bus,
      membership: s.membership,
      deliver: (batch) => {
        handed.push(...batch.map((d) => d.message.content));
        return Promise.resolve(batch.map((d) => d.deliveryId));
      },
      now: Date.now,
    });
    await queue(s.raw, "rx", 60);
    await queue(s.raw, "rx2", 2);
    assert.equal(await renamed.step(), true, "100 of rx's 110, 10 claimed ahead");
    await s.membership.register({ name: "rx2", role: "worker", project: "" });
    handed.length = 0;
    assert.equal(await renamed.step(), false);
    assert.deepEqual(handed, ["rx2 0", "rx2 1"], "the new name's mail, not the old name's batch");
    assert.equal(await s.undelivered("rx"), 10, "the old name's batch went back to the queue");
  } finally {
    await s.close();
  }
});
