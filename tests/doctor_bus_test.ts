// doctor's bus checks on real SQLite files: modes, a corrupted file, a 1.x bus, schema, stale
// session rows, stuck mail, and what --fix repairs.
import assert from "node:assert/strict";
import { hostname } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { SCHEMA_VERSION } from "../lib/bus/sqlite/schema.ts";
import { check, doctor, type DoctorHome, doctorHome, execBus } from "./fixtures/doctor/doctor_home.ts";
import { SqliteEngine } from "../lib/bus/sqlite/engine.ts";
import { claimOf, newMessage } from "./helpers/bus_contract.ts";
import { readBus, sessionRows, undelivered } from "./helpers/bus_reads.ts";

async function withHome(options: { bus?: boolean }, body: (home: DoctorHome) => Promise<void>) {
  const home = await doctorHome(options);
  try {
    await body(home);
  } finally {
    await home.cleanup();
  }
}

function mode(path: string): number {
  return (Deno.statSync(path).mode ?? 0) & 0o777;
}

/** A pid that no process has any more. */
async function deadPid(): Promise<number> {
  const child = new Deno.Command("true").spawn();
  await child.status;
  return child.pid;
}

/** A session row as a claim by (pid, pidStart) on this host; `instance` null: claimed, then left. */
async function addSession(
  home: DoctorHome,
  name: string,
  pid: number,
  pidStart: string | null,
  instance: string | null,
): Promise<void> {
  const claim = claimOf(name, { pid, pidStart, host: hostname(), instance: instance ?? crypto.randomUUID() });
  await readBus(home.ccDmHome, async (bus) => {
    await bus.claimSession(claim);
    if (instance === null) await bus.leaveSession(name, claim.instance);
  }, true);
}

/** A message to `to`, stored at `createdAt` (the engine's clock set back). */
async function addMail(home: DoctorHome, to: string, createdAt: number): Promise<void> {
  const bus = await new SqliteEngine(home.ccDmHome).open({
    mustExist: true,
    clock: { now: () => createdAt },
  });
  try {
    await bus.insertMessage(newMessage("cli:alice", to, "hello"));
  } finally {
    await bus.close();
  }
}

Deno.test("doctor: no bus yet warns and creates nothing", async () => {
  await withHome({ bus: false }, async (home) => {
    const run = await doctor(home);
    const file = check(run, "bus.file");
    assert.equal(file.status, "warn");
    assert.equal(
      file.message,
      `no bus yet at ${join(home.ccDmHome, "bus.db")}: no session has registered and nothing was sent`,
    );
    assert.ok(!run.json.checks.some((c) => c.id === "bus.integrity"));
    assert.equal(run.code, 0);
    await assert.rejects(Deno.stat(home.ccDmHome), Deno.errors.NotFound);
  });
});

Deno.test("doctor: a bus others can read fails; --fix tightens every path and says so", async () => {
  await withHome({}, async (home) => {
    const db = join(home.ccDmHome, "bus.db");
    // A session holding the bus open keeps its -wal and -shm files in place.
    const holder = new DatabaseSync(db);
    holder.exec("PRAGMA journal_mode = WAL");
    holder.prepare("UPDATE sessions SET role = '' WHERE name = 'nobody'").run();
    Deno.chmodSync(home.ccDmHome, 0o755);
    Deno.chmodSync(db, 0o644);
    Deno.chmodSync(db + "-wal", 0o666);
    try {
      let run = await doctor(home);
      const modes = check(run, "bus.modes");
      assert.equal(modes.status, "fail");
      assert.equal(
        modes.message,
        `other users can read the bus: ${home.ccDmHome} 755, ${db} 644, ${db}-wal 666 (want directory 700, files 600)`,
      );
      assert.equal(modes.hint, "cc-dm doctor --fix");
      assert.equal(run.code, 1);

      run = await doctor(home, ["--fix"]);
      // SQLite itself may reset the -wal's mode to the database file's when it opens it.
      assert.deepEqual(run.json.fixes.slice(0, 2), [
        `Tightened ${home.ccDmHome} from 755 to 700.`,
        `Tightened ${db} from 644 to 600.`,
      ]);
      assert.match(run.json.fixes[2], /^Tightened .*bus\.db-wal from 6[46]{2} to 600\.$/);
      assert.equal(run.json.fixes.length, 3);
      assert.equal(check(run, "bus.modes").status, "ok");
      assert.equal(run.code, 0);
      assert.equal(mode(home.ccDmHome), 0o700);
      assert.equal(mode(db), 0o600);
      assert.equal(mode(db + "-wal"), 0o600);

      const human = await doctor(home, ["--fix"], { human: true });
      assert.ok(!human.stdout.includes("Fixed:"), "nothing left to fix");
      assert.match(
        human.stdout,
        /^Nothing to fix: bus modes and session rows are in order\.\n\nClaude Code\n/,
      );
    } finally {
      holder.close();
    }
  });
});

Deno.test("doctor: loose file modes behind a private directory only warn", async () => {
  await withHome({}, async (home) => {
    Deno.chmodSync(join(home.ccDmHome, "bus.db"), 0o644);
    const run = await doctor(home);
    assert.equal(check(run, "bus.modes").status, "warn");
    assert.match(check(run, "bus.modes").message, /^looser than directory 700, files 600: /);
    assert.equal(run.code, 0);
  });
});

Deno.test("doctor: a corrupted bus file fails and is left alone", async () => {
  await withHome({ bus: false }, async (home) => {
    await Deno.mkdir(home.ccDmHome, { mode: 0o700 });
    const db = join(home.ccDmHome, "bus.db");
    const garbage = "this is not a database\n".repeat(200);
    await Deno.writeTextFile(db, garbage, { mode: 0o600 });
    const run = await doctor(home, ["--fix"]);
    const integrity = check(run, "bus.integrity");
    assert.equal(integrity.status, "fail");
    assert.equal(integrity.message, `${db} is damaged: file is not a database`);
    // Never "move bus.db away" alone: copy all three files, rescue, then move them together.
    assert.match(integrity.hint!, /cp -p .*bus\.db .*bus\.db-wal .*bus\.db-shm/);
    assert.match(integrity.hint!, /\.recover/);
    assert.ok(!run.json.checks.some((c) => c.id === "bus.sessions"));
    assert.equal(run.code, 1);
    assert.equal(await Deno.readTextFile(db), garbage);
  });
});

Deno.test("doctor: a cc-dm 1.x bus is reported as such and not moved", async () => {
  await withHome({ bus: false }, async (home) => {
    await Deno.mkdir(home.ccDmHome, { mode: 0o700 });
    const file = join(home.ccDmHome, "bus.db");
    const db = new DatabaseSync(file);
    db.exec(`CREATE TABLE sessions (id TEXT PRIMARY KEY, name TEXT);
      CREATE TABLE messages (id INTEGER PRIMARY KEY, body TEXT, delivered INTEGER)`);
    db.close();
    Deno.chmodSync(file, 0o600);
    const run = await doctor(home);
    const integrity = check(run, "bus.integrity");
    assert.equal(integrity.status, "warn");
    assert.equal(
      integrity.message,
      `${file} is a cc-dm 1.x bus: the next cc-dm 2 process moves it aside and starts a new one`,
    );
    // Inspected in place: not moved aside, no journal files left behind.
    assert.deepEqual([...Deno.readDirSync(home.ccDmHome)].map((e) => e.name), ["bus.db"]);
  });
});

Deno.test("doctor: a schema newer than this cc-dm fails", async () => {
  await withHome({}, async (home) => {
    execBus(home, "PRAGMA user_version = 99");
    const run = await doctor(home);
    assert.equal(check(run, "bus.schema").status, "fail");
    assert.equal(
      check(run, "bus.schema").message,
      `schema version 99 is newer than this cc-dm understands (${SCHEMA_VERSION})`,
    );
    assert.equal(run.code, 1);
  });
});

Deno.test("doctor: rows of dead sessions warn; --fix deletes them or keeps them offline with their mail", async () => {
  await withHome({}, async (home) => {
    const pid = await deadPid();
    await addSession(home, "live-one", Deno.pid, null, "i-live");
    await addSession(home, "ghost", pid, "1", "i-ghost");
    await addSession(home, "ghost-with-mail", pid, "1", "i-ghost2");
    await addSession(home, "away", 0, null, null);
    await addMail(home, "ghost-with-mail", Date.now() - 5 * 60_000);
    let run = await doctor(home);
    const sessions = check(run, "bus.sessions");
    assert.equal(sessions.status, "warn");
    assert.equal(
      sessions.message,
      "1 live session (live-one), 1 offline; 2 rows of sessions whose process is gone (ghost, ghost-with-mail)",
    );
    assert.equal(sessions.hint, "cc-dm doctor --fix");
    const queue = check(run, "bus.queue");
    assert.equal(queue.status, "ok");
    assert.equal(
      queue.message,
      "1 message waiting for ghost-with-mail (1); oldest 5 min old, for ghost-with-mail (offline: delivered when they return)",
    );
    assert.equal(run.code, 0);

    run = await doctor(home, ["--fix"]);
    assert.deepEqual(run.json.fixes, [
      "Removed 1 row of sessions whose process is gone (ghost).",
      "Marked 1 session whose process is gone as offline; their waiting mail is kept for when the name is taken again (ghost-with-mail).",
    ]);
    assert.equal(check(run, "bus.sessions").status, "ok");
    assert.equal(check(run, "bus.sessions").message, "1 live session (live-one), 2 offline");
    const rows = (await sessionRows(home.ccDmHome)).sort((a, b) => a.name.localeCompare(b.name));
    assert.deepEqual(rows.map((r) => ({ name: r.name, instance: r.instance })), [
      { name: "away", instance: null },
      { name: "ghost-with-mail", instance: null },
      { name: "live-one", instance: "i-live" },
    ]);
    assert.equal(await undelivered(home.ccDmHome), 1);
  });
});

Deno.test("doctor: mail waiting over a minute for a live session warns", async () => {
  await withHome({}, async (home) => {
    await addSession(home, "busy", Deno.pid, null, "i-busy");
    await addMail(home, "busy", Date.now() - 10 * 60_000);
    await addMail(home, "busy", Date.now() - 1000);
    const run = await doctor(home);
    const queue = check(run, "bus.queue");
    assert.equal(queue.status, "warn");
    assert.equal(
      queue.message,
      "2 messages waiting for busy (2); oldest 10 min old, for busy; live session busy not taking mail",
    );
  });
});

Deno.test("doctor: a CC_DM_BUS_URL no engine takes fails bus.file by name, password hidden, nothing crashes", async () => {
  await withHome({}, async (home) => {
    const run = await doctor(home, [], { extraEnv: { CC_DM_BUS_URL: "mysql://ann:s3cret@db/ccdm" } });
    const file = check(run, "bus.file");
    assert.equal(file.status, "fail");
    assert.match(file.message, /CC_DM_BUS_URL "mysql:\/\/ann:\*\*\*@db\/ccdm" names no bus engine/);
    assert.doesNotMatch(JSON.stringify(run.json), /s3cret/);
    assert.deepEqual(run.json.checks.filter((c) => /crashed/.test(c.message)), []);
    assert.equal(run.code, 1);
  });
});

Deno.test("doctor: the engine names itself (bus.engine) and the bus path says where it comes from", async () => {
  await withHome({}, async (home) => {
    const run = await doctor(home);
    assert.match(check(run, "bus.engine").message, /^SQLite \d+\.\d+\.\d+: one WAL database file$/);
    assert.equal(check(run, "cc_dm.bus_path").message, `${join(home.ccDmHome, "bus.db")} (from CC_DM_HOME)`);
  });
});
