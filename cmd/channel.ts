import { parseArgs } from "node:util";
import { channelConfig } from "../lib/channel/channel_config.ts";
import { runStdioChannel } from "../lib/channel/stdio_channel.ts";
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
  CC_DM_PUSH=auto|always|socket|never   how mail is pushed (auto: the route Claude Code will show)
  CC_DM_WAKE=watch|poll, CC_DM_POLL_MS   wake-up by the bus's signal (default) or by polling
  CC_DM_FIRST_PUSH_DELAY_MS=1000   longest wait before the first push (0: none); it goes as
                                   soon as Claude Code shows it listens (docs/delivery.md)
  CC_DM_PERMISSION_TTL_MS          how long a relayed permission request can be answered
  CC_DM_DEBUG_RECEIPTS=1           log how long each delivery took to reach the transcript
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
  // Flags and their environment twins are read here, once; a bad value stops the start (exit 2).
  const config = channelConfig(io.env, { name: values.name, role: values.role, project: values.project });
  return await runStdioChannel({ config, env: io.env, cwd: io.cwd, log: (text) => io.stderr(text + "\n") });
}
