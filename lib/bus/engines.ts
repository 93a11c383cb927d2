import type { BusEngine } from "./engine.ts";
import { SqliteEngine } from "./sqlite/engine.ts";
import { ccDmHome, type Env } from "../paths.ts";
import { CcDmError } from "../errors.ts";

// Which engine a command talks to: CC_DM_BUS_URL picks it (the CLI's `--bus URL` sets it for
// one command). Unset or empty: the SQLite bus in CC_DM_HOME (default ~/.cc-dm).

/** The engine the environment points at; throws CcDmError for a CC_DM_BUS_URL it cannot use. */
export function engineFor(env: Env): BusEngine {
  const url = env.CC_DM_BUS_URL?.trim();
  if (!url) return new SqliteEngine(ccDmHome(env), env);
  if (/^postgres(ql)?:\/\//i.test(url)) {
    throw new CcDmError(
      `Cannot open bus ${JSON.stringify(safeUrl(url))}: this cc-dm has no PostgreSQL engine yet`,
      1,
      "Unset CC_DM_BUS_URL to use the local bus in CC_DM_HOME (default ~/.cc-dm).",
    );
  }
  throw new CcDmError(
    `CC_DM_BUS_URL ${
      JSON.stringify(safeUrl(url))
    } names no bus engine: expected postgres://... or postgresql://...`,
    1,
    "Unset CC_DM_BUS_URL to use the local bus in CC_DM_HOME (default ~/.cc-dm), or give a PostgreSQL URL.",
  );
}

/** `url` with any password replaced by `***`: safe to print (errors, `location`, doctor). */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    // Not a URL: hide whatever sits between "//" and "@", where a password would be.
    return url.replace(/\/\/[^/@]*@/, "//***@");
  }
}
