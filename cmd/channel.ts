import { parseArgs } from "node:util";
import { runChannel } from "../lib/channel/channel_process.ts";
import type { Identity } from "../lib/sessions/membership.ts";
import * as rules from "../lib/mail/input_limits.ts";
import { UsageError } from "../lib/errors.ts";
import type { Io } from "./io.ts";

export const usage = `cc-dm channel: the MCP server Claude Code starts for each session

Usage: cc-dm channel [--name NAME] [--role ROLE] [--project TAG]

Speaks MCP (JSON-RPC) on stdin/stdout, registers the session on the bus and pushes every
incoming message into the session as a <channel> event. Claude Code starts it; you do not.

Options (each has an environment twin, as in cc-dm 1.x):
  --name NAME      session name          CC_DM_SESSION_NAME
  --role ROLE      role, default worker  CC_DM_SESSION_ROLE
  --project TAG    project tag           CC_DM_SESSION_PROJECT
  Without a name the session starts unregistered and the model calls register.

More environment (see README.md and docs/permission.md):
  CC_DM_HOME                       the bus directory (default ~/.cc-dm)
  CC_DM_PUSH=auto|always|never     push events (auto: only when Claude Code will show them)
  CC_DM_WAKE=watch|poll, CC_DM_POLL_MS   wake-up by file watch (default) or by polling
  CC_DM_PERMISSION_RELAY=1, CC_DM_PERMISSION_APPROVER=NAME   relay permission prompts
  CC_DM_DM_ALLOWLIST | CC_DM_DM_BLOCKLIST, CC_DM_BROADCAST_ALLOWED_ROLES   what this session may send
  CC_DM_ACCEPT_FROM, CC_DM_REJECT_FROM   which senders this session accepts (names, role:R, project:P)

Examples:
  claude mcp add -s user cc-dm -- cc-dm channel
  CC_DM_SESSION_NAME=backend claude --dangerously-load-development-channels server:cc-dm
`;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      name: { type: "string" },
      role: { type: "string" },
      project: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout(usage);
    return 0;
  }
  const rawName = values.name ?? io.env.CC_DM_SESSION_NAME;
  let identity: Identity | null = null;
  if (rawName?.trim()) {
    try {
      identity = {
        name: rules.sessionName(rawName),
        role: rules.tag(values.role ?? io.env.CC_DM_SESSION_ROLE, "role") || "worker",
        project: rules.tag(values.project ?? io.env.CC_DM_SESSION_PROJECT, "project"),
      };
    } catch (err) {
      throw new UsageError((err as Error).message, "set CC_DM_SESSION_NAME to a name like backend");
    }
  }
  return await runChannel({
    env: io.env,
    identity,
    cwd: io.cwd,
    log: (text) => io.stderr(text + "\n"),
  });
}
