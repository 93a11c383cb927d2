import {
  cliName,
  tag
} from "./chunk-38.js";
import {
  UsageError
} from "./chunk-07.js";

// cmd/cli_sender.ts
var CLI_ROLE = "cli";
function cliSender(io, flags) {
  const explicit = flags.from ?? io.env.CC_DM_FROM;
  let name;
  if (explicit !== void 0 && explicit.trim() !== "") {
    try {
      name = cliName(explicit);
    } catch (err) {
      const source = flags.from !== void 0 ? "--from" : "CC_DM_FROM";
      throw new UsageError(`${source}: ${err.message}`, "use a name like --from ci or --from alice");
    }
  } else {
    name = loginName(io) ?? cliName("human");
  }
  return {
    name,
    role: CLI_ROLE,
    project: projectTag(io, flags.project)
  };
}
function loginName(io) {
  const login = io.env.USER ?? io.env.LOGNAME ?? io.env.USERNAME;
  if (!login?.trim()) return void 0;
  try {
    return cliName(login);
  } catch {
    return void 0;
  }
}
function projectTag(io, flag) {
  const raw = flag ?? io.env.CC_DM_SESSION_PROJECT;
  try {
    return tag(raw, "project");
  } catch (err) {
    const source = flag !== void 0 ? "--project" : "CC_DM_SESSION_PROJECT";
    throw new UsageError(`${source}: ${err.message}`, "use a tag like --project web");
  }
}

export {
  cliSender,
  projectTag
};
