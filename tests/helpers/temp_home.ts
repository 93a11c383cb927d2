import { join } from "node:path";

/** A throwaway HOME with its own cc-dm directory, removed by `cleanup`. */
export interface TempHome {
  home: string;
  ccDmHome: string;
  /** Environment for processes under test: only what they need, nothing from the caller. */
  env: Record<string, string>;
  cleanup: () => Promise<void>;
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
  return {
    home,
    ccDmHome,
    env,
    cleanup: () => Deno.remove(home, { recursive: true }).catch(() => {}),
  };
}

/** Absolute path of the repository's main.ts. */
export const MAIN_TS = new URL("../../main.ts", import.meta.url).pathname;
