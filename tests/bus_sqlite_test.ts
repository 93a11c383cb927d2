import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { openBus } from "../lib/bus/open_bus.ts";
import { BusError } from "../lib/bus/errors.ts";
import { SqliteEngine } from "../lib/bus/sqlite/engine.ts";
import { SqliteBus } from "../lib/bus/sqlite/sqlite_bus.ts";
import { PENDING_STATEMENTS } from "../lib/bus/sqlite/pending_sql.ts";
import { CcDmError } from "../lib/errors.ts";
import { cc, withUser } from "./cli_run.ts";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { newMessage } from "./helpers/bus_contract.ts";
import { SCHEMA_VERSION } from "../lib/bus/sqlite/schema.ts";
import { channelEvent } from "../lib/channel/event.ts";
import { MAIN_TS, tempHome } from "./helpers/temp_home.ts";

const mode = (path: string) => Deno.statSync(path).mode! & 0o777;

// What every engine must do is in the contract suite (bus_contract_test.ts); here is only what
// the SQLite engine has: file modes, the 1.x bus, locks and busy waits, the WAL, its wake mode.

Deno.test("the bus directory is 0700 and its files 0600, created so and corrected", async () => {
  const t = await tempHome();
  try {
    const notes: string[] = [];
    let bus = await openBus(t.env, { note: (n) => notes.push(n) });
    await bus.insertMessage(newMessage("a", "b", "x"));
    await bus.close();
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
    bus = await openBus(t.env, { note: (n) => notes.push(n) });
    await bus.close();
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
    const bus = await openBus(t.env, { note: (n) => notes.push(n) });
    const stored = await bus.insertMessage(newMessage("a", "b", "new"));
    assert.equal(stored.id, 1);
    await bus.close();
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
    const bus = await openBus(t.env, { mustExist: true });
    assert.equal((await bus.sessions()).length, 10);
    await bus.close();
  } finally {
    await t.cleanup();
  }
});

Deno.test("two reader processes racing to claim one recipient's mail never both get a message", async () => {
  const t = await tempHome();
  const bus = await openBus(t.env);
  try {
    const total = 2000;
    for (let i = 0; i < total; i++) await bus.insertMessage(newMessage("s", "r", `m${i}`));
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
    await bus.close();
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

Deno.test("a writer behind another process's write lock waits and goes ahead once it is released", async () => {
  const t = await tempHome();
  const bus = await openBus(t.env);
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
    const m = await bus.insertMessage(newMessage("s", "r", "waited"));
    const waited = performance.now() - started;
    assert.ok(waited >= 150, `it waited for the lock (${waited.toFixed(0)} ms)`);
    assert.ok(waited < 3000, `and took it soon after the release (${waited.toFixed(0)} ms)`);
    assert.equal((await bus.message(m.id))?.content, "waited");
  } finally {
    await holder.status;
    await bus.close();
    await t.cleanup();
  }
});

Deno.test("writers take turns on the bus directory's lock: a write waits for another process's turn", async () => {
  const t = await tempHome();
  const bus = await openBus(t.env);
  await bus.insertMessage(newMessage("s", "r", "first")); // the directory exists
  // Another cc-dm writer's turn, held for 300 ms: it says so just before it lets go.
  const holder = new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `const dir = Deno.openSync(${JSON.stringify(t.ccDmHome)}, { read: true });
       dir.lockSync(true); console.log("held");
       setTimeout(() => { console.log("releasing at", Date.now()); dir.unlockSync(); }, 300);
       setTimeout(() => {}, 1000);`,
    ],
    stdout: "piped",
  }).spawn();
  const lines = holder.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    assert.match((await lines.read()).value ?? "", /held/);
    const m = await bus.insertMessage(newMessage("s", "r", "in turn"));
    const stored = Date.now();
    let out = "";
    while (!out.includes("\n", out.indexOf("releasing"))) {
      const { value, done } = await lines.read();
      assert.ok(!done, `the holder said: ${out}`);
      out += value;
    }
    // The insert blocked in its turn until the holder let go, which was after it said when.
    const released = Number(out.match(/releasing at (\d+)/)?.[1]);
    assert.ok(stored >= released, `stored at ${stored}, the turn was let go at ${released}`);
    assert.equal((await bus.message(m.id))?.content, "in turn");
    assert.equal(Deno.statSync(t.ccDmHome).isDirectory, true, "the lock created nothing");
    assert.deepEqual(
      [...Deno.readDirSync(t.ccDmHome)].map((e) => e.name).filter((n) => n.includes("lock")),
      [],
    );
  } finally {
    holder.kill();
    await holder.status;
    await bus.close();
    await t.cleanup();
  }
});

Deno.test("every look for undelivered mail uses the pending index, not the recipient's history", () => {
  const dir = Deno.makeTempDirSync();
  try {
    // A real bus file, migrated, with history for the planner to be tempted by.
    const bus = new SqliteBus({ dir, file: join(dir, "bus.db"), wakeDir: join(dir, "wake") });
    void bus.close();
    const db = new DatabaseSync(join(dir, "bus.db"));
    for (const [name, sql] of Object.entries(PENDING_STATEMENTS)) {
      const plan =
        (db.prepare(`EXPLAIN QUERY PLAN ${sql.replaceAll("?", "1")}`).all() as { detail: string }[])
          .map((r) => r.detail).join("; ");
      assert.match(plan, /INDEX deliveries_pending/, `${name}: ${plan}`);
      assert.doesNotMatch(plan, /deliveries_recipient|SCAN deliveries/, `${name}: ${plan}`);
    }
    db.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("the WAL stays bounded: a checkpoint runs once it passes 4 MiB, after the write that grew it", async () => {
  const t = await tempHome();
  const bus = await openBus(t.env);
  try {
    const file = join(t.ccDmHome, "bus.db");
    const big = "x".repeat(10_000);
    for (let i = 0; i < 1000; i++) await bus.insertMessage(newMessage("s", "r", big + i));
    await new Promise((r) => setTimeout(r, 100));
    await bus.insertMessage(newMessage("s", "r", "after")); // starts the WAL over
    const db = Deno.statSync(file).size;
    const wal = Deno.statSync(file + "-wal").size;
    assert.ok(db > 4_000_000, `pages were checkpointed into the database (${db} bytes)`);
    assert.ok(wal < 8_000_000, `the WAL was reused, not grown with all that was written (${wal} bytes)`);
  } finally {
    await bus.close();
    await t.cleanup();
  }
});

Deno.test("cli commands: a lock held past the busy timeout is one clear error, exit 1", async () => {
  const t = await tempHome();
  const backend = await ChannelPeer.start({ env: t.env, name: "backend" });
  const db = new DatabaseSync(join(t.ccDmHome, "bus.db"));
  try {
    db.exec("BEGIN IMMEDIATE"); // hold the write lock past the CLI's 5 s busy timeout
    const result = await cc(withUser(t.env, "alice"), ["send", "backend", "hi"]);
    db.exec("ROLLBACK");
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^Error: Cannot use bus "[^"]+": it is locked by another process \(waited 5 s\)\nTry: .+\n$/,
    );
  } finally {
    db.close();
    await backend.close();
    await t.cleanup();
  }
});

Deno.test("engine: exists() is the file; a read-only open creates, migrates and fixes nothing", async () => {
  const t = await tempHome();
  try {
    const engine = new SqliteEngine(t.ccDmHome);
    assert.equal(engine.location, join(t.ccDmHome, "bus.db"));
    assert.equal(await engine.exists(), false);
    await assert.rejects(
      () => engine.open({ readOnly: true }),
      (err) => err instanceof BusError && err.kind === "missing",
    );
    assert.equal(await engine.exists(), false, "nothing created");
    await (await engine.open()).close();
    assert.equal(await engine.exists(), true);
    const file = join(t.ccDmHome, "bus.db");
    Deno.chmodSync(file, 0o644);
    const old = new DatabaseSync(file);
    old.exec("PRAGMA user_version = 1");
    old.close();
    await assert.rejects(
      () => engine.open({ readOnly: true }),
      (err) => err instanceof BusError && err.kind === "schema" && /schema version 1/.test(err.message),
    );
    assert.equal(mode(file), 0o644, "modes are doctor --fix's business");
    const check = new DatabaseSync(file, { readOnly: true });
    assert.equal((check.prepare("PRAGMA user_version").get() as { user_version: number }).user_version, 1);
    check.close();
  } finally {
    await t.cleanup();
  }
});

Deno.test("engine: a file that is not a database is BusError corrupt, and is left as it is", async () => {
  const t = await tempHome();
  try {
    Deno.mkdirSync(t.ccDmHome, { mode: 0o700 });
    const file = join(t.ccDmHome, "bus.db");
    const garbage = "this is not a database\n".repeat(200);
    Deno.writeTextFileSync(file, garbage, { mode: 0o600 });
    await assert.rejects(
      () => openBus(t.env),
      (err) => err instanceof BusError && err.kind === "corrupt" && err.message.includes(file),
    );
    assert.equal(Deno.readTextFileSync(file), garbage);
  } finally {
    await t.cleanup();
  }
});

Deno.test("engine: CC_DM_WAKE=poll subscribes without a socket; a bad value is a usage error naming it", async () => {
  const t = await tempHome();
  try {
    const bus = await openBus({ ...t.env, CC_DM_WAKE: "poll" });
    const sub = await bus.subscribe("r");
    assert.equal(sub.mode, "poll");
    await bus.insertMessage(newMessage("s", "r", "polled"));
    assert.equal(await sub.next(50), false, "no wake-up: the reader polls at its own period");
    await sub.close();
    await bus.close();
    const socket = await openBus(t.env);
    const watched = await socket.subscribe("r");
    assert.equal(watched.mode, "socket");
    await watched.close();
    await socket.close();
    await assert.rejects(
      () => openBus({ ...t.env, CC_DM_WAKE: "inotify" }),
      (err) =>
        err instanceof CcDmError && err.exitCode === 2 && /Invalid CC_DM_WAKE "inotify"/.test(err.message),
    );
  } finally {
    await t.cleanup();
  }
});
