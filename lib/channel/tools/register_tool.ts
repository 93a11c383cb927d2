// @ts-types="@modelcontextprotocol/sdk/server/mcp"
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { ChannelContext } from "../context.ts";
import * as rules from "../../rules.ts";
import { fail, ok } from "../tool_result.ts";

export function registerRegisterTool(server: McpServer, ctx: ChannelContext): void {
  server.registerTool("register", {
    title: "Register this session on cc-dm",
    description:
      "Claim a unique cc-dm name for this session (and a role, and optionally a project tag that limits who you reach). Fails if a live session holds the name. Registering again renames the session.",
    inputSchema: {
      name: z.string().describe("Unique session name, e.g. backend (letters, digits, '.', '_', '-')"),
      role: z.string().describe("What this session does, e.g. worker, planner, tests"),
      project: z.string().optional().describe(
        "Project tag: only sessions with the same tag can reach each other",
      ),
    },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  }, async ({ name, role, project }) => {
    try {
      const identity = {
        name: rules.sessionName(name),
        role: rules.tag(role, "role") || "worker",
        project: rules.tag(project, "project"),
      };
      await ctx.membership.register(identity);
      ctx.onRegistered();
      return ok(`Registered as "${identity.name}". Messages to this name now arrive here.`, {
        registered: true,
      }, identity);
    } catch (err) {
      return fail(err);
    }
  });
}
