import { parseArgs } from "node:util";
import { runChannel } from "../lib/channel/channel_process.ts";
import type { Identity } from "../lib/membership.ts";
import * as rules from "../lib/rules.ts";
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
  const rawName = values.name ?? io.env.CC_DM_SESSION_NAME ?? io.env.CC_DM_SESSION_ID;
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
