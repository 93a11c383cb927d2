import * as s from "../../mcp/schema.ts";
import { CcDmError } from "../../errors.ts";
import { STATUS_FRESH_MS } from "../../hook/session_state.ts";
import { MAX_STATUS_CHARS, statusText } from "../../sessions/status_text.ts";
import { defineTool } from "../tool.ts";
import { ok, requireIdentity } from "../tool_result.ts";

export const statusTool = defineTool({
  name: "status",
  title: "Set your cc-dm status line",
  description:
    `Tell the other sessions and their users, in one short line, what you are working on (e.g. "migrating the users table, ~10 min"); \`who\` shows it. An empty text clears it. A status older than ${
      STATUS_FRESH_MS / 60_000
    } minutes is cleared when you go idle.`,
  input: s.object({
    text: s.string().describe(`One line, at most ${MAX_STATUS_CHARS} characters; "" clears it`),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  run: async ({ text }, ctx) => {
    const you = requireIdentity(ctx.membership.identity);
    const status = statusText(text);
    const kept = await ctx.bus.setStatus(you.name, ctx.membership.instance, status);
    if (!kept) {
      throw new CcDmError(
        `The name "${you.name}" is no longer held by this session; nothing was changed`,
        1,
        "Call register{name, role} again.",
      );
    }
    return ok(
      status === null ? "Status cleared." : `Status set: ${JSON.stringify(status)}`,
      { status: status },
      you,
    );
  },
});
