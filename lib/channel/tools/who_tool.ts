import * as s from "../../mcp/schema.ts";
import { roster } from "../../sessions/roster.ts";
import { defineTool } from "../tool.ts";
import { ok } from "../tool_result.ts";

export const whoTool = defineTool({
  name: "who",
  title: "List cc-dm sessions",
  description:
    "List the live sessions you can message (name, role, project, working directory, state: busy / idle / waiting / unknown, and the status line each set). all=true adds offline sessions that have mail waiting.",
  input: s.object({ all: s.boolean().optional().describe("Include offline sessions with queued mail") }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  run: async ({ all }, ctx) => {
    const you = ctx.membership.identity;
    const entries = await roster(ctx.bus, {
      includeOffline: all ?? false,
      viewerProject: you?.project || undefined,
    });
    const sessions = entries.map((e) => ({
      name: e.name,
      role: e.role,
      project: e.project,
      live: e.live,
      cwd: e.cwd,
      ...(e.user !== null ? { user: e.user, host: e.host } : {}),
      last_seen: e.registered ? new Date(e.lastSeen).toISOString() : null,
      queued: e.queued,
      delivery: e.delivery,
      state: e.state,
      state_since: e.stateSince === null ? null : new Date(e.stateSince).toISOString(),
      status_text: e.statusText,
      you: e.name === you?.name,
    }));
    const text = sessions.length
      ? sessions.map((s) =>
        `${s.name}${s.you ? " (you)" : ""}${s.user ? ` (${s.user} on ${s.host || "?"})` : ""}: ${
          s.role || "-"
        }${s.project ? ` [${s.project}]` : ""}, ${s.live ? `live, ${s.state}` : "offline"}${
          s.queued ? `, ${s.queued} queued` : ""
        }${s.status_text ? `, status ${JSON.stringify(s.status_text)}` : ""}`
      ).join("\n")
      : "No sessions in reach.";
    return ok(text, { sessions, count: sessions.length }, you);
  },
});
