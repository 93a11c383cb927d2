import { join } from "node:path";
import type { Options } from "postgres";
import type { Env } from "../../paths.ts";
import { CcDmError } from "../../errors.ts";

// What a libpq user expects of a connection URL, made explicit for npm:postgres (which parses
// URLs itself, but reads PG* variables from the process, knows no ~/.pgpass, no PGSSLMODE, no
// sslrootcert, and passes unknown parameters to the server as settings). Here: the URL's own
// values first, then the PG* variables of the environment given (the CLI's, not the process's),
// then libpq's defaults; the password from the URL, PGPASSWORD, else the password file.
// https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS

/** TLS as npm:postgres takes it: off, "prefer" (try, fall back), "require" (no check), or node TLS options. */
export type PgSsl = false | "prefer" | "require" | {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized?: boolean;
  checkServerIdentity?: () => undefined;
  /** The name the certificate must carry (node checks it against "localhost" otherwise, for IPs). */
  host?: string;
};

/** Where the password came from (doctor says it; never the password itself). */
export type PasswordSource = "url" | "PGPASSWORD" | "passfile" | "none";

/** Connection options for npm:postgres, resolved the way libpq resolves them. */
export interface PgConnectOptions {
  host: string[];
  port: number[];
  /** Unix socket file when the host is a directory (`?host=/var/run/postgresql`). */
  path?: string;
  database: string;
  user: string;
  pass: string;
  ssl: PgSsl;
  /** The sslmode asked for (libpq's word), for doctor. */
  sslmode: SslMode;
  /** Seconds. */
  connect_timeout: number;
  /** Seconds before the first TCP keepalive probe (client side). */
  keep_alive: number;
  target_session_attrs?: string;
  /** Startup settings (application_name, `options=-c name=value`). */
  connection: Record<string, string>;
  passwordSource: PasswordSource;
  /** The password file that was read (or would be), for doctor. */
  passfile: string | null;
}

export const SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] as const;
export type SslMode = typeof SSL_MODES[number];

/** URL query parameters understood here (libpq's names). */
const KNOWN_PARAMS = new Set([
  "host",
  "hostaddr",
  "port",
  "dbname",
  "user",
  "password",
  "passfile",
  "connect_timeout",
  "application_name",
  "fallback_application_name",
  "options",
  "sslmode",
  "sslrootcert",
  "sslcert",
  "sslkey",
  "target_session_attrs",
  "keepalives",
  "keepalives_idle",
]);

/** Where Debian's (and most distributions') servers put their socket. */
const DEFAULT_SOCKET_DIR = "/var/run/postgresql";

function badUrl(url: string, reason: string, hint?: string): CcDmError {
  return new CcDmError(
    `Bus URL ${JSON.stringify(redactedUrl(url))} is not usable: ${reason}`,
    1,
    hint ?? "Use postgres://USER@HOST:PORT/DATABASE (libpq's URL form); see docs/team.md.",
  );
}

/** `url` without any password (userinfo, `password=` parameter): safe to print. */
export function redactedUrl(url: string): string {
  return url
    .replace(/^([a-z]+:\/\/[^:/@?#]*):[^@/?#]*@/i, "$1:***@")
    .replace(/([?&]password=)[^&#]*/gi, "$1***");
}

function decode(url: string, part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw badUrl(url, `its ${what} has a broken %-escape`);
  }
}

interface ParsedUrl {
  user?: string;
  password?: string;
  hosts: { host: string; port?: string }[];
  database?: string;
  params: Map<string, string>;
}

/** Split a postgres:// URL by libpq's grammar (several hosts, [v6] hosts, %2F socket dirs). */
export function parsePgUrl(url: string): ParsedUrl {
  const match = url.match(/^postgres(?:ql)?:\/\/([^/?#]*)(\/[^?#]*)?(\?[^#]*)?(#.*)?$/i);
  if (!match) throw badUrl(url, "it is not a postgres:// or postgresql:// URL");
  const [, authority, path, query] = match;
  let userinfo = "";
  let hostlist = authority;
  const at = authority.lastIndexOf("@");
  if (at >= 0) {
    userinfo = authority.slice(0, at);
    hostlist = authority.slice(at + 1);
  }
  const parsed: ParsedUrl = { hosts: [], params: new Map() };
  if (userinfo) {
    const colon = userinfo.indexOf(":");
    parsed.user = decode(url, colon >= 0 ? userinfo.slice(0, colon) : userinfo, "user name") || undefined;
    if (colon >= 0) parsed.password = decode(url, userinfo.slice(colon + 1), "password");
  }
  if (hostlist) {
    for (const spec of hostlist.split(",")) {
      const v6 = spec.match(/^\[([^\]]+)\](?::(\d*))?$/);
      if (v6) {
        parsed.hosts.push({ host: v6[1], port: v6[2] || undefined });
        continue;
      }
      const colon = spec.lastIndexOf(":");
      const host = decode(url, colon >= 0 ? spec.slice(0, colon) : spec, "host");
      const port = colon >= 0 ? spec.slice(colon + 1) : undefined;
      parsed.hosts.push({ host, port: port || undefined });
    }
  }
  if (path && path.length > 1) parsed.database = decode(url, path.slice(1), "database name");
  if (query) {
    for (const pair of query.slice(1).split("&")) {
      if (!pair) continue;
      const eq = pair.indexOf("=");
      const key = decode(url, eq >= 0 ? pair.slice(0, eq) : pair, "parameter");
      const value = decode(url, eq >= 0 ? pair.slice(eq + 1).replaceAll("+", " ") : "", `parameter ${key}`);
      if (!KNOWN_PARAMS.has(key)) {
        throw badUrl(
          url,
          `unknown parameter ${JSON.stringify(key)}`,
          `Known: ${[...KNOWN_PARAMS].join(", ")}.`,
        );
      }
      parsed.params.set(key, value);
    }
  }
  return parsed;
}

function portNumber(url: string, text: string, from: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw badUrl(url, `${from} ${JSON.stringify(text)} is not a port (1-65535)`);
  }
  return port;
}

function seconds(url: string, text: string, what: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim())) {
    throw badUrl(url, `${what} ${JSON.stringify(text)} is not a whole number of seconds`);
  }
  return value;
}

function readFileOrFail(url: string, file: string, what: string): string {
  try {
    return Deno.readTextFileSync(file);
  } catch (err) {
    throw badUrl(url, `cannot read its ${what} ${JSON.stringify(file)}: ${(err as Error).message}`);
  }
}

/**
 * Resolve `url` (postgres://...) with the environment's PG* variables and password file into
 * explicit npm:postgres options. Throws CcDmError naming the (redacted) URL and the problem.
 */
export function pgConnectOptions(url: string, env: Env): PgConnectOptions {
  const parsed = parsePgUrl(url.trim());
  const param = (name: string) => parsed.params.get(name);
  const home = env.HOME ?? env.USERPROFILE ?? "";

  const hostParam = param("host") ?? param("hostaddr");
  let hosts = parsed.hosts.filter((h) => h.host !== "");
  if (!hosts.length && hostParam) hosts = hostParam.split(",").map((host) => ({ host }));
  if (!hosts.length && env.PGHOST) hosts = env.PGHOST.split(",").map((host) => ({ host }));
  const defaultPort = param("port") ?? env.PGPORT ?? "5432";
  const defaultPortNumber = portNumber(
    url,
    defaultPort,
    param("port") ? "port" : env.PGPORT ? "PGPORT" : "port",
  );
  if (!hosts.length) {
    // libpq's default is the local socket; where there is none, localhost over TCP.
    const socket = join(DEFAULT_SOCKET_DIR, `.s.PGSQL.${defaultPortNumber}`);
    hosts = [{ host: exists(socket) ? DEFAULT_SOCKET_DIR : "localhost" }];
  }
  const port = hosts.map((h) => h.port ? portNumber(url, h.port, "port") : defaultPortNumber);
  const socketDir = hosts.length === 1 && hosts[0].host.startsWith("/") ? hosts[0].host : undefined;

  const user = parsed.user ?? param("user") ?? env.PGUSER ?? env.USER ?? env.LOGNAME ?? "";
  if (!user) {
    throw badUrl(
      url,
      "it names no user, and neither PGUSER nor USER is set",
      "Add the user: postgres://USER@HOST/DATABASE.",
    );
  }
  const database = parsed.database ?? param("dbname") ?? env.PGDATABASE ?? user;

  let pass = "";
  let passwordSource: PasswordSource = "none";
  const passfile = param("passfile") ?? env.PGPASSFILE ?? (home ? join(home, ".pgpass") : null);
  const given = parsed.password ?? param("password");
  if (given !== undefined && given !== "") {
    pass = given;
    passwordSource = "url";
  } else if (env.PGPASSWORD) {
    pass = env.PGPASSWORD;
    passwordSource = "PGPASSWORD";
  } else if (passfile) {
    const found = passwordFromFile(passfile, {
      // libpq matches a socket directory (and the default host) as "localhost".
      host: socketDir ? "localhost" : hosts[0].host,
      port: String(port[0]),
      database,
      user,
    });
    if (found !== null) {
      pass = found;
      passwordSource = "passfile";
    }
  }

  const sslmodeText = param("sslmode") ?? env.PGSSLMODE ?? "prefer";
  if (!(SSL_MODES as readonly string[]).includes(sslmodeText)) {
    throw badUrl(url, `sslmode ${JSON.stringify(sslmodeText)} is not one of ${SSL_MODES.join(", ")}`);
  }
  const sslmode = sslmodeText as SslMode;
  const rootcertFile = param("sslrootcert") ?? env.PGSSLROOTCERT ??
    (home && exists(join(home, ".postgresql", "root.crt"))
      ? join(home, ".postgresql", "root.crt")
      : undefined);
  const certFile = param("sslcert") ?? env.PGSSLCERT;
  const keyFile = param("sslkey") ?? env.PGSSLKEY;
  let ssl: PgSsl;
  if (socketDir || sslmode === "disable") ssl = false;
  else if (sslmode === "allow" || sslmode === "prefer") ssl = "prefer";
  else {
    const tls: Exclude<PgSsl, string | false> = {};
    if (certFile) tls.cert = readFileOrFail(url, certFile, "sslcert");
    if (keyFile) tls.key = readFileOrFail(url, keyFile, "sslkey");
    // rootcert "system": the runtime's own trust store (as libpq 16 does).
    if (rootcertFile && rootcertFile !== "system") tls.ca = readFileOrFail(url, rootcertFile, "sslrootcert");
    if (sslmode === "require" && !tls.ca) tls.rejectUnauthorized = false;
    // verify-ca (and require with a root certificate, as libpq does): the chain, not the name.
    else if (sslmode !== "verify-full") tls.checkServerIdentity = () => undefined;
    else if (hosts.length === 1) tls.host = hosts[0].host;
    ssl = Object.keys(tls).length === 1 && tls.rejectUnauthorized === false ? "require" : tls;
  }

  const connectTimeoutText = param("connect_timeout") ?? env.PGCONNECT_TIMEOUT;
  const connect_timeout = connectTimeoutText === undefined
    ? 10
    : seconds(url, connectTimeoutText, "connect_timeout");
  const keepIdle = param("keepalives_idle") ?? env.PGKEEPALIVESIDLE;
  const keep_alive = param("keepalives") === "0"
    ? 0
    : keepIdle
    ? seconds(url, keepIdle, "keepalives_idle")
    : 5;

  const connection: Record<string, string> = {
    application_name: param("application_name") ?? env.PGAPPNAME ?? param("fallback_application_name") ??
      "cc-dm",
  };
  const options = param("options") ?? env.PGOPTIONS;
  if (options) Object.assign(connection, startupSettings(url, options));

  const result: PgConnectOptions = {
    host: hosts.map((h) => h.host),
    port,
    database,
    user,
    pass,
    ssl,
    sslmode,
    connect_timeout,
    keep_alive,
    connection,
    passwordSource,
    passfile: passfile ?? null,
  };
  if (socketDir) result.path = join(socketDir, `.s.PGSQL.${port[0]}`);
  const tsa = param("target_session_attrs") ?? env.PGTARGETSESSIONATTRS;
  if (tsa && tsa !== "any") result.target_session_attrs = tsa;
  return result;
}

/** `-c name=value` pairs of libpq's `options` (the only form servers take at startup). */
function startupSettings(url: string, options: string): Record<string, string> {
  const settings: Record<string, string> = {};
  const words = options.trim().split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    let word = words[i];
    if (word === "-c") word = words[++i] ?? "";
    else if (word.startsWith("-c")) word = word.slice(2);
    else if (word.startsWith("--")) word = word.slice(2);
    else throw badUrl(url, `options ${JSON.stringify(options)}: only "-c name=value" settings are supported`);
    const eq = word.indexOf("=");
    if (eq <= 0) throw badUrl(url, `options ${JSON.stringify(options)}: "${word}" is not name=value`);
    settings[word.slice(0, eq).replaceAll("-", "_")] = word.slice(eq + 1);
  }
  return settings;
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The password for this connection from a libpq password file (`host:port:database:user:password`
 * lines, `*` matches anything, `\:` and `\\` escape), or null. Like libpq, a file that others
 * can read is ignored.
 */
export function passwordFromFile(
  file: string,
  target: { host: string; port: string; database: string; user: string },
): string | null {
  let text: string;
  try {
    const info = Deno.statSync(file);
    if (!info.isFile || ((info.mode ?? 0) & 0o077) !== 0) return null;
    text = Deno.readTextFileSync(file);
  } catch {
    return null;
  }
  const wanted = [target.host, target.port, target.database, target.user];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith("#")) continue;
    const fields = passfileFields(line);
    if (fields.length < 5) continue;
    if (wanted.every((value, i) => fields[i] === "*" || fields[i] === value)) {
      return fields.slice(4).join(":");
    }
  }
  return null;
}

function passfileFields(line: string): string[] {
  const fields: string[] = [];
  let current = "";
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "\\" && i + 1 < line.length) current += line[++i];
    else if (ch === ":" && fields.length < 4) {
      fields.push(current);
      current = "";
    } else current += ch;
  }
  fields.push(current);
  return fields;
}

/** Whether the password file exists but is ignored because others can read it (doctor warns). */
export function passfileTooOpen(file: string): boolean {
  try {
    const info = Deno.statSync(file);
    return info.isFile && ((info.mode ?? 0) & 0o077) !== 0;
  } catch {
    return false;
  }
}

/** `postgres://user@host:port/database`: where a connection goes, without any password. */
export function pgLocation(options: Pick<PgConnectOptions, "host" | "port" | "user" | "database">): string {
  const hosts = options.host.map((host, i) => {
    const shown = host.startsWith("/") ? encodeURIComponent(host) : host.includes(":") ? `[${host}]` : host;
    return `${shown}:${options.port[i]}`;
  });
  return `postgres://${encodeURIComponent(options.user)}@${hosts.join(",")}/${
    encodeURIComponent(options.database)
  }`;
}

/**
 * The options as npm:postgres's `postgres(options)` takes them (its types say one host and port;
 * at run time it takes the lists libpq's multi-host URLs give).
 */
export function driverOptions(options: PgConnectOptions): Options<Record<string, never>> {
  const { passwordSource: _source, passfile: _file, sslmode: _mode, host, port, ...rest } = options;
  return {
    ...rest,
    host: (host.length === 1 ? host[0] : host) as unknown as string,
    port: (port.length === 1 ? port[0] : port) as unknown as number,
    target_session_attrs: rest.target_session_attrs as Options<Record<string, never>>["target_session_attrs"],
  };
}
