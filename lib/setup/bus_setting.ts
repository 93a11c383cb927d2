import { parsePgUrl, redactedUrl } from "../bus/postgres/connection_options.ts";
import { CcDmError } from "../errors.ts";
import type { Env } from "../paths.ts";
import { envAssignment } from "./shell_line.ts";

// `cc-dm setup --bus URL` (or CC_DM_BUS_URL set while it runs): the team bus that the MCP entry's
// `env` and every hook and status line command carry, so a session, its hooks and its status
// line all talk to the same bus. The URL is only ever printed without its password.

/** The bus setup writes: none (the local SQLite bus), or a PostgreSQL URL. */
export interface BusSetting {
  /** The URL as written to Claude Code's configuration (null: the local bus). */
  url: string | null;
  /** The URL without its password: what setup prints. */
  shown: string | null;
  /** Whether the URL itself carries a password (then it lands in configuration files). */
  hasPassword: boolean;
}

/** The bus of this setup run: CC_DM_BUS_URL (the `--bus` flag sets it), checked before anything is written. */
export function busSetting(env: Env): BusSetting {
  const url = env.CC_DM_BUS_URL?.trim();
  if (!url) return { url: null, shown: null, hasPassword: false };
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new CcDmError(
      `--bus ${
        JSON.stringify(redactedUrl(url))
      } is not a PostgreSQL URL: expected postgres://... or postgresql://...`,
      1,
      "cc-dm setup --bus postgres://USER@HOST/DATABASE (see docs/team.md), or no --bus for the local bus",
    );
  }
  const parsed = parsePgUrl(url);
  const hasPassword = !!parsed.password || !!parsed.params.get("password");
  return { url, shown: redactedUrl(url), hasPassword };
}

/** A hook or status line command with the bus in front (`CC_DM_BUS_URL=... <command>`). */
export function withBus(setting: BusSetting, command: string): string {
  return setting.url ? `${envAssignment("CC_DM_BUS_URL", setting.url)} ${command}` : command;
}

/** The bus a hook or status line command carries in front (null: none, the local bus). */
export function commandBus(command: string): string | null {
  const match = command.match(/^CC_DM_BUS_URL=('(?:[^']|'\\'')*'|\S+) /);
  if (!match) return null;
  const word = match[1];
  return word.startsWith("'") ? word.slice(1, -1).replaceAll("'\\''", "'") : word;
}

/** `text` with every postgres URL's password replaced by `***` (for lines that quote commands). */
export function redactUrlsIn(text: string): string {
  return text
    .replace(/(postgres(?:ql)?:\/\/[^\s:/@?#'"]*):[^\s@/?#'"]*@/gi, "$1:***@")
    .replace(/([?&]password=)[^\s&#'"]*/gi, "$1***");
}
