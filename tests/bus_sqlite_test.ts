import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { openBus } from "../lib/bus/open_bus.ts";
import { SCHEMA_VERSION } from "../lib/bus/sqlite/schema.ts";
import { channelEvent } from "../lib/channel/event.ts";
import { RETENTION } from "../lib/mail/retention.ts";
import { MAIN_TS, tempHome } from "./helpers/temp_home.ts";

const mode = (path: string) => Deno.statSync(path).mode! & 0o777;

function newMessage(from: string, to: string, content: string, now: number) {
  return {
    from,
    fromRole: "worker",
    fromProject: "",
    to,
    recipients: [to],
    content,
    priority: "normal",
    messageType: "chat",
    threadId: null,
    inReplyTo: null,
    meta: {},
    now,
  };
}

Deno.test("the bus directory is 0700 and its files 0600, created so and corrected", async () => {
  const t = await tempHome();
  try {
    const notes: string[] = [];
    let bus = openBus(t.env, { note: (n) => notes.push(n) });
    await bus.insertMessage(newMessage("a", "b", "x", 1));
    bus.close();
    assert.equal(mode(t.ccDmHome), 0o700);
    for (const f of ["bus.db", "bus.db-wal", "bus.db-shm"]) {
      try {
        assert.equal(mode(join(t.ccDmHome, f)), 0o600, f);
      } catch (err) {
        if (!(err instanceof Deno.errors.NotFound)) throw err;
      }
    }
    assert.equal(notes.length, 0, notes.join("\n"));

    Deno.chmodSync(t.ccDmHome, 0o755);
    Deno.chmodSync(join(t.ccDmHome, "bus.db"), 0o644);
    bus = openBus(t.env, { note: (n) => notes.push(n) });
    bus.close();
    assert.equal(mode(t.ccDmHome), 0o700);
    assert.equal(mode(join(t.ccDmHome, "bus.db")), 0o600);
    assert.equal(notes.length, 2);
    assert.match(notes[0], /from 755 to 700/);
    assert.match(notes[1], /bus\.db from 644 to 600/);
  } finally {
    await t.cleanup();
  }
});

Deno.test("a cc-dm 1.x bus is moved aside intact with a note, and a new bus is created", async () => {
  const t = await tempHome();
  try {
    Deno.mkdirSync(t.ccDmHome, { mode: 0o700 });
    const file = join(t.ccDmHome, "bus.db");
    const legacy = new DatabaseSync(file);
    legacy.exec(`PRAGMA journal_mode=WAL;
      CREATE TABLE sessions (id TEXT PRIMARY KEY, name TEXT, role TEXT, cwd TEXT, status TEXT,
        last_seen TEXT, registered_at TEXT, project TEXT);
      CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, from_session TEXT, to_session TEXT,
        content TEXT, delivered INTEGER, created_at TEXT);
      INSERT INTO messages (from_session, to_session, content, delivered, created_at)
        VALUES ('a', 'session-1', 'old mail', 0, '2026-03-01');`);
    legacy.close();

    const notes: string[] = [];
    const bus = openBus(t.env, { note: (n) => notes.push(n) });
    const stored = await bus.insertMessage(newMessage("a", "b", "new", 1));
    assert.equal(stored.id, 1);
    bus.close();
    const aside = notes.map((n) => n.match(/cc-dm 1\.x bus .* moved it aside to (\S+) /)?.[1]).find(Boolean);
    assert.ok(aside, notes.join("\n"));
    assert.equal(mode(aside!), 0o600, "the moved file stays private");
    const old = new DatabaseSync(aside!, { readOnly: true });
    const rows = old.prepare("SELECT content FROM messages").all() as { content: string }[];
    old.close();
    assert.deepEqual(rows.map((r) => r.content), ["old mail"], "the 1.x file is untouched");
    const fresh = new DatabaseSync(file, { readOnly: true });
    assert.equal(
      (fresh.prepare("PRAGMA user_version").get() as { user_version: number }).user_version,
      SCHEMA_VERSION,
    );
    fresh.close();
  } finally {
    await t.cleanup();
  }
});

Deno.test("ten processes opening a fresh bus at once all succeed (busy_timeout before WAL)", async () => {
  const t = await tempHome();
  try {
    const runs = Array.from({ length: 10 }, (_, i) =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-all", "--quiet", MAIN_TS, "channel"],
        env: { ...t.env, CC_DM_SESSION_NAME: `p${i}` },
        clearEnv: true,
        stdin: "null", // stdin closes at once: register, then exit cleanly
        stdout: "null",
        stderr: "piped",
      }).output());
    const results = await Promise.all(runs);
    for (const r of results) {
      assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
      assert.doesNotMatch(new TextDecoder().decode(r.stderr), /locked/);
    }
    const db = new DatabaseSync(join(t.ccDmHome, "bus.db"), { readOnly: true });
    const n = (db.prepare("SELECT count(*) AS n FROM sessions").get() as { n: number }).n;
    db.close();
    assert.equal(n, 10);
  } finally {
    await t.cleanup();
  }
});

Deno.test("two reader processes racing to claim one recipient's mail never both get a message", async () => {
  const t = await tempHome();
  const bus = openBus(t.env);
  try {
    const total = 2000;
    for (let i = 0; i < total; i++) await bus.insertMessage(newMessage("s", "r", `m${i}`, i));
    const worker = new URL("./helpers/claim_worker.ts", import.meta.url).pathname;
    const outputs = await Promise.all(["A", "B"].map((who) =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-all", "--quiet", worker, "r", who, who === "A" ? "B" : "A"],
        env: t.env,
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }).output()
    ));
    const lists = outputs.map((o) => {
      assert.equal(o.code, 0, new TextDecoder().decode(o.stderr));
      return JSON.parse(new TextDecoder().decode(o.stdout)) as number[];
    });
    const all = lists.flat();
    assert.equal(all.length, total, `claimed ${lists.map((l) => l.length).join(" + ")}`);
    assert.equal(new Set(all).size, total, "no message claimed twice");
    assert.ok(lists.every((l) => l.length > 0), "both readers took part in the race");
  } finally {
    bus.close();
    await t.cleanup();
  }
});

Deno.test("an unacknowledged claim is handed out again after its lease (at-least-once)", async () => {
  const t = await tempHome();
  const bus = openBus(t.env);
  try {
    const m = await bus.insertMessage(newMessage("s", "r", "once", 0));
    const first = await bus.claimDeliveries("r", "crashed", 1000, 30_000, 10);
    assert.deepEqual(first.map((d) => d.message.id), [m.id]);
    assert.deepEqual(await bus.claimDeliveries("r", "other", 2000, 30_000, 10), [], "claimed, lease running");
    const again = await bus.claimDeliveries("r", "other", 1000 + 30_001, 30_000, 10);
    assert.deepEqual(again.map((d) => d.message.id), [m.id]);
    await bus.ackDeliveries([first[0].deliveryId], "crashed", 40_000);
    assert.deepEqual(
      await bus.queuedMail(),
      [{ recipient: "r", count: 1, oldest: 0 }],
      "a stale ack is ignored",
    );
    await bus.ackDeliveries([again[0].deliveryId], "other", 40_000);
    assert.deepEqual(await bus.queuedMail(), []);
  } finally {
    bus.close();
    await t.cleanup();
  }
});

Deno.test("retention prunes old delivered history, never undelivered mail", async () => {
  const t = await tempHome();
  const bus = openBus(t.env);
  try {
    const day = 24 * 3600_000;
    const old = await bus.insertMessage(newMessage("s", "r", "old, delivered", 0));
    const waiting = await bus.insertMessage(newMessage("s", "q", "old, undelivered", 0));
    const claimed = await bus.claimDeliveries("r", "c", 1, 30_000, 10);
    await bus.ackDeliveries(claimed.map((d) => d.deliveryId), "c", 2);
    const fresh = await bus.insertMessage(newMessage("s", "r", "new", 10 * day));
    const pruned = await bus.prune(10 * day, RETENTION);
    assert.equal(pruned.messages, 1);
    assert.equal(await bus.message(old.id), undefined);
    assert.ok(await bus.message(waiting.id));
    assert.ok(await bus.message(fresh.id));
  } finally {
    bus.close();
    await t.cleanup();
  }
});

Deno.test("routing meta from the bus always wins over stored sender meta", () => {
  const event = channelEvent({
    deliveryId: 1,
    recipient: "victim",
    message: {
      id: 7,
      from: "mallory",
      fromRole: "worker",
      fromProject: "",
      to: "victim",
      recipients: ["victim"],
      content: "hi",
      priority: "normal",
      messageType: "chat",
      threadId: "7",
      inReplyTo: null,
      // As if written straight into the database, bypassing the tools' validation.
      meta: { from_session: "admin", to_session: "root", message_id: "1", "bad key": "x", ok_key: "v" },
      createdAt: 0,
    },
  });
  assert.equal(event.meta.from_session, "mallory");
  assert.equal(event.meta.to_session, "victim");
  assert.equal(event.meta.message_id, "7");
  assert.equal(event.meta.ok_key, "v");
  assert.equal("bad key" in event.meta, false);
  for (const key of Object.keys(event.meta)) assert.match(key, /^[a-zA-Z_][a-zA-Z0-9_]*$/);
});

Deno.test("retention by count keeps the newest N, skips undelivered mail, and does nothing when under it", async () => {
  const t = await tempHome();
  const bus = openBus(t.env);
  try {
    const policy = { ...RETENTION, deliveredMaxCount: 3 };
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push((await bus.insertMessage(newMessage("s", i === 1 ? "q" : "r", `m${i}`, i))).id);
    }
    const claimed = await bus.claimDeliveries("r", "c", 10, 30_000, 10);
    await bus.ackDeliveries(claimed.map((d) => d.deliveryId), "c", 11);
    assert.deepEqual(await bus.prune(20, policy), { messages: 2, sessions: 0 });
    // m1 is still undelivered (to q): kept though it is older than the newest three.
    assert.deepEqual((await bus.history({ limit: 10 })).map((m) => m.content), ["m1", "m3", "m4", "m5"]);
    assert.deepEqual(await bus.prune(20, policy), { messages: 0, sessions: 0 });
  } finally {
    bus.close();
    await t.cleanup();
  }
});

Deno.test("ackAndClaim acknowledges one batch and claims the next in one step; only the claimer's acks count", async () => {
  const t = await tempHome();
  const bus = openBus(t.env);
  try {
    for (let i = 0; i < 3; i++) await bus.insertMessage(newMessage("s", "r", `m${i}`, i));
    const first = await bus.ackAndClaim([], "r", "me", 10, 30_000, 2);
    assert.deepEqual(first.map((d) => d.message.content), ["m0", "m1"]);
    const next = await bus.ackAndClaim(first.map((d) => d.deliveryId), "r", "me", 20, 30_000, 2);
    assert.deepEqual(next.map((d) => d.message.content), ["m2"]);
    await bus.ackAndClaim(next.map((d) => d.deliveryId), "r", "someone-else", 30, 30_000, 2);
    assert.deepEqual(await bus.queuedMail(), [{ recipient: "r", count: 1, oldest: 2 }]);
    await bus.ackDeliveries(next.map((d) => d.deliveryId), "me", 40);
    assert.deepEqual(await bus.queuedMail(), []);
  } finally {
    bus.close();
    await t.cleanup();
  }
});

Deno.test("a writer behind another process's write lock waits and goes ahead once it is released", async () => {
  const t = await tempHome();
  const bus = openBus(t.env);
  // Another process holds the write lock for 300 ms.
  const holder = new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `import { DatabaseSync } from "node:sqlite";
       const db = new DatabaseSync(${JSON.stringify(join(t.ccDmHome, "bus.db"))});
       db.exec("BEGIN IMMEDIATE"); console.log("held");
       setTimeout(() => { db.exec("COMMIT"); console.log("released"); }, 300);`,
    ],
    stdout: "piped",
  }).spawn();
  try {
    await holder.stdout.getReader().read();
    const started = performance.now();
    const m = await bus.insertMessage(newMessage("s", "r", "waited", 0));
    const waited = performance.now() - started;
    assert.ok(waited >= 150, `it waited for the lock (${waited.toFixed(0)} ms)`);
    assert.ok(waited < 3000, `and took it soon after the release (${waited.toFixed(0)} ms)`);
    assert.equal((await bus.message(m.id))?.content, "waited");
  } finally {
    await holder.status;
    bus.close();
    await t.cleanup();
  }
});

Deno.test("history by session: what it sent and what was addressed to it (broadcasts too), newest N, after an id", async () => {
  const t = await tempHome();
  const bus = openBus(t.env);
  try {
    const sent = await bus.insertMessage(newMessage("x", "a", "x to a", 1));
    await bus.insertMessage(newMessage("a", "b", "a to b", 2));
    const got = await bus.insertMessage(newMessage("a", "x", "a to x", 3));
    const all = await bus.insertMessage({
      ...newMessage("a", "x", "a to all", 4),
      to: null,
      recipients: ["b", "x"],
    });
    const names = (ms: { content: string }[]) => ms.map((m) => m.content);
    assert.deepEqual(names(await bus.history({ session: "x", limit: 10 })), ["x to a", "a to x", "a to all"]);
    assert.deepEqual(names(await bus.history({ session: "x", limit: 2 })), ["a to x", "a to all"]);
    assert.deepEqual(names(await bus.history({ session: "x", limit: 10, afterId: got.id })), ["a to all"]);
    assert.deepEqual((await bus.history({ session: "x", limit: 10 })).map((m) => m.id), [
      sent.id,
      got.id,
      all.id,
    ]);
    assert.deepEqual(names(await bus.history({ session: "nobody", limit: 10 })), []);
  } finally {
    bus.close();
    await t.cleanup();
  }
});

Deno.test("the WAL stays bounded: a checkpoint runs once it passes 4 MiB, after the write that grew it", async () => {
  const t = await tempHome();
  const bus = openBus(t.env);
  try {
    const file = join(t.ccDmHome, "bus.db");
    const big = "x".repeat(10_000);
    for (let i = 0; i < 1000; i++) await bus.insertMessage(newMessage("s", "r", big + i, i));
    await new Promise((r) => setTimeout(r, 100));
    await bus.insertMessage(newMessage("s", "r", "after", 2000)); // starts the WAL over
    const db = Deno.statSync(file).size;
    const wal = Deno.statSync(file + "-wal").size;
    assert.ok(db > 4_000_000, `pages were checkpointed into the database (${db} bytes)`);
    assert.ok(wal < 8_000_000, `the WAL was reused, not grown with all that was written (${wal} bytes)`);
  } finally {
    bus.close();
    await t.cleanup();
  }
});
