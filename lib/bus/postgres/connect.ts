import postgres from "postgres";
import type { Pool } from "./pg_types.ts";
import { driverOptions, pgConnectOptions } from "./connection_options.ts";

// How cc-dm connects to a PostgreSQL bus: a libpq-style URL, with the PG* variables and
// ~/.pgpass honoured where the driver does not (connection_options.ts), TCP
// keepalives short on both ends (a dead machine frees its names within KEEPALIVE_BOUND_S), and
// notices kept off stdout (the channel's stdout is its JSON-RPC stream).

/** Server-side keepalive: idle seconds, probe interval, probes. A dead peer is noticed in ~11 s. */
const KEEPALIVE = { idle: 5, interval: 2, count: 3 };
/** The bound the keepalive settings give, in seconds (docs and tests quote it). */
export const KEEPALIVE_BOUND_S = KEEPALIVE.idle + KEEPALIVE.interval * KEEPALIVE.count;
/** Unacknowledged data is given up on after this long (ms): a cut link mid-write fails in seconds. */
const USER_TIMEOUT_MS = 10_000;

export interface ConnectOptions {
  /** application_name on the server (who and pg_stat_activity show it). */
  application: string;
  /** Pool size; the bus uses 1 (its advisory locks live on that one connection). */
  max?: number;
  onclose?: (connectionId: number) => void;
  onnotify?: (channel: string, payload: string) => void;
}

/**
 * A driver pool for `url` with cc-dm's settings (see the top of this file). The URL, PG* and the
 * password file are resolved the libpq way first (connection_options.ts); a URL it cannot use
 * throws CcDmError naming it without its password.
 */
export function connect(url: string, env: Record<string, string | undefined>, options: ConnectOptions): Pool {
  const resolved = pgConnectOptions(url, env);
  return postgres({
    ...driverOptions(resolved),
    max: options.max ?? 1,
    idle_timeout: 0,
    // The driver's default recycles a connection every 30-60 minutes: that would drop the
    // advisory locks that say a session is alive.
    max_lifetime: null,
    keep_alive: KEEPALIVE.idle,
    fetch_types: false,
    onnotice: () => {},
    onclose: options.onclose,
    connection: {
      ...resolved.connection,
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
