import { join } from "node:path";

/** Environment as a plain record, passed in so tests can give their own. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The cc-dm directory: `$CC_DM_HOME`, else `~/.cc-dm`. */
export function ccDmHome(env: Env): string {
  const explicit = env.CC_DM_HOME?.trim();
  if (explicit) return explicit;
  const home = env.HOME ?? env.USERPROFILE;
  if (!home) {
    throw new Error("Cannot find the cc-dm directory: neither CC_DM_HOME nor HOME is set");
  }
  return join(home, ".cc-dm");
}
