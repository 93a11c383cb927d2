import * as s from "../../mcp/schema.ts";
import * as rules from "../../mail/input_limits.ts";
import { defineTool } from "../tool.ts";
import { ok } from "../tool_result.ts";

export const registerTool = defineTool({
  name: "register",
  title: "Register this session on cc-dm",
  description:
    "Claim a unique cc-dm name for this session (and a role, and optionally a project tag that limits who you reach). Fails if a live session holds the name. Registering again renames the session.",
  input: s.object({
    name: s.string().describe("Unique session name, e.g. backend (letters, digits, '.', '_', '-')"),
    role: s.string().describe("What this session does, e.g. worker, planner, tests"),
    project: s.string().optional().describe(
      "Project tag: only sessions with the same tag can reach each other",
    ),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  run: async ({ name, role, project }, ctx) => {
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
  },
});
