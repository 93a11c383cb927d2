import assert from "node:assert/strict";
import { join } from "node:path";
import {
  parsePgUrl,
  passwordFromFile,
  pgConnectOptions,
  pgLocation,
  redactedUrl,
} from "../lib/bus/postgres/connection_options.ts";
import { CcDmError } from "../lib/errors.ts";

const HOME = { HOME: "/nonexistent-home" };

Deno.test("a full URL gives every value, the password marked as from the URL", () => {
  const o = pgConnectOptions("postgres://alice:p%40ss@db.example.com:6543/team?application_name=me", HOME);
  assert.deepEqual(o.host, ["db.example.com"]);
  assert.deepEqual(o.port, [6543]);
  assert.equal(o.user, "alice");
  assert.equal(o.pass, "p@ss");
  assert.equal(o.passwordSource, "url");
  assert.equal(o.database, "team");
  assert.equal(o.connection.application_name, "me");
  assert.equal(o.sslmode, "prefer");
  assert.equal(o.ssl, "prefer");
  assert.equal(pgLocation(o), "postgres://alice@db.example.com:6543/team");
});

Deno.test("what the URL leaves out comes from PG* of the given environment, then libpq's defaults", () => {
  const env = {
    ...HOME,
    PGHOST: "pg.internal",
    PGPORT: "5433",
    PGUSER: "bob",
    PGDATABASE: "ccdm",
    PGPASSWORD: "from-env",
    PGSSLMODE: "require",
    PGAPPNAME: "ci",
    PGCONNECT_TIMEOUT: "3",
  };
  const o = pgConnectOptions("postgresql://", env);
  assert.deepEqual([o.host, o.port, o.user, o.database], [["pg.internal"], [5433], "bob", "ccdm"]);
  assert.equal(o.pass, "from-env");
  assert.equal(o.passwordSource, "PGPASSWORD");
  assert.equal(o.ssl, "require");
  assert.equal(o.connect_timeout, 3);
  assert.equal(o.connection.application_name, "ci");
  // The URL wins over the variables.
  const u = pgConnectOptions("postgres://carol@other:1/db2?sslmode=disable", env);
  assert.deepEqual([u.host, u.port, u.user, u.database, u.ssl], [["other"], [1], "carol", "db2", false]);
  // Nothing at all: the login name, a database of the same name, port 5432.
  const bare = pgConnectOptions("postgres://h", { ...HOME, USER: "dave" });
  assert.deepEqual([bare.user, bare.database, bare.port, bare.pass], ["dave", "dave", [5432], ""]);
  assert.equal(bare.passwordSource, "none");
});

Deno.test("the password file: first matching line, * and escapes; a file others can read is ignored", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, ".pgpass");
    await Deno.writeTextFile(
      file,
      [
        "# comment",
        "other.host:5432:*:alice:wrong",
        "db.example.com:5432:team:alice:a\\:b\\\\c:d",
        "*:*:*:*:fallback",
      ].join("\n"),
      { mode: 0o600 },
    );
    await Deno.chmod(file, 0o600);
    const o = pgConnectOptions("postgres://alice@db.example.com/team", { HOME: dir });
    assert.equal(o.pass, "a:b\\c:d");
    assert.equal(o.passwordSource, "passfile");
    assert.equal(o.passfile, file);
    assert.equal(
      passwordFromFile(file, { host: "x", port: "1", database: "y", user: "z" }),
      "fallback",
    );
    // PGPASSFILE names another file; PGPASSWORD beats the file.
    assert.equal(
      pgConnectOptions("postgres://alice@db.example.com/team", { HOME: "/none", PGPASSFILE: file }).pass,
      "a:b\\c:d",
    );
    assert.equal(
      pgConnectOptions("postgres://alice@db.example.com/team", { HOME: dir, PGPASSWORD: "env" })
        .passwordSource,
      "PGPASSWORD",
    );
    await Deno.chmod(file, 0o644);
    const open = pgConnectOptions("postgres://alice@db.example.com/team", { HOME: dir });
    assert.equal(open.passwordSource, "none");
    assert.equal(open.pass, "");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("libpq URL forms: several hosts, [v6], socket directories, options -c", () => {
  const multi = pgConnectOptions("postgres://u@h1:1,h2,[::1]:3/db?target_session_attrs=read-write", HOME);
  assert.deepEqual(multi.host, ["h1", "h2", "::1"]);
  assert.deepEqual(multi.port, [1, 5432, 3]);
  assert.equal(multi.target_session_attrs, "read-write");
  assert.equal(pgLocation(multi), "postgres://u@h1:1,h2:5432,[::1]:3/db");

  for (const url of ["postgres:///team?host=/run/pg&user=u", "postgres://u@%2Frun%2Fpg/team"]) {
    const socket = pgConnectOptions(url, HOME);
    assert.deepEqual(socket.host, ["/run/pg"]);
    assert.equal(socket.path, "/run/pg/.s.PGSQL.5432");
    assert.equal(socket.ssl, false, "no TLS over a socket");
  }
  const opts = pgConnectOptions(
    "postgres://u@h/db?options=-c%20statement_timeout%3D5s%20-csearch_path%3Dx",
    HOME,
  );
  assert.equal(opts.connection.statement_timeout, "5s");
  assert.equal(opts.connection.search_path, "x");
  assert.deepEqual(parsePgUrl("postgres://u:@h/d").password, "");
});

Deno.test("TLS modes map to the driver's: verify-full checks the name, verify-ca only the chain", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const ca = join(dir, "root.crt");
    await Deno.writeTextFile(ca, "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n");
    const full = pgConnectOptions(`postgres://u@h/d?sslmode=verify-full&sslrootcert=${ca}`, HOME);
    assert.equal(typeof full.ssl, "object");
    assert.match((full.ssl as { ca: string }).ca, /BEGIN CERTIFICATE/);
    assert.equal((full.ssl as { checkServerIdentity?: unknown }).checkServerIdentity, undefined);
    const chain = pgConnectOptions(`postgres://u@h/d?sslmode=verify-ca&sslrootcert=${ca}`, HOME);
    assert.equal(typeof (chain.ssl as { checkServerIdentity?: unknown }).checkServerIdentity, "function");
    // ~/.postgresql/root.crt is libpq's default root certificate.
    await Deno.mkdir(join(dir, ".postgresql"));
    await Deno.copyFile(ca, join(dir, ".postgresql", "root.crt"));
    assert.match(
      (pgConnectOptions("postgres://u@h/d?sslmode=verify-full", { HOME: dir }).ssl as { ca: string }).ca,
      /BEGIN/,
    );
    assert.equal(pgConnectOptions("postgres://u@h/d?sslmode=disable", HOME).ssl, false);
    assert.throws(
      () =>
        pgConnectOptions(
          `postgres://u:pw@h/d?sslmode=verify-full&sslrootcert=${join(dir, "none.crt")}`,
          HOME,
        ),
      /cannot read its sslrootcert/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a bad URL is one clear error that names it without its password", () => {
  const cases: [string, RegExp][] = [
    ["postgres://alice:s3cret@h/db?sslmod=require", /unknown parameter "sslmod"/],
    ["postgres://alice:s3cret@h:99999/db", /port "99999" is not a port/],
    ["postgres://alice:s3cret@h/db?sslmode=sometimes", /sslmode "sometimes" is not one of/],
    ["postgres://alice:s3cret@h/db?connect_timeout=soon", /connect_timeout "soon"/],
    ["mysql://alice:s3cret@h/db", /not a postgres:\/\/ or postgresql:\/\/ URL/],
  ];
  for (const [url, reason] of cases) {
    assert.throws(() => pgConnectOptions(url, HOME), (err: unknown) => {
      assert.ok(err instanceof CcDmError);
      assert.match(err.message, reason);
      assert.doesNotMatch(err.message, /s3cret/);
      assert.match(err.message, /alice:\*\*\*@h/);
      return true;
    });
  }
  assert.equal(redactedUrl("postgres://u:pw@h/d?password=x&a=b"), "postgres://u:***@h/d?password=***&a=b");
  assert.equal(redactedUrl("postgres://u@h/d"), "postgres://u@h/d");
});
