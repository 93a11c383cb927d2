// A PostgreSQL server for tests. `deno task test` (scripts/test.ts) starts one private server for
// the whole run and exports CC_DM_TEST_PG_URL; a test file run on its own starts its own here and
// stops it when the process exits. Each test takes a fresh database (and its own roles) from it,
// so tests running in parallel never see each other's rows.
import { join } from "node:path";
import postgres from "postgres";

/** A private server started by `startPgServer`. */
export interface PgServer {
  /** Superuser URL (database `postgres`). */
  url: string;
  host: string;
  port: number;
  /** Its data directory (for fault tests that restart it). */
  dataDir: string;
  /** The PostgreSQL programs' directory (pg_ctl, psql, ...). */
  binDir: string;
  /** With `tls`: the certificate clients verify against (sslrootcert). */
  caFile?: string;
  /** Run `pg_ctl ARGS...` on this server as the owner of its data directory. */
  pgCtl(...args: string[]): Promise<void>;
  /** `pg_ctl restart -m fast` (keeps the port): every connection drops. */
  restart(): Promise<void>;
  /** Stop it (immediate) and remove its data directory. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** Port (default: a free one). */
  port?: number;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string>;
  /** Run the server inside this network namespace (`ip netns exec NAME`). */
  netns?: string;
  /** Serve TLS with a fresh self-signed certificate for localhost and 127.0.0.1 (see PgServer.caFile). */
  tls?: boolean;
}

const SUPERUSER = "postgres";

/** Where PostgreSQL's server programs are (newest version first), or null when not installed. */
export function pgBinDir(): string | null {
  const fromEnv = Deno.env.get("CC_DM_PG_BIN");
  if (fromEnv) return fromEnv;
  try {
    const versions = [...Deno.readDirSync("/usr/lib/postgresql")]
      .map((e) => e.name)
      .filter((n) => /^\d+$/.test(n))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const dir = `/usr/lib/postgresql/${version}/bin`;
      if (isFile(join(dir, "initdb")) && isFile(join(dir, "pg_ctl"))) return dir;
    }
  } catch {
    // not installed in Debian's layout
  }
  return null;
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** A port nobody listens on now. */
function freePort(host: string): number {
  const listener = Deno.listen({ hostname: host, port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

function isRoot(): boolean {
  return Deno.uid() === 0;
}

/** Argument vector that runs `program` as the server's owner (the `postgres` user when root). */
function asOwner(program: string, args: string[], netns?: string): string[] {
  const base = isRoot() ? ["runuser", "-u", "postgres", "--", program, ...args] : [program, ...args];
  return netns ? ["ip", "netns", "exec", netns, ...base] : base;
}

async function run(argv: string[], what: string): Promise<void> {
  const out = await new Deno.Command(argv[0], { args: argv.slice(1), stdout: "piped", stderr: "piped" })
    .output();
  if (!out.success) {
    const text = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
    throw new Error(`${what} failed (${argv.join(" ")}):\n${text.trim()}`);
  }
}

function ownerIds(): { uid: number; gid: number } | null {
  if (!isRoot()) return null;
  const passwd = Deno.readTextFileSync("/etc/passwd").split("\n").find((l) => l.startsWith("postgres:"));
  if (!passwd) {
    throw new Error(
      "Running as root but there is no `postgres` user to run the test server (install postgresql)",
    );
  }
  const [, , uid, gid] = passwd.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * Start a new private server: initdb in a temp dir (as the `postgres` user when root), listening
 * on 127.0.0.1 and a free port, with durability off (tests, not data). The superuser `postgres`
 * has a random password; local socket connections are off.
 */
export async function startPgServer(options: StartOptions = {}): Promise<PgServer> {
  const binDir = pgBinDir();
  if (!binDir) {
    throw new Error(
      "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): install it " +
        "(`apt-get install postgresql`), set CC_DM_PG_BIN to its bin directory, or set CC_DM_TEST_PG_URL " +
        "to a server's superuser URL",
    );
  }
  const host = options.host ?? "127.0.0.1";
  const root = await Deno.makeTempDir({ prefix: "cc-dm-pg-" });
  const dataDir = join(root, "data");
  const pwFile = join(root, "pw");
  const password = crypto.randomUUID().replaceAll("-", "");
  const owner = ownerIds();
  await Deno.writeTextFile(pwFile, password + "\n");
  if (owner) {
    await Deno.chown(root, owner.uid, owner.gid);
    await Deno.chown(pwFile, owner.uid, owner.gid);
  }
  await run(
    asOwner(join(binDir, "initdb"), [
      "-D",
      dataDir,
      "-U",
      SUPERUSER,
      "--pwfile",
      pwFile,
      "--auth-host=scram-sha-256",
      "--auth-local=scram-sha-256",
      "--no-sync",
      "-E",
      "UTF8",
      "--locale=C",
    ]),
    "initdb",
  );
  await Deno.remove(pwFile);
  if (host !== "127.0.0.1" && host !== "localhost") {
    // Clients from other addresses (another network namespace) too, still with passwords.
    await Deno.writeTextFile(
      join(dataDir, "pg_hba.conf"),
      "host all all 0.0.0.0/0 scram-sha-256\n",
      { append: true },
    );
  }
  const port = options.port ?? freePort(options.netns ? "127.0.0.1" : host);
  let caFile: string | undefined;
  const tlsSettings: Record<string, string> = {};
  if (options.tls) {
    caFile = join(root, "server.crt");
    const keyFile = join(root, "server.key");
    await run([
      "openssl",
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "2",
      "-subj",
      "/CN=localhost",
      "-addext",
      `subjectAltName=DNS:localhost,IP:127.0.0.1${
        host !== "127.0.0.1" && host !== "localhost" ? `,IP:${host}` : ""
      }`,
      "-keyout",
      keyFile,
      "-out",
      caFile,
    ], "openssl");
    await Deno.chmod(keyFile, 0o600);
    if (owner) {
      await Deno.chown(keyFile, owner.uid, owner.gid);
      await Deno.chown(caFile, owner.uid, owner.gid);
    }
    Object.assign(tlsSettings, { ssl: "on", ssl_cert_file: caFile, ssl_key_file: keyFile });
  }
  const settings: Record<string, string> = {
    listen_addresses: host,
    port: String(port),
    unix_socket_directories: "",
    fsync: "off",
    synchronous_commit: "off",
    full_page_writes: "off",
    max_connections: "400",
    shared_buffers: "32MB",
    ...tlsSettings,
    ...options.settings,
  };
  const serverOptions = Object.entries(settings).map(([k, v]) => `-c ${k}=${v === "" ? "''" : v}`).join(" ");
  const logFile = join(root, "server.log");
  const pgCtl = async (...args: string[]) => {
    await run(
      asOwner(join(binDir, "pg_ctl"), ["-D", dataDir, "-l", logFile, ...args], options.netns),
      "pg_ctl",
    );
  };
  try {
    await pgCtl("start", "-w", "-t", "60", "-o", serverOptions);
  } catch (err) {
    const log = await Deno.readTextFile(logFile).catch(() => "");
    await Deno.remove(root, { recursive: true }).catch(() => {});
    throw new Error(`${(err as Error).message}\n${log}`);
  }
  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    const argv = asOwner(
      join(binDir, "pg_ctl"),
      ["-D", dataDir, "stop", "-m", "immediate", "-w"],
      options.netns,
    );
    new Deno.Command(argv[0], { args: argv.slice(1), stdout: "null", stderr: "null" }).outputSync();
    try {
      Deno.removeSync(root, { recursive: true });
    } catch {
      // already gone
    }
  };
  // The test runner exits without waiting for anyone: stop the server on the way out.
  globalThis.addEventListener("unload", stopSync);
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `postgres://${SUPERUSER}:${password}@${urlHost}:${port}/postgres`,
    host,
    port,
    dataDir,
    binDir,
    caFile,
    pgCtl,
    restart: () => pgCtl("restart", "-w", "-m", "fast", "-t", "60", "-o", serverOptions),
    stop: () => {
      globalThis.removeEventListener("unload", stopSync);
      stopSync();
      return Promise.resolve();
    },
  };
}

let shared: Promise<string> | null = null;

/**
 * Superuser URL of the test server: CC_DM_TEST_PG_URL when set (the test task starts one for
 * the whole run), else a private server this process starts once and stops at exit.
 */
export function pgServer(): Promise<string> {
  const fromEnv = Deno.env.get("CC_DM_TEST_PG_URL");
  if (fromEnv) return Promise.resolve(fromEnv);
  shared ??= startPgServer().then((server) => server.url);
  return shared;
}

/** A database of its own for one test, with login roles of its own. */
export interface FreshDatabase {
  /** Database name (unique on the server). */
  name: string;
  /** Superuser URL of this database (owner of what `bus init` creates). */
  adminUrl: string;
  /** Role name on the server for each short name asked for (roles are server-wide, so prefixed). */
  roles: Record<string, string>;
  /** Login URL of this database as role `short` (one of the names asked for). */
  urlAs(short: string): string;
  /** Drop the database and its roles (ends their connections). */
  drop(): Promise<void>;
}

let counter = 0;

/** Superuser URL with another database in its path. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** URL with another user and password (same host, port and database). */
export function withUser(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/**
 * A new empty database on the test server, and one LOGIN role per name in `roles` (each with its
 * own password, no other rights). Names are unique per process and call.
 */
export async function freshDatabase(options: { roles?: string[] } = {}): Promise<FreshDatabase> {
  const server = await pgServer();
  const name = `ccdm_${Deno.pid}_${++counter}_${crypto.randomUUID().slice(0, 8)}`;
  const admin = postgres(server, { max: 1, onnotice: () => {}, connect_timeout: 30 });
  const roles: Record<string, string> = {};
  const passwords: Record<string, string> = {};
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    for (const short of options.roles ?? []) {
      if (!/^[a-z][a-z0-9_]*$/.test(short)) throw new Error(`bad test role name ${JSON.stringify(short)}`);
      const role = `${name}_${short}`;
      const password = crypto.randomUUID();
      await admin.unsafe(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`);
      roles[short] = role;
      passwords[short] = password;
    }
  } finally {
    await admin.end();
  }
  const adminUrl = withDatabase(server, name);
  return {
    name,
    adminUrl,
    roles,
    urlAs(short) {
      if (!(short in roles)) throw new Error(`freshDatabase: no role ${JSON.stringify(short)} was asked for`);
      return withUser(adminUrl, roles[short], passwords[short]);
    },
    async drop() {
      const sql = postgres(server, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        for (const role of Object.values(roles)) await sql.unsafe(`DROP ROLE IF EXISTS "${role}"`);
      } finally {
        await sql.end();
      }
    },
  };
}
