import postgres from "postgres";
import type { EngineCheck } from "../engine.ts";
import type { Env } from "../../paths.ts";
import {
  driverOptions,
  passfileTooOpen,
  type PgConnectOptions,
  pgConnectOptions,
  pgLocation,
} from "./connection_options.ts";

// Doctor's look at a PostgreSQL bus: can this machine reach it, as whom, how safely, how fast,
// and is the database ready for cc-dm (schema, grants, LISTEN through whatever sits between).
// One private connection (max 1: a transaction pooler then shows as a backend that changes
// between statements), every step bounded in time, nothing created or changed, and no line ever
// carries the password.

/** What the engine knows about its own schema, for the schema and grant checks. */
export interface PgSchemaFacts {
  /** SQL giving one row with a numeric `version` column (throws 42P01 when the schema is missing). */
  versionSql: string;
  /** The schema version this cc-dm writes. */
  expected: number;
  /** Privileges a member's role needs, per table (e.g. `cc_dm.messages`: SELECT, INSERT, UPDATE). */
  grants: { table: string; privileges: string[] }[];
  /** Functions a member must be able to run, with their argument types (`cc_dm.prune(bigint)`). */
  functions?: string[];
  /** Tables whose row-level security keeps one member's mail from another (warn when off). */
  rlsTables?: string[];
}

export interface InspectOptions {
  /** Bound on each step (connect, each query, the LISTEN round trip); default 5 s. */
  stepTimeoutMs?: number;
  /** Clock skew above this warns; default 5 s. */
  skewWarnMs?: number;
}

/** Oldest server version the checks accept without a warning (and below which they fail). */
const SUPPORTED_VERSION = 140000;
const MINIMUM_VERSION = 130000;
const SLOW_ROUND_TRIP_MS = 50;

/** Privileges that can be granted per column (then has_table_privilege says no). */
const COLUMN_PRIVILEGES = new Set(["SELECT", "INSERT", "UPDATE", "REFERENCES"]);

class StepTimeout extends Error {}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepTimeout(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Whether connections to these options stay on this machine (socket, localhost, 127/8, ::1). */
export function isLoopback(options: Pick<PgConnectOptions, "host" | "path">): boolean {
  if (options.path) return true;
  return options.host.every((h) => h.startsWith("/") || h === "localhost" || /^127\./.test(h) || h === "::1");
}

/** A connection failure in words, with what to check (never the password). */
export function describeConnectError(
  err: unknown,
  options: PgConnectOptions,
  location: string,
): { message: string; hint: string } {
  const e = err as { code?: string; message?: string };
  const code = e?.code ?? "";
  const text = (e?.message ?? String(err)).replaceAll(options.pass || "\u0000", "***");
  const where = `${options.host.join(",")}:${options.port.join(",")}`;
  const passwordFrom = {
    url: "the URL",
    PGPASSWORD: "PGPASSWORD",
    passfile: options.passfile ?? "~/.pgpass",
    none: "none found (URL, PGPASSWORD, ~/.pgpass)",
  }[options.passwordSource];
  const cannot = `cannot reach ${location}`;
  if (err instanceof StepTimeout || code === "CONNECT_TIMEOUT") {
    return {
      message: `${cannot}: no answer from ${where} (${text})`,
      hint: "Check the network path to the server (VPN, firewall, security group) and that it runs.",
    };
  }
  if (code === "ECONNREFUSED") {
    return {
      message: `${cannot}: ${where} refused the connection`,
      hint: "Is PostgreSQL running there and listening on that address and port (listen_addresses, port)?",
    };
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || /failed to lookup/i.test(text)) {
    return {
      message: `${cannot}: host ${options.host.join(",")} not found`,
      hint: "Check the host name in the bus URL.",
    };
  }
  if (code === "28P01") {
    return {
      message:
        `${cannot}: the server refused the password of role ${options.user} (password from ${passwordFrom})`,
      hint: "Check the password (URL, PGPASSWORD or ~/.pgpass, mode 0600) with the server's admin.",
    };
  }
  if (code === "28000") {
    return {
      message: `${cannot}: ${text}`,
      hint:
        "The server does not let this host, role or database in (pg_hba.conf): ask its admin, or try sslmode=require.",
    };
  }
  if (code === "3D000") {
    return {
      message: `${cannot}: database ${options.database} does not exist`,
      hint: "Create it and the schema: cc-dm bus init URL (docs/team.md).",
    };
  }
  if (code === "53300") {
    return {
      message: `${cannot}: the server has no connection slots left`,
      hint: "Raise max_connections or close idle clients.",
    };
  }
  return {
    message: `${cannot}: ${text}${code ? ` (${code})` : ""}`,
    hint: "Run `cc-dm doctor` again; see docs/team.md.",
  };
}

/**
 * Doctor's checks of the PostgreSQL bus at `url` (PG* and ~/.pgpass from `env`). Never throws:
 * a step that fails or hangs becomes a failed line, and the checks that need it are left out.
 */
export async function inspectPostgres(
  url: string,
  env: Env,
  facts: PgSchemaFacts,
  inspect: InspectOptions = {},
): Promise<EngineCheck[]> {
  const stepMs = inspect.stepTimeoutMs ?? 5000;
  const skewWarnMs = inspect.skewWarnMs ?? 5000;
  let options: PgConnectOptions;
  try {
    options = pgConnectOptions(url, env);
  } catch (err) {
    return [{
      id: "bus.url",
      status: "fail",
      message: err instanceof Error ? err.message : String(err),
      hint: (err as { hint?: string }).hint ?? "See docs/team.md for the URL form.",
    }];
  }
  const location = pgLocation(options);
  const checks: EngineCheck[] = [];
  if (options.passwordSource === "none" && options.passfile && passfileTooOpen(options.passfile)) {
    checks.push({
      id: "bus.passfile",
      status: "warn",
      message: `${options.passfile} is ignored: others can read it (libpq's rule, kept here)`,
      hint: `chmod 600 ${options.passfile}`,
    });
  }
  const sql = postgres({
    ...driverOptions(options),
    max: 1,
    connect_timeout: Math.max(1, Math.min(options.connect_timeout, Math.ceil(stepMs / 1000))),
    idle_timeout: 1,
    onnotice: () => {},
    // Doctor reports one attempt; the engine is the one that retries.
    backoff: () => 0,
  });
  const query = <T extends Record<string, unknown>>(text: string, what: string) =>
    within(sql.unsafe(text) as unknown as Promise<T[]>, stepMs, what);
  try {
    let role: { user: string; superuser: boolean; bypassrls: boolean };
    let started = performance.now();
    try {
      const [row] = await query<{ user: string; superuser: boolean; bypassrls: boolean }>(
        "select current_user as user, rolsuper as superuser, rolbypassrls as bypassrls from pg_roles where rolname = current_user",
        "connect",
      );
      role = row;
    } catch (err) {
      const { message, hint } = describeConnectError(err, options, location);
      checks.push({ id: "bus.reachable", status: "fail", message, hint });
      return checks;
    }
    const connectMs = performance.now() - started;
    const from = {
      url: "from the URL",
      PGPASSWORD: "from PGPASSWORD",
      passfile: `from ${options.passfile}`,
      none: "none",
    }[
      options.passwordSource
    ];
    checks.push({
      id: "bus.reachable",
      status: "ok",
      message: `reachable: ${location} as role ${role.user} (password ${from}; connected in ${
        connectMs.toFixed(0)
      } ms)`,
    });
    if (role.superuser || role.bypassrls) {
      checks.push({
        id: "bus.role",
        status: "warn",
        message: `role ${role.user} is ${
          role.superuser ? "a superuser" : "allowed to bypass row-level security"
        }: the server cannot keep other members' mail from it`,
        hint: "Give each member their own ordinary role (docs/team.md: adding a member).",
      });
    }

    const steps: [string, () => Promise<EngineCheck | EngineCheck[]>][] = [
      ["bus.server", async () => {
        const [v] = await query<{ num: string; text: string }>(
          "select current_setting('server_version_num') as num, current_setting('server_version') as text",
          "server version",
        );
        const num = Number(v.num);
        if (num < MINIMUM_VERSION) {
          return {
            id: "bus.server",
            status: "fail",
            message: `PostgreSQL ${v.text}: too old for cc-dm (needs 13 or later)`,
            hint: "Upgrade the server.",
          };
        }
        return num < SUPPORTED_VERSION
          ? {
            id: "bus.server",
            status: "warn",
            message: `PostgreSQL ${v.text}: works, but no longer supported upstream`,
            hint: "Plan an upgrade (https://www.postgresql.org/support/versioning/).",
          }
          : { id: "bus.server", status: "ok", message: `PostgreSQL ${v.text}` };
      }],
      ["bus.tls", async () => {
        const [s] = await query<{ ssl: boolean; version: string | null; cipher: string | null }>(
          "select ssl, version, cipher from pg_stat_ssl where pid = pg_backend_pid()",
          "TLS state",
        );
        const loopback = isLoopback(options);
        if (s?.ssl) {
          const checked = options.sslmode === "verify-full"
            ? "certificate and name checked"
            : options.sslmode === "verify-ca"
            ? "certificate checked, not the name"
            : `certificate not checked (sslmode=${options.sslmode})`;
          return { id: "bus.tls", status: "ok", message: `TLS ${s.version} (${s.cipher}); ${checked}` };
        }
        if (loopback) {
          return { id: "bus.tls", status: "ok", message: "plain text, on this machine only (loopback)" };
        }
        return {
          id: "bus.tls",
          status: "warn",
          message: `plain text to ${options.host.join(",")}: every message crosses the network readable`,
          hint:
            "Turn TLS on at the server (ssl = on) and add ?sslmode=verify-full (or require) to the bus URL.",
        };
      }],
      ["bus.schema", async () => {
        let version: number | null = null;
        try {
          const [row] = await query<{ version: number | string }>(facts.versionSql, "schema version");
          version = row ? Number(row.version) : null;
        } catch (err) {
          if ((err as { code?: string }).code !== "42P01" && (err as { code?: string }).code !== "3F000") {
            throw err;
          }
        }
        if (version === null) {
          return {
            id: "bus.schema",
            status: "fail",
            message: `no cc-dm schema in database ${options.database}`,
            hint: "Create it once per team: cc-dm bus init URL (as the database's owner; docs/team.md).",
          };
        }
        if (version > facts.expected) {
          return {
            id: "bus.schema",
            status: "fail",
            message: `schema version ${version} is newer than this cc-dm's (${facts.expected})`,
            hint: "Upgrade cc-dm on this machine: the team's bus was migrated by a newer one.",
          };
        }
        if (version < facts.expected) {
          return {
            id: "bus.schema",
            status: "warn",
            message: `schema version ${version}; this cc-dm expects ${facts.expected}`,
            hint: "Migrate it: cc-dm bus init URL (as the database's owner).",
          };
        }
        return { id: "bus.schema", status: "ok", message: `schema version ${version}` };
      }],
      ["bus.grants", async () => {
        const missing: string[] = [];
        for (const { table, privileges } of facts.grants) {
          for (const privilege of privileges) {
            const [row] = await query<{ ok: boolean | null }>(
              `select case when to_regclass(${literal(table)}) is null then null else ${
                // Column grants (UPDATE (a, b) ON t) count: the table-wide check says no to them.
                COLUMN_PRIVILEGES.has(privilege) ? "has_any_column_privilege" : "has_table_privilege"}(${
                literal(table)
              }, ${literal(privilege)}) end as ok`,
              "grants",
            );
            if (row?.ok === null) return [];
            if (!row?.ok) missing.push(`${privilege} on ${table}`);
          }
        }
        for (const fn of facts.functions ?? []) {
          const [row] = await query<{ ok: boolean | null }>(
            `select case when to_regprocedure(${literal(fn)}) is null then null else has_function_privilege(${
              literal(fn)
            }, 'EXECUTE') end as ok`,
            "grants",
          );
          if (row?.ok === false) missing.push(`EXECUTE on ${fn}`);
        }
        const lines: EngineCheck[] = [];
        if (missing.length) {
          lines.push({
            id: "bus.grants",
            status: "fail",
            message: `role ${role.user} lacks ${missing.join(", ")}`,
            hint:
              "Ask the bus's owner to grant them: cc-dm bus init prints the GRANT lines for a member (docs/team.md).",
          });
        } else if (facts.grants.length) {
          lines.push({
            id: "bus.grants",
            status: "ok",
            message: `role ${role.user} has every grant cc-dm needs`,
          });
        }
        for (const table of facts.rlsTables ?? []) {
          const [row] = await query<{ rls: boolean | null }>(
            `select relrowsecurity as rls from pg_class where oid = to_regclass(${literal(table)})`,
            "row-level security",
          );
          if (row && row.rls === false) {
            lines.push({
              id: "bus.rls",
              status: "warn",
              message: `row-level security is off on ${table}: every member can read everyone's direct mail`,
              hint: "Run cc-dm bus init URL again as the owner (it turns it on).",
            });
          }
        }
        return lines;
      }],
      ["bus.listen", async () => {
        const pids = new Set<number>();
        for (let i = 0; i < 3; i++) {
          const [row] = await query<{ pid: number }>("select pg_backend_pid() as pid", "backend pid");
          pids.add(Number(row.pid));
        }
        if (pids.size > 1) {
          return {
            id: "bus.listen",
            status: "fail",
            message:
              `statements on one connection ran on ${pids.size} server backends: a transaction-mode pooler (PgBouncer?) sits in between, and LISTEN does not work through it`,
            hint:
              "Point CC_DM_BUS_URL at the server itself, or at a session-mode pool (pool_mode = session).",
          };
        }
        const channel = `cc_dm_doctor_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
        let arrived: (ms: number) => void = () => {};
        const heard = new Promise<number>((resolve) => (arrived = resolve));
        let sent = 0;
        const listening = await within(
          sql.listen(channel, () => arrived(performance.now() - sent)),
          stepMs,
          "LISTEN",
        );
        try {
          sent = performance.now();
          await within(sql.notify(channel, "ping") as unknown as Promise<unknown>, stepMs, "NOTIFY");
          const ms = await within(heard, stepMs, "notification").catch(() => null);
          if (ms === null) {
            return {
              id: "bus.listen",
              status: "fail",
              message: `LISTEN heard nothing within ${
                stepMs / 1000
              } s of a NOTIFY: sessions would not be woken`,
              hint:
                "A transaction-mode pooler (PgBouncer) in between? Use the server itself or a session-mode pool.",
            };
          }
          return { id: "bus.listen", status: "ok", message: `LISTEN/NOTIFY works (${ms.toFixed(1)} ms)` };
        } finally {
          await within(listening.unlisten(), stepMs, "UNLISTEN").catch(() => {});
        }
      }],
      ["bus.clock", async () => {
        const before = Date.now();
        const [row] = await query<{ ms: string }>(
          "select (extract(epoch from clock_timestamp()) * 1000)::float8 as ms",
          "server clock",
        );
        const after = Date.now();
        const skew = Number(row.ms) - (before + after) / 2;
        const shown = `${skew >= 0 ? "+" : "-"}${(Math.abs(skew) / 1000).toFixed(3)} s`;
        return Math.abs(skew) > skewWarnMs
          ? {
            id: "bus.clock",
            status: "warn",
            message:
              `this machine's clock is ${shown} off the server's: cc-dm stamps with the server's, so ages shown here are off by that much`,
            hint: "Sync this machine's clock (NTP: timedatectl set-ntp true).",
          }
          : {
            id: "bus.clock",
            status: "ok",
            message: `clock skew to the server ${shown} (±${((after - before) / 2).toFixed(0)} ms)`,
          };
      }],
      ["bus.latency", async () => {
        const times: number[] = [];
        for (let i = 0; i < 5; i++) {
          started = performance.now();
          await query("select 1", "round trip");
          times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        const median = times[2];
        return median > SLOW_ROUND_TRIP_MS
          ? {
            id: "bus.latency",
            status: "warn",
            message: `one round trip takes ${
              median.toFixed(1)
            } ms: each message costs a few, so delivery will feel slow`,
            hint: "Use a server closer to the team (same region), or check the network.",
          }
          : {
            id: "bus.latency",
            status: "ok",
            message: `one round trip ${median.toFixed(2)} ms (median of 5)`,
          };
      }],
    ];
    for (const [id, step] of steps) {
      try {
        const found = await step();
        checks.push(...(Array.isArray(found) ? found : [found]));
      } catch (err) {
        const { message, hint } = describeConnectError(err, options, location);
        checks.push({ id, status: "fail", message: message.replace(/^cannot reach [^:]+: /, ""), hint });
        // A connection that stopped answering answers nothing else either.
        if (err instanceof StepTimeout) break;
      }
    }
    return checks;
  } finally {
    await within(sql.end({ timeout: 1 }), 2000, "close").catch(() => {});
  }
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
