// A private PostgreSQL server on one machine of a lab (tests/helpers/netns.ts): initdb as the
// `postgres` user in a temp dir, listening on that machine's address only, password logins
// (scram) from the lab's subnet, trust on its Unix socket for the test's own admin work (psql
// as root over the socket reaches it from any namespace: sockets are files). Optionally TLS
// with a throwaway self-signed certificate.
import { join } from "node:path";
import { LAB_SUBNET, type Machine, run } from "./netns.ts";

const PG_BIN = "/usr/lib/postgresql/15/bin";

/** A running server in a lab. */
export interface LabPostgres {
  host: string;
  port: number;
  /** Directory of its Unix socket (for psql as admin). */
  socketDir: string;
  /** Run SQL as the superuser over the socket; returns psql's unaligned output. */
  sql(text: string, database?: string): Promise<string>;
  /** A URL for `role` (password `role`-pw) to `database`, reachable from the lab's machines. */
  url(role: string, database: string, params?: string): string;
  /** Create a login role with password `<role>-pw`. */
  createRole(role: string): Promise<void>;
  /** Create a database owned by `owner`. */
  createDatabase(name: string, owner: string): Promise<void>;
  /** `pg_ctl restart -m fast` (inside the server's namespace: it must listen there again). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** The server log so far (for failure messages). */
  log(): Promise<string>;
}

/** Where to find PostgreSQL's programs: the Debian path, else PATH. */
function pgBin(program: string): string {
  try {
    Deno.statSync(join(PG_BIN, program));
    return join(PG_BIN, program);
  } catch {
    return program;
  }
}

/** Start PostgreSQL on `machine` (root only: initdb runs as `postgres`). */
export async function startLabPostgres(
  machine: Machine,
  options: { port?: number; tls?: boolean; durable?: boolean } = {},
): Promise<LabPostgres> {
  const port = options.port ?? 5432;
  const root = await Deno.makeTempDir({ prefix: "cc-dm-labpg-" });
  const data = join(root, "data");
  const socketDir = join(root, "sock");
  const logFile = join(root, "server.log");
  await Deno.mkdir(socketDir);
  await Deno.writeTextFile(join(root, "pw"), "postgres-pw\n");
  await run("chown", ["-R", "postgres:postgres", root]);
  await Deno.chmod(root, 0o755);
  const asPostgres = (program: string, args: string[]) =>
    run("ip", ["netns", "exec", machine.ns, "runuser", "-u", "postgres", "--", pgBin(program), ...args]);
  await asPostgres("initdb", [
    "-D",
    data,
    "-U",
    "postgres",
    "--auth-local=trust",
    "--auth-host=scram-sha-256",
    `--pwfile=${join(root, "pw")}`,
    "-E",
    "UTF8",
    "--no-instructions",
  ]);
  const hba = await Deno.readTextFile(join(data, "pg_hba.conf"));
  const method = options.tls ? "hostssl" : "host";
  await Deno.writeTextFile(
    join(data, "pg_hba.conf"),
    `${hba}\n${method} all all ${LAB_SUBNET}.0/24 scram-sha-256\n`,
  );
  const conf = [
    `listen_addresses = '${machine.address}'`,
    `port = ${port}`,
    `unix_socket_directories = '${socketDir}'`,
    `max_connections = 200`,
    // No keepalive settings here: the server's defaults (hours) stay, so a test that sees a
    // dead machine's name freed in seconds proves cc-dm's own per-connection keepalives.
  ];
  if (!options.durable) conf.push("fsync = off", "synchronous_commit = off", "full_page_writes = off");
  if (options.tls) {
    await run("openssl", [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "2",
      "-subj",
      `/CN=${machine.address}`,
      "-addext",
      `subjectAltName=IP:${machine.address}`,
      "-keyout",
      join(data, "server.key"),
      "-out",
      join(data, "server.crt"),
    ]);
    await run("chown", ["postgres:postgres", join(data, "server.key"), join(data, "server.crt")]);
    await Deno.chmod(join(data, "server.key"), 0o600);
    conf.push("ssl = on", "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'");
  }
  await Deno.writeTextFile(join(data, "postgresql.conf"), `\n${conf.join("\n")}\n`, { append: true });
  const pgCtl = (args: string[]) =>
    asPostgres("pg_ctl", ["-D", data, "-l", logFile, "-w", "-t", "60", ...args]);
  await pgCtl(["start"]);

  const sql = async (text: string, database = "postgres") =>
    (await run(pgBin("psql"), [
      "-h",
      socketDir,
      "-p",
      String(port),
      "-U",
      "postgres",
      "-d",
      database,
      "-v",
      "ON_ERROR_STOP=1",
      "-XAtq",
      "-c",
      text,
    ])).trim();
  let stopped = false;
  return {
    host: machine.address,
    port,
    socketDir,
    sql,
    url: (role, database, params) =>
      `postgres://${role}:${encodeURIComponent(`${role}-pw`)}@${machine.address}:${port}/${database}${
        params ? `?${params}` : ""
      }`,
    createRole: async (role) => {
      await sql(`CREATE ROLE "${role}" LOGIN PASSWORD '${role}-pw'`);
    },
    createDatabase: async (name, owner) => {
      await sql(`CREATE DATABASE "${name}" OWNER "${owner}"`);
    },
    restart: async () => {
      await pgCtl(["restart", "-m", "fast"]);
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pgCtl(["stop", "-m", "immediate"]).catch(() => {});
      await Deno.remove(root, { recursive: true }).catch(() => {});
    },
    log: () => Deno.readTextFile(logFile).catch(() => ""),
  };
}
