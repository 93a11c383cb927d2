import postgres from "postgres";
import { join } from "node:path";
import type { Pool } from "./pg_types.ts";
import { isLoopback, type Target, targetOf } from "./target.ts";

// How cc-dm connects to a PostgreSQL bus: a libpq-style URL, with the PG* variables and
// ~/.pgpass honoured where the driver does not (password file, PGSSLMODE, sslrootcert), TCP
// keepalives short on both ends (a dead machine frees its names within KEEPALIVE_BOUND_S), and
// notices kept off stdout (the channel's stdout is its JSON-RPC stream).

/** Server-side keepalive: idle seconds, probe interval, probes. A dead peer is noticed in ~11 s. */
const KEEPALIVE = { idle: 5, interval: 2, count: 3 };
/** The bound the keepalive settings give, in seconds (docs and tests quote it). */
export const KEEPALIVE_BOUND_S = KEEPALIVE.idle + KEEPALIVE.interval * KEEPALIVE.count;
/** Unacknowledged data is given up on after this long (ms): a cut link mid-write fails in seconds. */
const USER_TIMEOUT_MS = 10_000;
const CONNECT_TIMEOUT_S = 10;

/** libpq parameters the driver would otherwise send to the server as settings. */
const CLIENT_ONLY = ["sslrootcert", "sslcert", "sslkey", "sslcrl", "sslpassword", "passfile", "options"];

/** The password for `target` from PGPASSFILE or ~/.pgpass (libpq's rules), or undefined. */
export function passwordFromFile(
  target: Target,
  env: Record<string, string | undefined>,
): string | undefined {
  const file = env.PGPASSFILE || (env.HOME ? join(env.HOME, ".pgpass") : "");
  if (!file) return undefined;
  let text: string;
  try {
    const info = Deno.statSync(file);
    // libpq ignores a password file others can read; so do we.
    if (!info.isFile || (info.mode !== null && (info.mode & 0o077) !== 0)) return undefined;
    text = Deno.readTextFileSync(file);
  } catch {
    return undefined;
  }
  for (const line of text.split("\n")) {
    if (!line.trim() || line.startsWith("#")) continue;
    const fields: string[] = [];
    let current = "";
    for (let i = 0; i < line.length; i++) {
      if (line[i] === "\\" && i + 1 < line.length) current += line[++i];
      else if (line[i] === ":" && fields.length < 4) {
        fields.push(current);
        current = "";
      } else current += line[i];
    }
    fields.push(current);
    if (fields.length !== 5) continue;
    const [host, port, database, user, password] = fields;
    const match = (pattern: string, value: string) => pattern === "*" || pattern === value;
    if (
      match(host, target.host) && match(port, String(target.port)) && match(database, target.database) &&
      match(user, target.user)
    ) return password;
  }
  return undefined;
}

export interface ConnectOptions {
  /** application_name on the server (who and pg_stat_activity show it). */
  application: string;
  /** Pool size; the bus uses 1 (its advisory locks live on that one connection). */
  max?: number;
  onclose?: (connectionId: number) => void;
  onnotify?: (channel: string, payload: string) => void;
}

/** A driver pool for `url` with cc-dm's settings (see the top of this file). */
export function connect(url: string, env: Record<string, string | undefined>, options: ConnectOptions): Pool {
  const target = targetOf(url, env);
  let cleaned = url;
  let sslFile: Record<string, string> = {};
  try {
    const u = new URL(url);
    for (const key of CLIENT_ONLY) {
      const value = u.searchParams.get(key);
      if (value !== null) sslFile[key] = value;
      u.searchParams.delete(key);
    }
    cleaned = u.toString();
  } catch {
    sslFile = {};
  }
  const mode = (() => {
    try {
      return new URL(url).searchParams.get("sslmode");
    } catch {
      return null;
    }
  })() ?? env.PGSSLMODE ?? (isLoopback(target.host) ? "disable" : "prefer");
  let ssl: boolean | string | Record<string, unknown> = mode === "disable" ? false : mode;
  const rootCert = sslFile.sslrootcert ?? env.PGSSLROOTCERT;
  if ((mode === "verify-full" || mode === "verify-ca") && rootCert && rootCert !== "system") {
    ssl = {
      ca: Deno.readTextFileSync(rootCert),
      rejectUnauthorized: true,
      ...(mode === "verify-ca" ? { checkServerIdentity: () => undefined } : {}),
    };
  }
  const password = (() => {
    try {
      if (new URL(url).password) return undefined;
    } catch {
      return undefined;
    }
    return env.PGPASSWORD ? undefined : passwordFromFile(target, env);
  })();
  const withoutMode = (() => {
    try {
      const u = new URL(cleaned);
      u.searchParams.delete("sslmode");
      return u.toString();
    } catch {
      return cleaned;
    }
  })();
  return postgres(withoutMode, {
    max: options.max ?? 1,
    ...(password !== undefined ? { password } : {}),
    ssl: ssl as "require",
    connect_timeout: env.PGCONNECT_TIMEOUT ? Number(env.PGCONNECT_TIMEOUT) : CONNECT_TIMEOUT_S,
    idle_timeout: 0,
    // The driver's default recycles a connection every 30-60 minutes: that would drop the
    // advisory locks that say a session is alive.
    max_lifetime: null,
    keep_alive: KEEPALIVE.idle,
    fetch_types: false,
    onnotice: () => {},
    onclose: options.onclose,
    connection: {
      application_name: options.application,
      tcp_keepalives_idle: KEEPALIVE.idle,
      tcp_keepalives_interval: KEEPALIVE.interval,
      tcp_keepalives_count: KEEPALIVE.count,
      tcp_user_timeout: USER_TIMEOUT_MS,
      // deno-lint-ignore no-explicit-any
    } as any,
    // Not in the driver's types, but its documented way to receive every NOTIFY.
    ...({ onnotify: options.onnotify } as Record<string, unknown>),
  });
}
