import { join } from "node:path";

/** A throwaway HOME with its own cc-dm directory, removed by `cleanup`. */
export interface TempHome {
  home: string;
  ccDmHome: string;
  /** Environment for processes under test: only what they need, nothing from the caller. */
  env: Record<string, string>;
  cleanup: () => Promise<void>;
}

/** The engine new temp homes get a bus on (a test module that runs its cases on PostgreSQL sets it). */
let engine: "sqlite" | "postgres" = "sqlite";
/** The PostgreSQL bus URL of each temp home on that engine (for tests/helpers/bus_reads.ts). */
const busUrls = new Map<string, string>();

/**
 * Give every later tempHome() of this test module a bus on `which`: "postgres" makes a fresh
 * database (schema initialized, one member role) and sets CC_DM_BUS_URL in the home's env, so the
 * same process tests run unchanged on the PostgreSQL engine.
 */
export function useBusEngine(which: "sqlite" | "postgres"): void {
  engine = which;
}

/** The engine later tempHome() calls of this module put their bus on. */
export function busEngine(): "sqlite" | "postgres" {
  return engine;
}

/** The CC_DM_BUS_URL of the temp home whose cc-dm directory is `ccDmHome`, if it has one. */
export function busUrlOf(ccDmHome: string): string | undefined {
  return busUrls.get(ccDmHome);
}

export async function tempHome(): Promise<TempHome> {
  const home = await Deno.makeTempDir({ prefix: "cc-dm-test-" });
  const ccDmHome = join(home, ".cc-dm");
  const env: Record<string, string> = {
    HOME: home,
    CC_DM_HOME: ccDmHome,
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    RUST_BACKTRACE: "0",
    NO_COLOR: "1",
  };
  const denoDir = Deno.env.get("DENO_DIR");
  if (denoDir) env.DENO_DIR = denoDir;
  // Deno's module cache lives under $HOME/.cache by default; keep using the warm one.
  else env.DENO_DIR = join(Deno.env.get("HOME") ?? "/root", ".cache", "deno");
  let dropBus = () => Promise.resolve();
  if (engine === "postgres") {
    // Loaded only here: most test modules never touch PostgreSQL.
    const { freshPgBus } = await import("./pg_bus.ts");
    const bus = await freshPgBus(["m"]);
    env.CC_DM_BUS_URL = bus.url("m");
    busUrls.set(ccDmHome, env.CC_DM_BUS_URL);
    dropBus = () => bus.cleanup();
  }
  return {
    home,
    ccDmHome,
    env,
    cleanup: async () => {
      busUrls.delete(ccDmHome);
      await dropBus().catch(() => {});
      await Deno.remove(home, { recursive: true }).catch(() => {});
    },
  };
}

/** Absolute path of the repository's main.ts. */
export const MAIN_TS = new URL("../../main.ts", import.meta.url).pathname;
