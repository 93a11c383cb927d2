import { type PgConnectOptions, pgConnectOptions, redactedUrl } from "./connection_options.ts";

// Where a PostgreSQL bus URL points, for messages, without loading the driver (engineFor runs on
// every command; only a command that opens a PostgreSQL bus pays for the driver).

export interface Target {
  host: string;
  port: number;
  database: string;
  user: string;
}

/** Where `url` (with the PG* defaults of `env`) points. Throws CcDmError for a URL that cannot be used. */
export function targetOf(url: string, env: Record<string, string | undefined>): Target {
  const options: PgConnectOptions = pgConnectOptions(url, env);
  return {
    host: options.host.join(","),
    port: options.port[0],
    database: options.database,
    user: options.user,
  };
}

/** `url` safe to print: any password replaced by `***`. */
export function printable(url: string): string {
  return redactedUrl(url);
}
