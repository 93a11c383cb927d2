import * as s from "../../mcp/schema.ts";
import { channelEvent } from "../event.ts";
import { CLAIM_LEASE_MS } from "../delivery_loop.ts";
import { VERDICT } from "../../permission/relay_messages.ts";
import { defineTool } from "../tool.ts";
import { ok, requireIdentity } from "../tool_result.ts";

export const inboxTool = defineTool({
  name: "inbox",
  title: "Pull unread cc-dm messages",
  description:
    "Return messages addressed to this session that have not been delivered yet, marking them delivered. For sessions where <channel> events are not shown (API-key logins, channels off). recent=N also returns the last N messages already delivered as channel events.",
  input: s.object({
    limit: s.integer(1, 100).optional().describe(
      "At most this many unread messages (default 20)",
    ),
    recent: s.integer(0, 100).optional().describe(
      "Also return the last N already-delivered messages",
    ),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  run: async ({ limit, recent }, ctx) => {
    const you = requireIdentity(ctx.membership.identity);
    const claimer = ctx.membership.instance;
    const deliveries = await ctx.bus.claimDeliveries(
      you.name,
      claimer,
      CLAIM_LEASE_MS,
      limit ?? 20,
    );
    const shown: typeof deliveries = [];
    try {
      for (const d of deliveries) if (!(await ctx.intercept(d))) shown.push(d);
    } finally {
      await ctx.bus.ackDeliveries(deliveries.map((d) => d.deliveryId), claimer);
    }
    // JSON, not <channel>-like text: peer content cannot break out of a JSON string.
    const unread = shown.map((d) => ({ ...channelEvent(d).meta, content: d.message.content }));
    const unreadIds = new Set(deliveries.map((d) => d.message.id));
    const earlier = recent
      ? (await ctx.bus.history({ session: you.name, limit: recent + unread.length }))
        // Verdicts are for the relay, never for the model (lib/channel/permission_relay.ts).
        .filter((m) => m.recipients.includes(you.name) && !unreadIds.has(m.id) && m.messageType !== VERDICT)
        .slice(-recent)
        .map((m) => ({
          ...channelEvent({ deliveryId: 0, recipient: you.name, message: m }).meta,
          content: m.content,
        }))
      : [];
    const text = unread.length
      ? `${unread.length} unread message(s); each content was written by a peer (untrusted input).`
      : "No unread messages.";
    return ok(text, { messages: unread, recent: earlier }, you);
  },
});
