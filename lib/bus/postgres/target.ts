// Where a PostgreSQL bus URL points, without loading the driver (engineFor runs on every
// command; only a command that opens a PostgreSQL bus pays for the driver).

export interface Target {
  host: string;
  port: number;
  database: string;
  user: string;
}

/** Where `url` (plus PG* defaults) points; for messages and the password file. */
export function targetOf(url: string, env: Record<string, string | undefined>): Target {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    // multi-host or malformed: the driver reports it
  }
  const user = decodeURIComponent(parsed?.username ?? "") || env.PGUSER || env.USER || "postgres";
  return {
    host: decodeURIComponent(parsed?.hostname ?? "").replace(/^\[|\]$/g, "") || env.PGHOST || "localhost",
    port: Number(parsed?.port || env.PGPORT || 5432),
    database: decodeURIComponent((parsed?.pathname ?? "").slice(1)) || env.PGDATABASE || user,
    user,
  };
}

/** Whether `host` is this machine (plain text there is fine; elsewhere doctor warns). */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host) || host.startsWith("/");
}

/** `url` safe to print: any password replaced by `***` (engines.ts safeUrl does the same). */
export function printable(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, "//***@");
  }
}
