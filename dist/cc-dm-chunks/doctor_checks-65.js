import {
  src_default
} from "./chunk-68.js";
import {
  driverOptions,
  passfileTooOpen,
  pgConnectOptions,
  pgLocation
} from "./chunk-45.js";
import "./chunk-07.js";

// lib/bus/postgres/doctor_checks.ts
var SUPPORTED_VERSION = 14e4;
var MINIMUM_VERSION = 13e4;
var SLOW_ROUND_TRIP_MS = 50;
var COLUMN_PRIVILEGES = /* @__PURE__ */ new Set([
  "SELECT",
  "INSERT",
  "UPDATE",
  "REFERENCES"
]);
var StepTimeout = class extends Error {
};
function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new StepTimeout(`${what}: no answer within ${ms / 1e3} s`)), ms);
  });
  return Promise.race([
    promise,
    timeout
  ]).finally(() => clearTimeout(timer));
}
function isLoopback(options) {
  if (options.path) return true;
  return options.host.every((h) => h.startsWith("/") || h === "localhost" || /^127\./.test(h) || h === "::1");
}
function describeConnectError(err, options, location) {
  const e = err;
  const code = e?.code ?? "";
  const text = (e?.message ?? String(err)).replaceAll(options.pass || "\0", "***");
  const where = `${options.host.join(",")}:${options.port.join(",")}`;
  const passwordFrom = {
    url: "the URL",
    PGPASSWORD: "PGPASSWORD",
    passfile: options.passfile ?? "~/.pgpass",
    none: "none found (URL, PGPASSWORD, ~/.pgpass)"
  }[options.passwordSource];
  const cannot = `cannot reach ${location}`;
  if (err instanceof StepTimeout || code === "CONNECT_TIMEOUT") {
    return {
      message: `${cannot}: no answer from ${where} (${text})`,
      hint: "Check the network path to the server (VPN, firewall, security group) and that it runs."
    };
  }
  if (code === "ECONNREFUSED") {
    return {
      message: `${cannot}: ${where} refused the connection`,
      hint: "Is PostgreSQL running there and listening on that address and port (listen_addresses, port)?"
    };
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || /failed to lookup/i.test(text)) {
    return {
      message: `${cannot}: host ${options.host.join(",")} not found`,
      hint: "Check the host name in the bus URL."
    };
  }
  if (code === "28P01") {
    return {
      message: `${cannot}: the server refused the password of role ${options.user} (password from ${passwordFrom})`,
      hint: "Check the password (URL, PGPASSWORD or ~/.pgpass, mode 0600) with the server's admin."
    };
  }
  if (code === "28000") {
    return {
      message: `${cannot}: ${text}`,
      hint: "The server does not let this host, role or database in (pg_hba.conf): ask its admin, or try sslmode=require."
    };
  }
  if (code === "3D000") {
    return {
      message: `${cannot}: database ${options.database} does not exist`,
      hint: "Create it and the schema: cc-dm bus init URL (docs/team.md)."
    };
  }
  if (code === "53300") {
    return {
      message: `${cannot}: the server has no connection slots left`,
      hint: "Raise max_connections or close idle clients."
    };
  }
  return {
    message: `${cannot}: ${text}${code ? ` (${code})` : ""}`,
    hint: "Run `cc-dm doctor` again; see docs/team.md."
  };
}
async function inspectPostgres(url, env, facts, inspect = {}) {
  const stepMs = inspect.stepTimeoutMs ?? 5e3;
  const skewWarnMs = inspect.skewWarnMs ?? 5e3;
  let options;
  try {
    options = pgConnectOptions(url, env);
  } catch (err) {
    return [
      {
        id: "bus.url",
        status: "fail",
        message: err instanceof Error ? err.message : String(err),
        hint: err.hint ?? "See docs/team.md for the URL form."
      }
    ];
  }
  const location = pgLocation(options);
  const checks = [];
  if (options.passwordSource === "none" && options.passfile && passfileTooOpen(options.passfile)) {
    checks.push({
      id: "bus.passfile",
      status: "warn",
      message: `${options.passfile} is ignored: others can read it (libpq's rule, kept here)`,
      hint: `chmod 600 ${options.passfile}`
    });
  }
  const sql = src_default({
    ...driverOptions(options),
    max: 1,
    connect_timeout: Math.max(1, Math.min(options.connect_timeout, Math.ceil(stepMs / 1e3))),
    idle_timeout: 1,
    onnotice: () => {
    },
    // Doctor reports one attempt; the engine is the one that retries.
    backoff: () => 0
  });
  const query = (text, what) => within(sql.unsafe(text), stepMs, what);
  try {
    let role;
    let started = performance.now();
    try {
      const [row] = await query("select current_user as user, rolsuper as superuser, rolbypassrls as bypassrls from pg_roles where rolname = current_user", "connect");
      role = row;
    } catch (err) {
      const { message, hint } = describeConnectError(err, options, location);
      checks.push({
        id: "bus.reachable",
        status: "fail",
        message,
        hint
      });
      return checks;
    }
    const connectMs = performance.now() - started;
    const from = {
      url: "from the URL",
      PGPASSWORD: "from PGPASSWORD",
      passfile: `from ${options.passfile}`,
      none: "none"
    }[options.passwordSource];
    checks.push({
      id: "bus.reachable",
      status: "ok",
      message: `reachable: ${location} as role ${role.user} (password ${from}; connected in ${connectMs.toFixed(0)} ms)`
    });
    if (role.superuser || role.bypassrls) {
      checks.push({
        id: "bus.role",
        status: "warn",
        message: `role ${role.user} is ${role.superuser ? "a superuser" : "allowed to bypass row-level security"}: the server cannot keep other members' mail from it`,
        hint: "Give each member their own ordinary role (docs/team.md: adding a member)."
      });
    }
    const steps = [
      [
        "bus.server",
        async () => {
          const [v] = await query("select current_setting('server_version_num') as num, current_setting('server_version') as text", "server version");
          const num = Number(v.num);
          if (num < MINIMUM_VERSION) {
            return {
              id: "bus.server",
              status: "fail",
              message: `PostgreSQL ${v.text}: too old for cc-dm (needs 13 or later)`,
              hint: "Upgrade the server."
            };
          }
          return num < SUPPORTED_VERSION ? {
            id: "bus.server",
            status: "warn",
            message: `PostgreSQL ${v.text}: works, but no longer supported upstream`,
            hint: "Plan an upgrade (https://www.postgresql.org/support/versioning/)."
          } : {
            id: "bus.server",
            status: "ok",
            message: `PostgreSQL ${v.text}`
          };
        }
      ],
      [
        "bus.tls",
        async () => {
          const [s] = await query("select ssl, version, cipher from pg_stat_ssl where pid = pg_backend_pid()", "TLS state");
          const loopback = isLoopback(options);
          if (s?.ssl) {
            const checked = options.sslmode === "verify-full" ? "certificate and name checked" : options.sslmode === "verify-ca" ? "certificate checked, not the name" : `certificate not checked (sslmode=${options.sslmode})`;
            return {
              id: "bus.tls",
              status: "ok",
              message: `TLS ${s.version} (${s.cipher}); ${checked}`
            };
          }
          if (loopback) {
            return {
              id: "bus.tls",
              status: "ok",
              message: "plain text, on this machine only (loopback)"
            };
          }
          return {
            id: "bus.tls",
            status: "warn",
            message: `plain text to ${options.host.join(",")}: every message crosses the network readable`,
            hint: "Turn TLS on at the server (ssl = on) and add ?sslmode=verify-full (or require) to the bus URL."
          };
        }
      ],
      [
        "bus.schema",
        async () => {
          let version = null;
          try {
            const [row] = await query(facts.versionSql, "schema version");
            version = row ? Number(row.version) : null;
          } catch (err) {
            if (err.code !== "42P01" && err.code !== "3F000") {
              throw err;
            }
          }
          if (version === null) {
            return {
              id: "bus.schema",
              status: "fail",
              message: `no cc-dm schema in database ${options.database}`,
              hint: "Create it once per team: cc-dm bus init URL (as the database's owner; docs/team.md)."
            };
          }
          if (version > facts.expected) {
            return {
              id: "bus.schema",
              status: "fail",
              message: `schema version ${version} is newer than this cc-dm's (${facts.expected})`,
              hint: "Upgrade cc-dm on this machine: the team's bus was migrated by a newer one."
            };
          }
          if (version < facts.expected) {
            return {
              id: "bus.schema",
              status: "warn",
              message: `schema version ${version}; this cc-dm expects ${facts.expected}`,
              hint: "Migrate it: cc-dm bus init URL (as the database's owner)."
            };
          }
          return {
            id: "bus.schema",
            status: "ok",
            message: `schema version ${version}`
          };
        }
      ],
      [
        "bus.grants",
        async () => {
          const missing = [];
          for (const { table, privileges } of facts.grants) {
            for (const privilege of privileges) {
              const [row] = await query(`select case when to_regclass(${literal(table)}) is null then null else ${COLUMN_PRIVILEGES.has(privilege) ? "has_any_column_privilege" : "has_table_privilege"}(${literal(table)}, ${literal(privilege)}) end as ok`, "grants");
              if (row?.ok === null) return [];
              if (!row?.ok) missing.push(`${privilege} on ${table}`);
            }
          }
          for (const fn of facts.functions ?? []) {
            const [row] = await query(`select case when to_regprocedure(${literal(fn)}) is null then null else has_function_privilege(${literal(fn)}, 'EXECUTE') end as ok`, "grants");
            if (row?.ok === false) missing.push(`EXECUTE on ${fn}`);
          }
          const lines = [];
          if (missing.length) {
            lines.push({
              id: "bus.grants",
              status: "fail",
              message: `role ${role.user} lacks ${missing.join(", ")}`,
              hint: "Ask the bus's owner to grant them: cc-dm bus init prints the GRANT lines for a member (docs/team.md)."
            });
          } else if (facts.grants.length) {
            lines.push({
              id: "bus.grants",
              status: "ok",
              message: `role ${role.user} has every grant cc-dm needs`
            });
          }
          for (const table of facts.rlsTables ?? []) {
            const [row] = await query(`select relrowsecurity as rls from pg_class where oid = to_regclass(${literal(table)})`, "row-level security");
            if (row && row.rls === false) {
              lines.push({
                id: "bus.rls",
                status: "warn",
                message: `row-level security is off on ${table}: every member can read everyone's direct mail`,
                hint: "Run cc-dm bus init URL again as the owner (it turns it on)."
              });
            }
          }
          return lines;
        }
      ],
      [
        "bus.listen",
        async () => {
          const pids = /* @__PURE__ */ new Set();
          for (let i = 0; i < 3; i++) {
            const [row] = await query("select pg_backend_pid() as pid", "backend pid");
            pids.add(Number(row.pid));
          }
          if (pids.size > 1) {
            return {
              id: "bus.listen",
              status: "fail",
              message: `statements on one connection ran on ${pids.size} server backends: a transaction-mode pooler (PgBouncer?) sits in between, and LISTEN does not work through it`,
              hint: "Point CC_DM_BUS_URL at the server itself, or at a session-mode pool (pool_mode = session)."
            };
          }
          const channel = `cc_dm_doctor_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
          let arrived = () => {
          };
          const heard = new Promise((resolve) => arrived = resolve);
          let sent = 0;
          const listening = await within(sql.listen(channel, () => arrived(performance.now() - sent)), stepMs, "LISTEN");
          try {
            sent = performance.now();
            await within(sql.notify(channel, "ping"), stepMs, "NOTIFY");
            const ms = await within(heard, stepMs, "notification").catch(() => null);
            if (ms === null) {
              return {
                id: "bus.listen",
                status: "fail",
                message: `LISTEN heard nothing within ${stepMs / 1e3} s of a NOTIFY: sessions would not be woken`,
                hint: "A transaction-mode pooler (PgBouncer) in between? Use the server itself or a session-mode pool."
              };
            }
            return {
              id: "bus.listen",
              status: "ok",
              message: `LISTEN/NOTIFY works (${ms.toFixed(1)} ms)`
            };
          } finally {
            await within(listening.unlisten(), stepMs, "UNLISTEN").catch(() => {
            });
          }
        }
      ],
      [
        "bus.clock",
        async () => {
          const before = Date.now();
          const [row] = await query("select (extract(epoch from clock_timestamp()) * 1000)::float8 as ms", "server clock");
          const after = Date.now();
          const skew = Number(row.ms) - (before + after) / 2;
          const shown = `${skew >= 0 ? "+" : "-"}${(Math.abs(skew) / 1e3).toFixed(3)} s`;
          return Math.abs(skew) > skewWarnMs ? {
            id: "bus.clock",
            status: "warn",
            message: `this machine's clock is ${shown} off the server's: cc-dm stamps with the server's, so ages shown here are off by that much`,
            hint: "Sync this machine's clock (NTP: timedatectl set-ntp true)."
          } : {
            id: "bus.clock",
            status: "ok",
            message: `clock skew to the server ${shown} (\xB1${((after - before) / 2).toFixed(0)} ms)`
          };
        }
      ],
      [
        "bus.latency",
        async () => {
          const times = [];
          for (let i = 0; i < 5; i++) {
            started = performance.now();
            await query("select 1", "round trip");
            times.push(performance.now() - started);
          }
          times.sort((a, b) => a - b);
          const median = times[2];
          return median > SLOW_ROUND_TRIP_MS ? {
            id: "bus.latency",
            status: "warn",
            message: `one round trip takes ${median.toFixed(1)} ms: each message costs a few, so delivery will feel slow`,
            hint: "Use a server closer to the team (same region), or check the network."
          } : {
            id: "bus.latency",
            status: "ok",
            message: `one round trip ${median.toFixed(2)} ms (median of 5)`
          };
        }
      ]
    ];
    for (const [id, step] of steps) {
      try {
        const found = await step();
        checks.push(...Array.isArray(found) ? found : [
          found
        ]);
      } catch (err) {
        const { message, hint } = describeConnectError(err, options, location);
        checks.push({
          id,
          status: "fail",
          message: message.replace(/^cannot reach [^:]+: /, ""),
          hint
        });
        if (err instanceof StepTimeout) break;
      }
    }
    return checks;
  } finally {
    await within(sql.end({
      timeout: 1
    }), 2e3, "close").catch(() => {
    });
  }
}
function literal(text) {
  return `'${text.replaceAll("'", "''")}'`;
}
export {
  describeConnectError,
  inspectPostgres,
  isLoopback
};
