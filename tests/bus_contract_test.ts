import { runBusContract } from "./helpers/bus_contract.ts";
import { SqliteEngine } from "../lib/bus/sqlite/engine.ts";
import { type TempHome, tempHome } from "./helpers/temp_home.ts";
import { PostgresEngine } from "../lib/bus/postgres/engine.ts";
import { grantSql } from "../lib/bus/postgres/schema.ts";
import { type FreshDatabase, freshDatabase } from "./helpers/pg_server.ts";

// The bus contract (tests/helpers/bus_contract.ts) on every engine. SQLite: a fresh cc-dm
// directory per case. Engines added later register their harness here too.

let home: TempHome | undefined;

runBusContract("sqlite", {
  fresh: async () => {
    home = await tempHome();
  },
  open: (clock, options) => new SqliteEngine(home!.ccDmHome).open({ clock, mustExist: options?.mustExist }),
  childEnv: () => home!.env,
  cleanup: async () => {
    await home?.cleanup();
    home = undefined;
  },
});

// PostgreSQL: a fresh database per case on the test server (tests/helpers/pg_server.ts), used
// as a member role. The bus is "created" the way a team creates it: the owner runs `bus init`
// and grants the member; an open with mustExist before that finds no schema (BusError missing).
let pg: FreshDatabase | undefined;
let pgReady = false;

runBusContract("postgres", {
  fresh: async () => {
    pg = await freshDatabase({ roles: ["member"] });
    pgReady = false;
  },
  open: async (clock, options) => {
    if (!pgReady && !options?.mustExist) {
      const owner = new PostgresEngine(pg!.adminUrl, {});
      await owner.init();
      await owner.apply(grantSql(pg!.roles.member, pg!.name));
      pgReady = true;
    }
    return await new PostgresEngine(pg!.urlAs("member"), {}).open({ clock, mustExist: options?.mustExist });
  },
  childEnv: () => ({
    CC_DM_BUS_URL: pg!.urlAs("member"),
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: Deno.env.get("HOME") ?? "/root",
    RUST_BACKTRACE: "0",
    ...(Deno.env.get("DENO_DIR") ? { DENO_DIR: Deno.env.get("DENO_DIR")! } : {}),
  }),
  cleanup: async () => {
    await pg?.drop();
    pg = undefined;
  },
});
