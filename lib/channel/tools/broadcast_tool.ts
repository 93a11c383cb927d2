// @ts-types="@modelcontextprotocol/sdk/server/mcp"
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ChannelContext } from "../context.ts";
import { sendBroadcast } from "../../post.ts";
import { fail, ok, requireIdentity } from "../tool_result.ts";
import { messageFields } from "./message_schema.ts";

export function registerBroadcastTool(server: McpServer, ctx: ChannelContext): void {
  server.registerTool("broadcast", {
    title: "Message every live session",
    description:
      "Send a message to every live cc-dm session you can reach (your project only, if you have a project tag), except yourself.",
    inputSchema: messageFields,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  }, async (args) => {
    try {
      const you = requireIdentity(ctx.membership.identity);
      const receipt = await sendBroadcast(ctx.bus, you, {
        content: args.content,
        priority: args.priority,
        messageType: args.message_type,
        threadId: args.thread_id,
        inReplyTo: args.in_reply_to,
        meta: args.meta,
      }, ctx.now());
      const m = receipt.message;
      const text = receipt.live.length
        ? `Broadcast to ${receipt.live.length} session(s): ${receipt.live.join(", ")}; message_id ${m.id}.`
        : `Broadcast stored as message_id ${m.id}, but no other live session is in reach.`;
      return ok(text, {
        recipients: receipt.live,
        recipient_count: receipt.live.length,
        message_id: String(m.id),
        thread_id: m.threadId,
      }, you);
    } catch (err) {
      return fail(err);
    }
  });
}
