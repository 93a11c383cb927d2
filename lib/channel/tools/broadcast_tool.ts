import * as s from "../../mcp/schema.ts";
import { sendBroadcast } from "../../mail/routing.ts";
import { defineTool } from "../tool.ts";
import { ok, requireIdentity } from "../tool_result.ts";
import { messageFields, messageOptions } from "./message_schema.ts";

export const broadcastTool = defineTool({
  name: "broadcast",
  title: "Message every live session",
  description:
    "Send a message to every live cc-dm session you can reach (your project only, if you have a project tag), except yourself.",
  input: s.object(messageFields),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  run: async (args, ctx) => {
    const you = requireIdentity(ctx.membership.identity);
    // The wake-ups go out once this answer is written: the woken sessions would otherwise take
    // the CPU before the sender's model gets its answer (66 ms to 100 sessions on 2 cores).
    const receipt = await sendBroadcast(ctx.bus, you, { ...messageOptions(args), wake: "after" }, ctx.access);
    const m = receipt.message;
    const sent = receipt.live.length
      ? `Broadcast to ${receipt.live.length} session(s): ${receipt.live.join(", ")}; message_id ${m.id}.`
      : `Broadcast stored as message_id ${m.id}, but no other live session is in reach.`;
    const refused = receipt.refused.map((r) => `\n- not sent to "${r.name}": ${r.reason}`).join("");
    return ok(sent + refused, {
      recipients: receipt.live,
      recipient_count: receipt.live.length,
      refused: receipt.refused,
      message_id: String(m.id),
      thread_id: m.threadId,
    }, you);
  },
});
