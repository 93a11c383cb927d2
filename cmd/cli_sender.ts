import type { Identity } from "../lib/sessions/membership.ts";
import * as rules from "../lib/mail/input_limits.ts";
import { UsageError } from "../lib/errors.ts";
import type { Io } from "./io.ts";

/** The role every command-line identity carries. */
export const CLI_ROLE = "cli";

/**
 * Who a `send` or `ask` is from: `cli:<name>` from --from, else CC_DM_FROM, else the login
 * name, else `cli:human`. The prefix marks it as a person or script, never a Claude session.
 * The project tag (--project, else CC_DM_SESSION_PROJECT) scopes whom it reaches.
 */
export function cliSender(io: Pick<Io, "env">, flags: { from?: string; project?: string }): Identity {
  const explicit = flags.from ?? io.env.CC_DM_FROM;
  let name: string;
  if (explicit !== undefined && explicit.trim() !== "") {
    try {
      name = rules.cliName(explicit);
    } catch (err) {
      const source = flags.from !== undefined ? "--from" : "CC_DM_FROM";
      throw new UsageError(
        `${source}: ${(err as Error).message}`,
        "use a name like --from ci or --from alice",
      );
    }
  } else {
    name = loginName(io) ?? rules.cliName("human");
  }
  return { name, role: CLI_ROLE, project: projectTag(io, flags.project) };
}

function loginName(io: Pick<Io, "env">): string | undefined {
  const login = io.env.USER ?? io.env.LOGNAME ?? io.env.USERNAME;
  if (!login?.trim()) return undefined;
  try {
    return rules.cliName(login);
  } catch {
    // A login name cc-dm cannot use as is (e.g. "DOMAIN\\me"): fall back to cli:human.
    return undefined;
  }
}

/** --project, else CC_DM_SESSION_PROJECT; checked as a usage error. */
export function projectTag(io: Pick<Io, "env">, flag: string | undefined): string {
  const raw = flag ?? io.env.CC_DM_SESSION_PROJECT;
  try {
    return rules.tag(raw, "project");
  } catch (err) {
    const source = flag !== undefined ? "--project" : "CC_DM_SESSION_PROJECT";
    throw new UsageError(`${source}: ${(err as Error).message}`, "use a tag like --project web");
  }
}
