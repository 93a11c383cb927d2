import { runBusContract } from "./helpers/bus_contract.ts";
import { SqliteEngine } from "../lib/bus/sqlite/engine.ts";
import { type TempHome, tempHome } from "./helpers/temp_home.ts";

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
