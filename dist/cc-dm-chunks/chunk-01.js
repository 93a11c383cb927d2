import {
  UsageError
} from "./chunk-07.js";

// cmd/global_flags.ts
var GLOBAL_FLAGS_HELP = `Global options (before or after the command):
  --bus URL    the bus to use for this command, as CC_DM_BUS_URL does: postgres://... for a
               team's PostgreSQL bus (libpq URL; PG* variables and ~/.pgpass apply);
               --bus '' for the local SQLite bus in CC_DM_HOME`;
function takeGlobalFlags(argv) {
  const rest = [];
  const env = {};
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (word === "--bus") {
      const value = argv[i + 1];
      if (value === void 0 || value.startsWith("-") && value !== "") {
        throw new UsageError("option --bus needs a value (the bus URL, e.g. postgres://alice@db.example.com/ccdm)", "cc-dm --bus postgres://USER@HOST/DATABASE who");
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
  return {
    argv: rest,
    env
  };
}

export {
  GLOBAL_FLAGS_HELP,
  takeGlobalFlags
};
