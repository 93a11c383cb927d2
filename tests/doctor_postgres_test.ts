import assert from "node:assert/strict";
import postgres from "postgres";
import { inspectPostgres, isLoopback, type PgSchemaFacts } from "../lib/bus/postgres/doctor_checks.ts";
import type { EngineCheck } from "../lib/bus/engine.ts";
import { freshDatabase, withUser } from "./helpers/pg_server.ts";
import { denoDir, netnsLikely, startLab } from "./helpers/netns.ts";
import { startLabPostgres } from "./helpers/lab_postgres.ts";

// Doctor's PostgreSQL checks against real servers: the run's private one on 127.0.0.1 (loopback),
// and one in a network namespace across a veth link (plain text and TLS to a non-loopback host, a
// cut link). The schema facts are the test's own tables: the checks take them from the engine.

const FACTS = (schema: string): PgSchemaFacts => ({
  versionSql: `select version from ${schema}.meta`,
  expected: 3,
  grants: [{ table: `${schema}.mail`, privileges: ["SELECT", "INSERT", "UPDATE"] }],
  functions: [`${schema}.tidy(integer)`],
  rlsTables: [`${schema}.mail`],
});

function byId(checks: EngineCheck[]): Record<string, EngineCheck> {
  return Object.fromEntries(checks.map((c) => [c.id, c]));
}

function secretFree(checks: EngineCheck[], secret: string): void {
  const text = JSON.stringify(checks);
  assert.ok(!text.includes(secret), `a check printed the password: ${text}`);
}

async function admin(url: string, statements: string[]): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    for (const s of statements) await sql.unsafe(s);
  } finally {
    await sql.end();
  }
}

const ENV = { HOME: "/nonexistent" };

Deno.test("doctor (postgres): reachable as the member's role, version, loopback plain text, LISTEN, clock, round trip", async () => {
  const db = await freshDatabase({ roles: ["alice"] });
  try {
    await admin(db.adminUrl, [
      "create schema t",
      "create table t.meta (version int)",
      "insert into t.meta values (3)",
      "create table t.mail (id int)",
      "alter table t.mail enable row level security",
      `grant usage on schema t to "${db.roles.alice}"`,
      `grant select on t.meta to "${db.roles.alice}"`,
      `grant select, insert on t.mail to "${db.roles.alice}"`,
      `grant update (id) on t.mail to "${db.roles.alice}"`,
      "create function t.tidy(integer) returns integer language sql as 'select 1'",
      "revoke execute on function t.tidy(integer) from public",
      `grant execute on function t.tidy(integer) to "${db.roles.alice}"`,
    ]);
    const url = db.urlAs("alice");
    const password = decodeURIComponent(new URL(url).password);
    const checks = await inspectPostgres(url, ENV, FACTS("t"));
    secretFree(checks, password);
    const c = byId(checks);
    assert.deepEqual(
      checks.filter((x) => x.status !== "ok"),
      [],
      JSON.stringify(checks, null, 1),
    );
    assert.match(
      c["bus.reachable"].message,
      new RegExp(`as role ${db.roles.alice} \\(password from the URL`),
    );
    assert.match(c["bus.server"].message, /^PostgreSQL \d+/);
    assert.match(c["bus.tls"].message, /plain text, on this machine only/);
    assert.equal(c["bus.schema"].message, "schema version 3");
    assert.match(c["bus.grants"].message, /has every grant/);
    assert.match(c["bus.listen"].message, /^LISTEN\/NOTIFY works \(\d+\.\d ms\)$/);
    assert.match(c["bus.clock"].message, /^clock skew to the server [+-]\d\.\d{3} s/);
    assert.match(c["bus.latency"].message, /^one round trip \d+\.\d\d ms/);
    assert.equal(c["bus.rls"], undefined);
  } finally {
    await db.drop();
  }
});

Deno.test("doctor (postgres): missing schema, missing grants, RLS off, a superuser, a newer schema", async () => {
  const db = await freshDatabase({ roles: ["bob"] });
  try {
    const url = db.urlAs("bob");
    let c = byId(await inspectPostgres(url, ENV, FACTS("t")));
    assert.equal(c["bus.schema"].status, "fail");
    assert.match(c["bus.schema"].message, /no cc-dm schema in database/);
    assert.match(c["bus.schema"].hint ?? "", /cc-dm bus init/);
    assert.equal(c["bus.grants"], undefined, "no grant lines for tables that do not exist");

    await admin(db.adminUrl, [
      "create schema t",
      "create table t.meta (version int)",
      "insert into t.meta values (3)",
      "create table t.mail (id int)",
      `grant usage on schema t to "${db.roles.bob}"`,
      `grant select on t.meta, t.mail to "${db.roles.bob}"`,
      "create function t.tidy(integer) returns integer language sql as 'select 1'",
      "revoke execute on function t.tidy(integer) from public",
    ]);
    c = byId(await inspectPostgres(url, ENV, FACTS("t")));
    assert.equal(c["bus.grants"].status, "fail");
    assert.match(
      c["bus.grants"].message,
      new RegExp(
        `role ${db.roles.bob} lacks INSERT on t\\.mail, UPDATE on t\\.mail, EXECUTE on t\\.tidy\\(integer\\)$`,
      ),
    );
    assert.equal(c["bus.rls"].status, "warn");
    assert.match(c["bus.rls"].message, /row-level security is off on t\.mail/);

    await admin(db.adminUrl, ["update t.meta set version = 4"]);
    c = byId(await inspectPostgres(db.adminUrl, ENV, FACTS("t")));
    assert.equal(c["bus.schema"].status, "fail");
    assert.match(c["bus.schema"].message, /schema version 4 is newer than this cc-dm's \(3\)/);
    assert.equal(c["bus.role"].status, "warn");
    assert.match(c["bus.role"].message, /is a superuser: the server cannot keep other members' mail from it/);
  } finally {
    await db.drop();
  }
});

Deno.test("doctor (postgres): a wrong password, a closed port and a missing database fail clearly, password unprinted", async () => {
  const db = await freshDatabase({ roles: ["carol"] });
  try {
    const good = new URL(db.urlAs("carol"));
    const wrong = withUser(good.toString(), db.roles.carol, "not-the-Password-9");
    let checks = await inspectPostgres(wrong, ENV, FACTS("t"));
    secretFree(checks, "not-the-Password-9");
    assert.equal(checks.length, 1);
    assert.equal(checks[0].id, "bus.reachable");
    assert.equal(checks[0].status, "fail");
    assert.match(
      checks[0].message,
      new RegExp(`refused the password of role ${db.roles.carol} \\(password from the URL\\)`),
    );
    assert.match(checks[0].message, /^cannot reach postgres:\/\/[^:]+@127\.0\.0\.1:\d+\//);

    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const closedPort = (listener.addr as Deno.NetAddr).port;
    listener.close();
    checks = await inspectPostgres(`postgres://x:pw@127.0.0.1:${closedPort}/db`, ENV, FACTS("t"));
    assert.match(checks[0].message, new RegExp(`127\\.0\\.0\\.1:${closedPort} refused the connection`));
    assert.match(checks[0].hint ?? "", /listen_addresses/);

    const noDb = new URL(good);
    noDb.pathname = "/no_such_db_here";
    checks = await inspectPostgres(noDb.toString(), ENV, FACTS("t"));
    assert.match(checks[0].message, /database no_such_db_here does not exist/);

    checks = await inspectPostgres("postgres://u:pw@h/d?sslmod=x", ENV, FACTS("t"));
    assert.equal(checks[0].id, "bus.url");
    assert.match(checks[0].message, /unknown parameter "sslmod"/);
  } finally {
    await db.drop();
  }
});

Deno.test("doctor (postgres): the password from ~/.pgpass is named; a password file others can read warns", async () => {
  const db = await freshDatabase({ roles: ["erin"] });
  const home = await Deno.makeTempDir();
  try {
    const url = new URL(db.urlAs("erin"));
    const password = decodeURIComponent(url.password);
    url.password = "";
    const file = `${home}/.pgpass`;
    await Deno.writeTextFile(file, `${url.hostname}:${url.port}:${db.name}:${db.roles.erin}:${password}\n`);
    await Deno.chmod(file, 0o600);
    let checks = await inspectPostgres(url.toString(), { HOME: home }, FACTS("t"));
    secretFree(checks, password);
    assert.match(byId(checks)["bus.reachable"].message, new RegExp(`password from ${file}`));
    await Deno.chmod(file, 0o644);
    checks = await inspectPostgres(url.toString(), { HOME: home }, FACTS("t"));
    const c = byId(checks);
    assert.equal(c["bus.passfile"].status, "warn");
    assert.match(c["bus.passfile"].message, /is ignored: others can read it/);
    assert.equal(c["bus.passfile"].hint, `chmod 600 ${file}`);
    assert.equal(c["bus.reachable"].status, "fail");
  } finally {
    await Deno.remove(home, { recursive: true });
    await db.drop();
  }
});

/**
 * A TCP proxy that passes the PostgreSQL protocol through but drops every NotificationResponse
 * ('A') from the server: what a session sees behind a transaction-mode pooler.
 */
function notifyEatingProxy(target: { hostname: string; port: number }): { port: number; close(): void } {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns: Deno.Conn[] = [];
  (async () => {
    for await (const client of listener) {
      conns.push(client);
      const server = await Deno.connect(target);
      conns.push(server);
      client.readable.pipeTo(server.writable).catch(() => {});
      (async () => {
        let buffer = new Uint8Array(0);
        const writer = client.writable.getWriter();
        try {
          for await (const chunk of server.readable) {
            const joined = new Uint8Array(buffer.length + chunk.length);
            joined.set(buffer);
            joined.set(chunk, buffer.length);
            buffer = joined;
            const out: Uint8Array[] = [];
            while (buffer.length >= 5) {
              const length = new DataView(buffer.buffer, buffer.byteOffset + 1, 4).getUint32(0);
              if (buffer.length < length + 1) break;
              const message = buffer.slice(0, length + 1);
              buffer = buffer.slice(length + 1);
              if (message[0] !== 0x41) out.push(message);
            }
            for (const m of out) await writer.write(m);
          }
        } catch { /* closed */ }
        await writer.close().catch(() => {});
      })();
    }
  })().catch(() => {});
  return {
    port: (listener.addr as Deno.NetAddr).port,
    close: () => {
      listener.close();
      for (const c of conns) {
        try {
          c.close();
        } catch { /* closed */ }
      }
    },
  };
}

Deno.test("doctor (postgres): LISTEN that never hears its NOTIFY (a pooler in between) fails with the reason", async () => {
  const db = await freshDatabase({ roles: ["dave"] });
  const url = new URL(db.urlAs("dave"));
  const proxy = notifyEatingProxy({ hostname: url.hostname, port: Number(url.port) });
  try {
    url.port = String(proxy.port);
    url.searchParams.set("sslmode", "disable");
    const started = performance.now();
    const c = byId(await inspectPostgres(url.toString(), ENV, FACTS("t"), { stepTimeoutMs: 1500 }));
    assert.equal(c["bus.reachable"].status, "ok");
    assert.equal(c["bus.listen"].status, "fail");
    assert.match(c["bus.listen"].message, /LISTEN heard nothing within 1\.5 s of a NOTIFY/);
    assert.match(c["bus.listen"].hint ?? "", /transaction-mode pooler \(PgBouncer\)/);
    assert.ok(performance.now() - started < 15_000);
  } finally {
    proxy.close();
    await db.drop();
  }
});

Deno.test("doctor (postgres): loopback means the socket, localhost, 127/8 and ::1 only", () => {
  assert.equal(isLoopback({ host: ["127.0.0.1"] }), true);
  assert.equal(isLoopback({ host: ["localhost", "::1"] }), true);
  assert.equal(
    isLoopback({ host: ["/var/run/postgresql"], path: "/var/run/postgresql/.s.PGSQL.5432" }),
    true,
  );
  assert.equal(isLoopback({ host: ["10.0.0.5"] }), false);
  assert.equal(isLoopback({ host: ["localhost", "db.example.com"] }), false);
});

Deno.test({
  name:
    "doctor (postgres) across a link: plain text warns, TLS is shown, a cut link fails within the step bound",
  ignore: !netnsLikely(),
  fn: async () => {
    const lab = await startLab(["b"]);
    const plain = await startLabPostgres(lab.a, { port: 5432 });
    const tls = await startLabPostgres(lab.a, { port: 5433, tls: true });
    try {
      for (const server of [plain, tls]) {
        await server.createRole("alice");
        await server.createDatabase("team", "alice");
      }
      // The checks run on machine B, the way a member's doctor would.
      const script = new URL("./helpers/doctor_probe_main.ts", import.meta.url).pathname;
      const probe = async (url: string, stepMs = 5000) => {
        const out = await new Deno.Command(lab.machines.b.prefix[0], {
          args: [
            ...lab.machines.b.prefix.slice(1),
            Deno.execPath(),
            "run",
            "-A",
            "--quiet",
            script,
            url,
            String(stepMs),
          ],
          env: { HOME: "/nonexistent", DENO_DIR: denoDir() },
          stdout: "piped",
          stderr: "piped",
        }).output();
        const text = new TextDecoder().decode(out.stdout);
        assert.ok(out.success, new TextDecoder().decode(out.stderr));
        return byId(JSON.parse(text) as EngineCheck[]);
      };
      let c = await probe(plain.url("alice", "team"));
      assert.equal(c["bus.tls"].status, "warn");
      assert.match(
        c["bus.tls"].message,
        /plain text to 10\.77\.0\.1: every message crosses the network readable/,
      );
      assert.match(c["bus.tls"].hint ?? "", /sslmode=verify-full/);
      assert.equal(c["bus.listen"].status, "ok");

      c = await probe(tls.url("alice", "team", "sslmode=require"));
      assert.equal(c["bus.tls"].status, "ok");
      assert.match(
        c["bus.tls"].message,
        /^TLS TLSv1\.[23] \(.+\); certificate not checked \(sslmode=require\)$/,
      );

      await lab.cut("b");
      const started = performance.now();
      c = await probe(plain.url("alice", "team"), 1500);
      const took = performance.now() - started;
      assert.equal(c["bus.reachable"].status, "fail");
      assert.match(c["bus.reachable"].message, /no answer from 10\.77\.0\.1:5432/);
      assert.ok(took < 15_000, `doctor took ${took} ms on a cut link`);
    } finally {
      await plain.stop();
      await tls.stop();
      await lab.cleanup();
    }
  },
});
