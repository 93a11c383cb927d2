// `deno task test`: start one private PostgreSQL server for the whole run (the PostgreSQL engine's
// tests and the contract suite use it through CC_DM_TEST_PG_URL), run `deno test --allow-all
// --parallel tests/` with the given extra arguments, stop the server. With CC_DM_TEST_PG_URL
// already set, that server is used and nothing is started. On a machine without PostgreSQL it is
// installed from Debian's packages when running as root; otherwise the run stops with what to do.
//
//   deno run -A scripts/test.ts [deno test args...] [-- files...]
import { pgBinDir, startPgServer } from "../tests/helpers/pg_server.ts";

const REPO = new URL("..", import.meta.url).pathname;

function say(text: string): void {
  Deno.stderr.writeSync(new TextEncoder().encode(text + "\n"));
}

/** Install Debian's postgresql package (root only). False when that is not possible. */
async function installPostgres(): Promise<boolean> {
  if (Deno.uid() !== 0) return false;
  say("PostgreSQL is missing: installing it from Debian's packages (apt-get install postgresql)");
  for (const args of [["update", "-qq"], ["install", "-y", "-qq", "--no-install-recommends", "postgresql"]]) {
    const out = await new Deno.Command("apt-get", {
      args,
      env: { DEBIAN_FRONTEND: "noninteractive" },
      stdout: "null",
      stderr: "inherit",
    }).output().catch(() => null);
    if (!out?.success) return false;
  }
  return pgBinDir() !== null;
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<number> {
  const env: Record<string, string> = {};
  let server: Awaited<ReturnType<typeof startPgServer>> | null = null;
  if (!Deno.env.get("CC_DM_TEST_PG_URL")) {
    if (!pgBinDir() && !(await installPostgres())) {
      say(
        "The tests need PostgreSQL 13 or later: install it (Debian: `apt-get install postgresql`), " +
          "set CC_DM_PG_BIN to the directory of its initdb and pg_ctl, or set CC_DM_TEST_PG_URL to a " +
          "superuser URL of a server the tests may create databases and roles on.",
      );
      return 1;
    }
    server = await startPgServer();
    env.CC_DM_TEST_PG_URL = server.url;
  }
  const args = Deno.args;
  const hasTarget = args.some((a) => !a.startsWith("-") && exists(a));
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["test", "--allow-all", "--parallel", ...args, ...(hasTarget ? [] : ["tests/"])],
      cwd: REPO,
      env,
      stdin: "null",
    }).spawn();
    // Ctrl-C goes to the whole process group; wait for the tests to end, then stop the server.
    const ignore = () => {};
    Deno.addSignalListener("SIGINT", ignore);
    const status = await child.status;
    Deno.removeSignalListener("SIGINT", ignore);
    return status.code;
  } finally {
    await server?.stop();
  }
}

if (import.meta.main) Deno.exit(await main());
