import postgres from "postgres";
import type { Pool } from "./pg_types.ts";
import { driverOptions, pgConnectOptions } from "./connection_options.ts";

// How the bus connects: the URL resolved as libpq would (connection_options.ts: PG* variables,
// ~/.pgpass, sslmode and certificates), one connection per pool, never recycled (the driver's
// default recycles every 30-60 minutes, which would drop the advisory locks that say a session
// is alive), notices kept off stdout (the channel's stdout is its JSON-RPC stream).

/** Server-side keepalive: idle seconds, probe interval, probes. A dead peer is noticed in ~11 s. */
const KEEPALIVE = { idle: 5, interval: 2, count: 3 };
/** The bound the keepalive settings give, in seconds (docs and tests quote it). */
export const KEEPALIVE_BOUND_S = KEEPALIVE.idle + KEEPALIVE.interval * KEEPALIVE.count;
/** Unacknowledged data is given up on after this long (ms): a cut link mid-write fails in seconds. */
const USER_TIMEOUT_MS = 10_000;

/**
 * The server's side of the keepalives, set on each new connection by its first statement: so a
 * machine that vanishes (no FIN, no RST) loses its names within KEEPALIVE_BOUND_S. SET rather
 * than startup parameters, which PgBouncer refuses unless configured to ignore them.
 */
export const SERVER_KEEPALIVE_SQL = `SET tcp_keepalives_idle = ${KEEPALIVE.idle}; ` +
  `SET tcp_keepalives_interval = ${KEEPALIVE.interval}; SET tcp_keepalives_count = ${KEEPALIVE.count}; ` +
  `SET tcp_user_timeout = ${USER_TIMEOUT_MS}`;

export interface ConnectOptions {
  /** Appended to the application_name (who and pg_stat_activity show it): "" or " listen". */
  purpose?: string;
  onclose?: (connectionId: number) => void;
  onnotify?: (channel: string, payload: string) => void;
}

/** A one-connection driver pool for `url`. Throws CcDmError for a URL that cannot be used. */
export function connect(
  url: string,
  env: Record<string, string | undefined>,
  options: ConnectOptions = {},
): Pool {
  const resolved = pgConnectOptions(url, env);
  const base = driverOptions(resolved);
  return postgres({
    ...base,
    max: 1,
    idle_timeout: 0,
    max_lifetime: null,
    fetch_types: false,
    onnotice: () => {},
    onclose: options.onclose,
    connection: {
      ...resolved.connection,
      application_name: `${resolved.connection.application_name ?? "cc-dm"}${options.purpose ?? ""}`,
    },
    // Not in the driver's types, but its documented way to receive every NOTIFY.
    ...({ onnotify: options.onnotify } as Record<string, unknown>),
  });
}
