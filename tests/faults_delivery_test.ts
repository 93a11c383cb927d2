// Defects 1, 6 and 8 of issue 13: a channel never goes deaf on a transient error, a stored
// message is never reported as failed, and a held lock is waited for without freezing.
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import type { Bus, Delivery, WakeSubscription } from "../lib/bus/bus.ts";
import type { Membership } from "../lib/sessions/membership.ts";
import { DeliveryLoop } from "../lib/channel/delivery_loop.ts";
import { wakeRecipients } from "../lib/bus/sqlite/wake_sockets.ts";
import { inProcessPeer } from "./helpers/channel_harness.ts";
import { tempHome } from "./helpers/temp_home.ts";
import { cc } from "./cli_run.ts";
import { readBus, sessionRows, storedMessages } from "./helpers/bus_reads.ts";

function delivery(id: number): Delivery {
  return {
    deliveryId: id,
    recipient: "rx",
    message: {
      id,
      from: "cli:t",
      fromRole: "cli",
      fromProject: "",
      to: "rx",
      recipients: ["rx"],
      content: `m${id}`,
      priority: "normal",
      messageType: "chat",
      threadId: String(id),
      inReplyTo: null,
      meta: {},
      createdAt: 0,
    },
  };
}

/** A bus whose claim fails `failures` times, then hands out `pending` once. */
function flakyBus(options: { failures: number; subscribeFails?: boolean; pending: Delivery[] }) {
  let calls = 0;
  const acked: number[] = [];
  const bus = {
    claimDeliveries: () => {
      calls++;
      if (calls <= options.failures) return Promise.reject(new Error("database is locked"));
      return Promise.resolve(options.pending.splice(0));
    },
    ackDeliveries: (ids: number[]) => {
      acked.push(...ids);
      return Promise.resolve();
    },
    ackAndClaim: (ids: number[]) => {
      acked.push(...ids);
      return bus.claimDeliveries("rx", "i1", 0, 0);
    },
    subscribe: (): Promise<WakeSubscription> => {
      if (options.subscribeFails) return Promise.reject(new Error("inotify: too many open instances"));
      return Promise.resolve({
        next: (ms: number) => new Promise((r) => setTimeout(() => r(false), ms)),
        close: () => Promise.resolve(),
      });
    },
  } as unknown as Bus;
  const membership = {
    identity: { name: "rx", role: "", project: "" },
    instance: "i1",
  } as unknown as Membership;
  return { bus, membership, acked, calls: () => calls };
}

Deno.test("delivery loop: failed rounds are logged once, retried with backoff, reported, then mail arrives", async () => {
  const fake = flakyBus({ failures: 3, pending: [delivery(1), delivery(2)] });
  const pushed: number[] = [];
  const logs: string[] = [];
  const healths: string[] = [];
  const loop = new DeliveryLoop({
    bus: fake.bus,
    membership: fake.membership,
    deliver: (batch) => {
      pushed.push(...batch.map((d) => d.deliveryId));
      return Promise.resolve(batch.map((d) => d.deliveryId));
    },
    now: Date.now,
    safetyPollMs: 20,
    log: (t) => logs.push(t),
  });
  const running = loop.start();
  const deadline = Date.now() + 10_000;
  while (pushed.length < 2 && Date.now() < deadline) {
    healths.push(loop.health().state);
    await new Promise((r) => setTimeout(r, 10));
  }
  await loop.stop();
  await running; // ends only through stop(), never through the errors
  assert.deepEqual(pushed, [1, 2]);
  assert.deepEqual(fake.acked, [1, 2]);
  assert.ok(healths.includes("retrying"), `health went through retrying: ${healths}`);
  assert.equal(loop.health().state, "ok");
  assert.equal(logs.filter((l) => /delivery failed, retrying/.test(l)).length, 1, logs.join("\n"));
  assert.ok(logs.some((l) => /works again/.test(l)), logs.join("\n"));
});

Deno.test("delivery loop: a wake-up watch that cannot start falls back to the safety poll", async () => {
  const fake = flakyBus({ failures: 0, subscribeFails: true, pending: [] });
  const logs: string[] = [];
  const loop = new DeliveryLoop({
    bus: fake.bus,
    membership: fake.membership,
    deliver: (batch) => Promise.resolve(batch.map((d) => d.deliveryId)),
    now: Date.now,
    safetyPollMs: 20,
    log: (t) => logs.push(t),
  });
  const running = loop.start();
  // Positive marker: five rounds without a single wake-up can only be the safety poll.
  const deadline = Date.now() + 10_000;
  while (fake.calls() < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const health = loop.health();
  await loop.stop();
  await running;
  assert.equal(health.state, "polling");
  assert.match(health.problem ?? "", /too many open instances/);
  assert.ok(fake.calls() >= 5, `kept polling: ${fake.calls()} rounds`);
  assert.equal(logs.filter((l) => /wake-up watch failed/.test(l)).length, 1);
});

Deno.test("channel: a write lock held past the busy timeout while mail waits: it answers ping, stays up, delivers after", async () => {
  const t = await tempHome();
  const rx = await inProcessPeer({ env: t.env, name: "rx" });
  const db = new DatabaseSync(join(t.ccDmHome, "bus.db"));
  try {
    const sent = await cc(t.env, ["send", "rx", "before the lock", "--json"]);
    assert.equal(sent.code, 0, sent.stderr);
    await rx.waitForEvents(1, 15_000);
    // Queue a message without waking rx, then hold the write lock and wake rx by hand: its
    // claim meets the lock.
    db.exec("PRAGMA busy_timeout = 5000");
    const { id } = db.prepare(
      `INSERT INTO messages (from_name, content, thread_id, created_at) VALUES ('cli:t', 'during the lock', '', ?)
       RETURNING id`,
    ).get(Date.now()) as { id: number };
    db.prepare("INSERT INTO deliveries (message_id, recipient) VALUES (?, 'rx')").run(id);
    db.exec("BEGIN IMMEDIATE");
    db.exec("UPDATE sessions SET last_seen = last_seen");
    const heldAt = Date.now();
    await wakeRecipients(join(t.ccDmHome, "wake"), ["rx"]);
    const pings: number[] = [];
    while (Date.now() - heldAt < 6500) {
      pings.push(await rx.ping());
      await new Promise((r) => setTimeout(r, 250));
    }
    db.exec("COMMIT");
    const events = await rx.waitForEvents(2, 15_000);
    assert.equal(events[1].content, "during the lock");
    assert.ok(events[1].at >= heldAt + 6000, "delivered only once the lock was released");
    assert.match(rx.stderr.join(""), /delivery failed, retrying with backoff: .*locked/);
    assert.ok(Math.max(...pings) < 1000, `ping answered during the lock: ${pings.map(Math.round)}`);
    assert.ok((await rx.ping()) < 5000, "still up after the lock");
    assert.doesNotMatch(rx.stderr.join(""), /stopping/);
  } finally {
    try {
      db.exec("ROLLBACK");
    } catch { /* committed */ }
    db.close();
    await rx.close();
    await t.cleanup();
  }
});

Deno.test("send: a wake file that is a directory or another user's still reports the stored message once", async () => {
  const t = await tempHome();
  try {
    const first = await cc(t.env, ["send", "--queue", "rx", "hello"]);
    assert.equal(first.code, 0, first.stderr);
    const wake = join(t.ccDmHome, "wake");
    await Deno.mkdir(join(wake, "rx"), { recursive: true });
    await Deno.writeTextFile(join(wake, ".traffic"), "");
    const sent = await cc(t.env, ["send", "--queue", "rx", "second", "--json"]);
    assert.equal(sent.code, 0, sent.stderr);
    assert.equal(JSON.parse(sent.stdout).queued[0], "rx");
    if (Deno.uid() === 0) {
      await Deno.remove(join(wake, "rx"));
      await Deno.writeTextFile(join(wake, "rx"), "");
      await Deno.chown(join(wake, "rx"), 65534, 65534);
      const third = await cc(t.env, ["send", "--queue", "rx", "third"]);
      assert.equal(third.code, 0, third.stderr);
    }
    const rows = await storedMessages(t.ccDmHome);
    assert.deepEqual(
      rows.map((r) => r.content),
      Deno.uid() === 0 ? ["hello", "second", "third"] : ["hello", "second"],
    );
    // The sender's row stays, so an answer to it is accepted.
    assert.equal((await sessionRows(t.ccDmHome)).filter((s) => s.kind === "cli").length, 1);
  } finally {
    await t.cleanup();
  }
});

Deno.test("rm -rf of the bus directory under running sessions: they rejoin the new bus and mail flows again", async () => {
  const t = await tempHome();
  const rx = await inProcessPeer({ env: t.env, name: "rx" });
  const tx = await inProcessPeer({ env: t.env, name: "tx" });
  try {
    assert.equal((await tx.call("dm", { to: "rx", content: "before" })).isError, false);
    await rx.waitForEvents(1, 10_000);
    await Deno.remove(t.ccDmHome, { recursive: true });
    // Within a housekeeping tick both channels notice and register on the new bus.
    const deadline = Date.now() + 15_000;
    let names: string[] = [];
    while (Date.now() < deadline) {
      const who = await cc(t.env, ["who", "--json"]);
      names = who.code === 0 ? JSON.parse(who.stdout).sessions.map((s: { name: string }) => s.name) : [];
      if (names.includes("rx") && names.includes("tx")) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.deepEqual(names.sort(), ["rx", "tx"]);
    const sent = await cc(t.env, ["send", "rx", "after, from the CLI"]);
    assert.equal(sent.code, 0, sent.stderr);
    assert.equal((await tx.call("dm", { to: "rx", content: "after, from tx" })).isError, false);
    const events = await rx.waitForEvents(3, 10_000);
    assert.deepEqual(events.slice(1).map((e) => e.content).sort(), ["after, from the CLI", "after, from tx"]);
    await rx.waitForStderr(/replaced or deleted; rejoined the new one/);
  } finally {
    await Promise.all([rx.close(), tx.close()]);
    await t.cleanup();
  }
});

Deno.test("doctor and who show a live channel's degraded delivery", async () => {
  const t = await tempHome();
  const rx = await inProcessPeer({ env: t.env, name: "rx" });
  try {
    await readBus(t.ccDmHome, async (bus) => {
      const row = await bus.session("rx");
      await bus.touchSession("rx", row!.instance!, "delivery polling: wake-up watch failed");
    }, true);
    const doctor = await cc(t.env, ["doctor", "--json"]);
    const check = JSON.parse(doctor.stdout).checks.find((c: { id: string }) => c.id === "bus.delivery");
    assert.equal(check.status, "warn");
    assert.equal(check.message, "rx: delivery polling: wake-up watch failed");
    const who = await cc(t.env, ["who"]);
    assert.match(who.stdout, /events \(degraded\)/);
    assert.match(who.stdout, /rx: delivery polling: wake-up watch failed/);
  } finally {
    await rx.close();
    await t.cleanup();
  }
});
