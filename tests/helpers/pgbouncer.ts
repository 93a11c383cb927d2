// A PgBouncer in front of the test server, for the pooler cases (Debian's `pgbouncer` package;
// .ci/run installs it). It logs in to the server with the passwords it is given (auth_file),
// and runs as the `postgres` user when root (it refuses to run as root).
import { join } from "node:path";

export interface PgBouncer {
  /** `url` with host and port replaced by the bouncer's. */
  via(url: string): string;
  stop(): Promise<void>;
}

/** The pgbouncer program, or null when it is not installed. */
export function pgBouncerPath(): string | null {
  for (const path of ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer", "/usr/local/bin/pgbouncer"]) {
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // not here
    }
  }
  return null;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/**
 * Start PgBouncer in `mode` for the server and database of `urls` (each a login URL with its
 * password, all on one server and database).
 */
export async function startPgBouncer(urls: string[], mode: "transaction" | "session"): Promise<PgBouncer> {
  const program = pgBouncerPath();
  if (!program) throw new Error("pgbouncer is not installed (apt-get install pgbouncer)");
  const first = new URL(urls[0]);
  const database = decodeURIComponent(first.pathname.slice(1));
  const dir = await Deno.makeTempDir({ prefix: "cc-dm-pgbouncer-" });
  const port = freePort();
  const users = urls.map((u) => {
    const url = new URL(u);
    return `"${decodeURIComponent(url.username)}" "${decodeURIComponent(url.password)}"`;
  });
  await Deno.writeTextFile(join(dir, "users.txt"), users.join("\n") + "\n");
  const config = join(dir, "pgbouncer.ini");
  await Deno.writeTextFile(
    config,
    [
      "[databases]",
      `${database} = host=${first.hostname} port=${first.port} dbname=${database}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = plain",
      `auth_file = ${join(dir, "users.txt")}`,
      `pool_mode = ${mode}`,
      `logfile = ${join(dir, "pgbouncer.log")}`,
      `pidfile = ${join(dir, "pgbouncer.pid")}`,
      "ignore_startup_parameters = extra_float_digits",
      "default_pool_size = 4",
      "",
    ].join("\n"),
  );
  const root = Deno.uid() === 0;
  if (root) {
    const out = await new Deno.Command("chown", { args: ["-R", "postgres", dir] }).output();
    if (!out.success) throw new Error("chown of the pgbouncer directory failed");
  }
  const argv = root ? ["runuser", "-u", "postgres", "--", program, "-d", config] : [program, "-d", config];
  const started = await new Deno.Command(argv[0], { args: argv.slice(1), stdout: "piped", stderr: "piped" })
    .output();
  if (!started.success) {
    const log = await Deno.readTextFile(join(dir, "pgbouncer.log")).catch(() => "");
    throw new Error(`pgbouncer did not start: ${new TextDecoder().decode(started.stderr)}\n${log}`);
  }
  // -d returns once it forked; wait for its port.
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error("pgbouncer is not listening after 10 s");
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    via(url) {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    async stop() {
      const pid = Number((await Deno.readTextFile(join(dir, "pgbouncer.pid")).catch(() => "")).trim());
      if (pid > 0) {
        try {
          Deno.kill(pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}
