// What only the PostgreSQL engine has: wake-ups by NOTIFY at COMMIT, re-LISTEN and drain after a
// lost connection, liveness by a session advisory lock, and the identity and privacy the server
// enforces (from_user, row-level security). The engine-neutral behaviour is the contract suite's
// (tests/bus_contract_test.ts). Each test has a database and roles of its own.
import assert from "node:assert/strict";
import type { NewMessage, SessionClaim } from "../lib/bus/bus.ts";
import { isBusError } from "../lib/bus/errors.ts";
import { NameTakenError } from "../lib/errors.ts";
import { PostgresEngine } from "../lib/bus/postgres/engine.ts";
import { wakeChannel } from "../lib/bus/postgres/wake_listener.ts";
import { freshPgBus } from "./helpers/pg_bus.ts";
import { startPgServer, withUser } from "./helpers/pg_server.ts";
import postgres from "postgres";
import { pgBouncerPath, startPgBouncer } from "./helpers/pgbouncer.ts";

function claim(name: string, instance: string): SessionClaim {
  return {
    name,
    role: "dev",
    project: "",
    kind: "claude",
    pid: 4242,
    pidStart: null,
    host: "machine-b",
    instance,
    cwd: "/work",
    claudeSessionId: null,
    delivery: "events",
    deliveryReason: "test",
    acceptFrom: null,
    rejectFrom: null,
  };
}

function dm(from: string, to: string, content: string): NewMessage {
  return {
    from,
    fromRole: "dev",
    fromProject: "",
    to,
    recipients: [to],
    content,
    priority: "normal",
    messageType: "chat",
    threadId: null,
    inReplyTo: null,
    meta: {},
  };
}

/** Wait until `check` holds, polling; fails with `what` after `ms`. */
async function eventually(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

Deno.test("postgres: the sender's role is recorded by the server as from_user, and each session's role as user", async () => {
  const pg = await freshPgBus(["a", "b"]);
  try {
    const a = await pg.open("a");
    const b = await pg.open("b");
    const alice = await a.claimSession(claim("alice", "ia"));
    await b.claimSession(claim("bob", "ib"));
    assert.equal(alice.user, pg.db.roles.a);
    const sent = await a.insertMessage(dm("alice", "bob", "hello"));
    assert.equal(sent.fromUser, pg.db.roles.a);
    const [got] = await b.claimDeliveries("bob", "ib", 30_000, 10);
    assert.equal(got.message.content, "hello");
    assert.equal(got.message.fromUser, pg.db.roles.a);
    assert.equal(got.message.fromInstance, "ia");
    const rows = await b.sessions();
    assert.deepEqual(rows.map((r) => [r.name, r.user, r.online]), [
      ["alice", pg.db.roles.a, true],
      ["bob", pg.db.roles.b, true],
    ]);
  } finally {
    await pg.cleanup();
  }
});

Deno.test("postgres: row-level security: role b cannot read a's mail, claim it, forge from_user, send as a's name or readdress a's message", async () => {
  const pg = await freshPgBus(["a", "b", "c"]);
  try {
    const a = await pg.open("a");
    const b = await pg.open("b");
    const c = await pg.open("c");
    await a.claimSession(claim("alice", "ia"));
    await b.claimSession(claim("bob", "ib"));
    await c.claimSession(claim("carol", "ic"));
    const secret = await a.insertMessage(dm("alice", "carol", "for carol only"));

    // Through the engine: nothing of it is visible to b.
    assert.equal(await b.message(secret.id), undefined);
    assert.deepEqual(await b.history({ limit: 50 }), []);
    assert.deepEqual(await b.claimDeliveries("carol", "ib", 30_000, 10), []);
    assert.deepEqual(await b.deliveryStates(secret.id), []);
    // And by raw SQL as b, whatever the client sends.
    const raw = pg.raw("b");
    assert.deepEqual([...await raw`SELECT id FROM cc_dm.messages`], []);
    assert.deepEqual([...await raw`SELECT id FROM cc_dm.deliveries`], []);
    const taken = await raw`UPDATE cc_dm.deliveries SET claimed_by = 'ib' RETURNING id`;
    assert.equal(taken.length, 0);
    await assert.rejects(raw`UPDATE cc_dm.messages SET content = 'x'`, /permission denied/);
    await assert.rejects(raw`DELETE FROM cc_dm.messages`, /permission denied/);
    // A forged from_user is overwritten by the server.
    const [forged] = await raw`INSERT INTO cc_dm.messages (from_name, from_user, content, created_at)
      VALUES ('bob', ${pg.db.roles.a}, 'forged', 0) RETURNING from_user`;
    assert.equal(forged.from_user, pg.db.roles.b);
    // Sending under a name a's role holds is refused by the server...
    await assert.rejects(
      raw`INSERT INTO cc_dm.messages (from_name, content, created_at) VALUES ('alice', 'as alice', 0)`,
      /belongs to database user/,
    );
    // ... and through the engine, before anything is stored.
    await assert.rejects(
      b.insertMessage(dm("alice", "carol", "as alice")),
      (err) => isBusError(err, "denied"),
    );
    // Addressing a's message to b's own name (to read it) is refused.
    await assert.rejects(
      raw`INSERT INTO cc_dm.deliveries (message_id, recipient) VALUES (${secret.id}, 'bob')`,
      /not yours/,
    );
    // a's name cannot be taken over by b, even while offline.
    await a.leaveSession("alice", "ia");
    await assert.rejects(b.claimSession(claim("alice", "ib2")), NameTakenError);
    // The recipient reads it; its sender sees its delivery state.
    const [got] = await c.claimDeliveries("carol", "ic", 30_000, 10);
    assert.equal(got.message.content, "for carol only");
    assert.deepEqual(await a.deliveryStates(secret.id), [{ recipient: "carol", delivered: false }]);
  } finally {
    await pg.cleanup();
  }
});

Deno.test("postgres: NOTIFY reaches a subscriber only at COMMIT; the woken reader finds the committed row, never an uncommitted one", async () => {
  const pg = await freshPgBus(["a", "b"]);
  try {
    const a = await pg.open("a");
    const b = await pg.open("b");
    await a.claimSession(claim("alice", "ia"));
    await b.claimSession(claim("bob", "ib"));
    const sub = await b.subscribe("bob");
    assert.equal(sub.mode, "socket");
    const raw = pg.raw("a");
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => commit = resolve);
    const open = raw.begin(async (tx) => {
      const [m] = await tx`INSERT INTO cc_dm.messages (from_name, to_name, recipients, content, created_at)
        VALUES ('alice', 'bob', '["bob"]', 'held in a transaction', 0) RETURNING id`;
      await tx`INSERT INTO cc_dm.deliveries (message_id, recipient) VALUES (${m.id}, 'bob')`;
      await tx`SELECT pg_notify(${wakeChannel("bob")}, '')`;
      await committed;
    });
    // A marker sent and committed meanwhile wakes bob; the claim sees only the marker.
    await new Promise((r) => setTimeout(r, 50));
    await a.insertMessage(dm("alice", "bob", "marker"));
    assert.equal(await sub.next(10_000), true);
    const first = await b.claimDeliveries("bob", "ib", 30_000, 10);
    assert.deepEqual(first.map((d) => d.message.content), ["marker"]);
    commit();
    await open;
    assert.equal(await sub.next(10_000), true, "the COMMIT wakes bob");
    const second = await b.claimDeliveries("bob", "ib", 30_000, 10);
    assert.deepEqual(second.map((d) => d.message.content), ["held in a transaction"]);
    await sub.close();
  } finally {
    await pg.cleanup();
  }
});

Deno.test("postgres: the listener's connection killed (pg_terminate_backend): it re-LISTENs and drains, nothing sent meanwhile is lost", async () => {
  const pg = await freshPgBus(["a", "b"]);
  try {
    const a = await pg.open("a");
    const b = await pg.open("b");
    await a.claimSession(claim("alice", "ia"));
    await b.claimSession(claim("bob", "ib"));
    const sub = await b.subscribe("bob");
    const killed = await pg.admin`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
      WHERE usename = ${pg.db.roles.b} AND application_name = 'cc-dm listen'`;
    assert.equal(killed.length, 1, "one listening connection per bus");
    // Sent while nobody listens: no notification will ever arrive for these.
    for (let i = 0; i < 5; i++) await a.insertMessage(dm("alice", "bob", `while away ${i}`));
    const got: string[] = [];
    await eventually("all five drained after the reconnect", async () => {
      await sub.next(1_000);
      got.push(...(await b.claimDeliveries("bob", "ib", 30_000, 50)).map((d) => d.message.content));
      return got.length >= 5 && b.listenReconnects >= 1;
    });
    assert.deepEqual(got, [0, 1, 2, 3, 4].map((i) => `while away ${i}`));
    // LISTEN is back: with the "look now" wake-ups of the reconnect consumed, a new message
    // still wakes it.
    while (await sub.next(0));
    await a.insertMessage(dm("alice", "bob", "after"));
    assert.equal(await sub.next(10_000), true, "woken by a NOTIFY after the reconnect");
    const after = await b.claimDeliveries("bob", "ib", 30_000, 50);
    assert.deepEqual(after.map((d) => d.message.content), ["after"]);
    await sub.close();
  } finally {
    await pg.cleanup();
  }
});

Deno.test("postgres: a name is held by its connection's advisory lock: freed when that connection dies, taken back on the next heartbeat if still free", async () => {
  const pg = await freshPgBus(["a"]);
  try {
    const first = await pg.open("a");
    const other = await pg.open("a");
    await first.claimSession(claim("alice", "one"));
    assert.equal((await other.session("alice"))?.online, true);
    await assert.rejects(other.claimSession(claim("alice", "two")), NameTakenError);
    // The query connection dies (as on a network cut): the server frees the name at once.
    await pg.admin`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE usename = ${pg.db.roles.a} AND application_name = 'cc-dm'
        AND pid = (SELECT backend_pid FROM cc_dm.sessions WHERE name = 'alice')`;
    await eventually("alice offline", async () => (await other.session("alice"))?.online === false);
    // Nobody took it: the holder's next heartbeat reconnects and takes it back.
    assert.equal(await first.touchSession("alice", "one"), true);
    assert.equal((await other.session("alice"))?.online, true);
    // Killed again, and this time another process takes the name first: the old one hears so.
    await pg.admin`SELECT pg_terminate_backend(backend_pid) FROM cc_dm.sessions WHERE name = 'alice'`;
    await eventually("alice offline again", async () => (await other.session("alice"))?.online === false);
    const row = await other.claimSession(claim("alice", "two"));
    assert.equal(row.online, true);
    assert.equal(await first.touchSession("alice", "one"), false);
    assert.equal((await first.session("alice"))?.instance, "two");
  } finally {
    await pg.cleanup();
  }
});

Deno.test("postgres: kill -9 of the process holding a name frees it at once (loopback; across machines the keepalives bound it)", async () => {
  const pg = await freshPgBus(["a"]);
  try {
    const code = `
      import { PostgresEngine } from ${
      JSON.stringify(new URL("../lib/bus/postgres/engine.ts", import.meta.url).href)
    };
      const bus = await new PostgresEngine(Deno.args[0], {}).open();
      await bus.claimSession(${JSON.stringify(claim("worker", "w1"))});
      console.log("claimed");
      await new Promise(() => {});`;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["eval", "--quiet", code, pg.url("a")],
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const reader = child.stdout.getReader();
    const { value } = await reader.read();
    assert.match(new TextDecoder().decode(value), /claimed/);
    const watcher = await pg.open("a");
    assert.equal((await watcher.session("worker"))?.online, true);
    child.kill("SIGKILL");
    await child.status;
    reader.releaseLock();
    await child.stdout.cancel();
    await eventually(
      "worker offline",
      async () => (await watcher.session("worker"))?.online === false,
      5_000,
    );
    assert.equal((await watcher.claimSession(claim("worker", "w2"))).online, true);
  } finally {
    await pg.cleanup();
  }
});

Deno.test("postgres: a lost query connection is rebuilt under a send: the message is stored once", async () => {
  const pg = await freshPgBus(["a", "b"]);
  try {
    const a = await pg.open("a");
    const b = await pg.open("b");
    await a.claimSession(claim("alice", "ia"));
    await b.claimSession(claim("bob", "ib"));
    await pg.admin`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE usename = ${pg.db.roles.a} AND application_name = 'cc-dm'`;
    const sent = await a.insertMessage(dm("alice", "bob", "after the drop"));
    const got = await b.claimDeliveries("bob", "ib", 30_000, 10);
    assert.deepEqual(got.map((d) => [d.message.id, d.message.content]), [[sent.id, "after the drop"]]);
  } finally {
    await pg.cleanup();
  }
});

Deno.test("postgres: connections per process: one for queries, one more once something subscribes", async () => {
  const pg = await freshPgBus(["a"]);
  try {
    const count = async () =>
      Number(
        (await pg.admin`SELECT count(*) AS n FROM pg_stat_activity WHERE usename = ${pg.db.roles.a}`)[0].n,
      );
    const bus = await pg.open("a");
    await bus.claimSession(claim("alice", "ia"));
    await bus.insertMessage(dm("alice", "bob", "queued"));
    assert.equal(await count(), 1);
    const subs = [await bus.subscribe("alice"), await bus.subscribe(null), await bus.subscribe("alice")];
    assert.equal(await count(), 2);
    for (const s of subs) await s.close();
    await bus.close();
    await eventually("all closed", async () => (await count()) === 0, 5_000);
  } finally {
    await pg.cleanup();
  }
});

Deno.test("postgres: open fails with a clear BusError: unreachable names the host, a wrong password is denied, no schema is missing and says bus init; no password printed", async () => {
  const pg = await freshPgBus(["a"]);
  try {
    const port = (() => {
      const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      const p = (l.addr as Deno.NetAddr).port;
      l.close();
      return p;
    })();
    const down = new PostgresEngine(`postgres://someone:hunter2@127.0.0.1:${port}/team`, {});
    const unreachable = await down.open().then(() => null, (err) => err);
    assert.ok(isBusError(unreachable, "unreachable"), String(unreachable));
    assert.match(unreachable.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.doesNotMatch(unreachable.message + unreachable.hint, /hunter2/);
    assert.equal(down.location, `postgres://someone:***@127.0.0.1:${port}/team`);

    const wrong = withUser(pg.db.adminUrl, pg.db.roles.a, "not-the-password");
    const denied = await new PostgresEngine(wrong, {}).open().then(() => null, (err) => err);
    assert.ok(isBusError(denied, "denied"), String(denied));
    assert.doesNotMatch(denied.message + denied.hint, /not-the-password/);

    await pg.admin`DROP SCHEMA cc_dm CASCADE`;
    const missing = await new PostgresEngine(pg.url("a"), {}).open().then(() => null, (err) => err);
    assert.ok(isBusError(missing, "missing"), String(missing));
    assert.match(missing.hint ?? "", /cc-dm bus init/);
  } finally {
    await pg.cleanup();
  }
});

Deno.test("postgres: TLS: sslmode=require encrypts, verify-full with sslrootcert checks the certificate, an untrusted one is a clear denied", async () => {
  const server = await startPgServer({ tls: true });
  try {
    const owner = new PostgresEngine(server.url, {});
    await owner.init();
    const on = (mode: string, extra = "") => {
      const u = new URL(server.url);
      u.searchParams.set("sslmode", mode);
      return u.toString() + extra;
    };
    const admin = postgres(server.url, { max: 1, onnotice: () => {}, fetch_types: false });
    try {
      const encrypted = async () =>
        (await admin`SELECT bool_and(s.ssl) AS tls, count(*) AS n FROM pg_stat_ssl s
          JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'cc-dm'`)[0];
      const required = await new PostgresEngine(on("require"), {}).open();
      assert.deepEqual({ ...(await encrypted()) }, { tls: true, n: "1" });
      await required.insertMessage(dm("cli:x", "y", "over TLS"));
      await required.close();

      const verified = await new PostgresEngine(
        on("verify-full", `&sslrootcert=${encodeURIComponent(server.caFile!)}`).replace(
          "127.0.0.1",
          "localhost",
        ),
        {},
      ).open();
      assert.equal((await verified.history({ limit: 1 }))[0].content, "over TLS");
      await verified.close();

      const untrusted = await new PostgresEngine(on("verify-full").replace("127.0.0.1", "localhost"), {})
        .open()
        .then(() => null, (err) => err);
      assert.ok(isBusError(untrusted, "denied"), String(untrusted));
      assert.match(untrusted.message, /TLS certificate/);
      assert.match(untrusted.hint ?? "", /sslrootcert/);
    } finally {
      await admin.end();
    }
  } finally {
    await server.stop();
  }
});

Deno.test({
  name:
    "postgres: behind a transaction-mode PgBouncer, subscribe says LISTEN cannot work there and polls; through a session-mode one it listens",
  ignore: pgBouncerPath() === null,
  async fn() {
    const pg = await freshPgBus(["a"]);
    const bouncers = [];
    try {
      for (const mode of ["transaction", "session"] as const) {
        const bouncer = await startPgBouncer([pg.url("a")], mode);
        bouncers.push(bouncer);
        const notes: string[] = [];
        const bus = await new PostgresEngine(bouncer.via(pg.url("a")), {}).open({
          note: (t) => notes.push(t),
        });
        try {
          const sub = await bus.subscribe("alice");
          if (mode === "transaction") {
            assert.equal(sub.mode, "poll");
            assert.match(sub.detail ?? "", /transaction-mode pooler/);
            assert.ok(notes.some((n) => /PgBouncer/.test(n)), notes.join("\n"));
            // Polling still finds mail.
            await bus.insertMessage(dm("cli:x", "alice", "found by polling"));
            assert.equal(await sub.next(5_000), true);
          } else {
            assert.equal(sub.mode, "socket", sub.detail);
            await bus.insertMessage(dm("cli:x", "alice", "woken"));
            assert.equal(await sub.next(5_000), true);
          }
          await sub.close();
        } finally {
          await bus.close();
        }
      }
    } finally {
      for (const b of bouncers) await b.stop();
      await pg.cleanup();
    }
  },
});

Deno.test("postgres: a member's prune removes only its own messages and rows: another member's name cannot be freed to take it over", async () => {
  const pg = await freshPgBus(["a", "b"]);
  try {
    const a = await pg.open("a");
    const b = await pg.open("b");
    await a.claimSession(claim("alice", "ia"));
    await b.claimSession(claim("bob", "ib"));
    const fromA = await a.insertMessage(dm("alice", "bob", "a to b"));
    const fromB = await b.insertMessage(dm("bob", "alice", "b to a"));
    const [forB] = await b.claimDeliveries("bob", "ib", 30_000, 10);
    const [forA] = await a.claimDeliveries("alice", "ia", 30_000, 10);
    await b.ackDeliveries([forB.deliveryId], "ib");
    await a.ackDeliveries([forA.deliveryId], "ia");
    await a.leaveSession("alice", "ia");
    // b asks for everything old to go, far in the future.
    const all = { deliveredMaxAgeMs: -1e12, deliveredMaxCount: 0, offlineSessionMaxAgeMs: -1e12 };
    assert.deepEqual(await b.prune(all), { messages: 1, sessions: 0 });
    assert.equal(await a.message(fromB.id), undefined, "b's own message went");
    assert.equal((await a.message(fromA.id))?.content, "a to b", "a's stays");
    assert.equal((await b.session("alice"))?.user, pg.db.roles.a, "alice's row stays a's");
    await assert.rejects(b.claimSession(claim("alice", "ib2")), NameTakenError);
    assert.deepEqual(await a.prune(all), { messages: 1, sessions: 1 });
  } finally {
    await pg.cleanup();
  }
});

Deno.test("postgres: a send whose connection dies while it is being stored says it may have been stored, never plain 'failed', and is stored at most once", async () => {
  const fx = await freshPgBus(["a"]);
  let release!: () => void;
  const released = new Promise<void>((r) => release = r);
  try {
    const bus = await fx.open("a");
    // Hold the messages table so the insert hangs where a dying link would leave it.
    const locked = new Promise<void>((isLocked) => {
      fx.admin.begin(async (tx) => {
        await tx`LOCK TABLE cc_dm.messages IN ACCESS EXCLUSIVE MODE`;
        isLocked();
        await released;
      }).catch(() => {});
    });
    await locked;
    const sending = bus.insertMessage(dm("x", "y", "maybe-stored")).then(
      () => assert.fail("the send cannot finish while the table is held"),
      (err) => err,
    );
    // The insert's connection dies mid-statement (its reply, if any, is lost).
    await eventually("the insert waits on the lock", async () => {
      const rows = await fx.admin`SELECT pid FROM pg_stat_activity
        WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO cc_dm.messages%'`;
      if (rows.length === 0) return false;
      await fx.admin`SELECT pg_terminate_backend(${rows[0].pid})`;
      return true;
    });
    const err = await sending;
    assert.ok(isBusError(err, "unreachable"), String(err));
    assert.match(err.message, /may have been stored \(send key [0-9a-f-]+\)/);
    assert.doesNotMatch(err.message, /password/i);
    release();
    await eventually(
      "the lock is gone",
      async () =>
        (await fx.admin`SELECT count(*)::int AS n FROM pg_locks WHERE mode = 'AccessExclusiveLock'
        AND relation = 'cc_dm.messages'::regclass`)[0].n === 0,
    );
    const [{ n }] = await fx
      .admin`SELECT count(*)::int AS n FROM cc_dm.messages WHERE content = 'maybe-stored'`;
    assert.ok(n <= 1, `stored ${n} times`);
  } finally {
    release();
    await fx.cleanup();
  }
});
