// @ts-types="@modelcontextprotocol/sdk/server/mcp"
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { ChannelContext } from "../context.ts";
import { sendDm } from "../../post.ts";
import { fail, ok, requireIdentity } from "../tool_result.ts";
import { messageFields } from "./message_schema.ts";

export function registerDmTool(server: McpServer, ctx: ChannelContext): void {
  server.registerTool("dm", {
    title: "Send a direct message",
    description:
      "Send a message to one cc-dm session by name. Delivered within milliseconds when it is running; queued when it is offline. A name that never registered is refused (typo protection) unless queue is true. To answer a <channel> message, pass in_reply_to=<its message_id>.",
    inputSchema: {
      to: z.string().describe("Recipient session name (see who)"),
      ...messageFields,
      queue: z.boolean().optional().describe("Queue for a name that has never registered (default false)"),
    },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  }, async (args) => {
    try {
      const you = requireIdentity(ctx.membership.identity);
      const receipt = await sendDm(ctx.bus, you, {
        to: args.to,
        content: args.content,
        priority: args.priority,
        messageType: args.message_type,
        threadId: args.thread_id,
        inReplyTo: args.in_reply_to,
        meta: args.meta,
        queueForUnknown: args.queue,
      }, ctx.now());
      const m = receipt.message;
      const status = receipt.live.length ? "delivered" : "queued";
      const text = receipt.live.length
        ? `Sent to "${m.to}" (live): message_id ${m.id}, thread_id ${m.threadId}.`
        : `Queued for "${m.to}", which is offline: it gets message_id ${m.id} when it starts again.`;
      return ok(text, { status, to: m.to, message_id: String(m.id), thread_id: m.threadId }, you);
    } catch (err) {
      return fail(err);
    }
  });
}
