import { UsageError } from "../lib/errors.ts";

// Flags every command takes, each the twin of an environment variable (the variable is the
// default, the flag wins for this one command). main.ts takes them out of argv, before or after
// the command's name, so no command's own parser needs to know them. Words after `--` are the
// command's (message text), never a global flag.

/** Help lines for `cc-dm --help` and each command's `--help`. */
export const GLOBAL_FLAGS_HELP = `Global options (before or after the command):
  --bus URL    the bus to use for this command, as CC_DM_BUS_URL does: postgres://... for a
               team's PostgreSQL bus (libpq URL; PG* variables and ~/.pgpass apply);
               --bus '' for the local SQLite bus in CC_DM_HOME`;

/** What the global flags asked for: argv without them, and the environment they set. */
export interface GlobalFlags {
  argv: string[];
  /** Variables to set for the command (`--bus URL` → CC_DM_BUS_URL). */
  env: Record<string, string>;
}

/** Take `--bus URL` / `--bus=URL` out of `argv`. The last one wins; a missing value is a usage error. */
export function takeGlobalFlags(argv: readonly string[]): GlobalFlags {
  const rest: string[] = [];
  const env: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (word === "--bus") {
      const value = argv[i + 1];
      if (value === undefined || (value.startsWith("-") && value !== "")) {
        throw new UsageError(
          "option --bus needs a value (the bus URL, e.g. postgres://alice@db.example.com/ccdm)",
          "cc-dm --bus postgres://USER@HOST/DATABASE who",
        );
      }
      env.CC_DM_BUS_URL = value;
      i++;
      continue;
    }
    if (word.startsWith("--bus=")) {
      env.CC_DM_BUS_URL = word.slice("--bus=".length);
      continue;
    }
    rest.push(word);
  }
  return { argv: rest, env };
}
