import * as s from "../../mcp/schema.ts";
import { sendDm } from "../../mail/routing.ts";
import { routeWords, sendStatus } from "../../mail/delivery_words.ts";
import { defineTool } from "../tool.ts";
import { ok, requireIdentity } from "../tool_result.ts";
import { messageFields, messageOptions } from "./message_schema.ts";

export const dmTool = defineTool({
  name: "dm",
  title: "Send a direct message",
  description:
    "Send a message to one cc-dm session by name. A running session gets it within milliseconds (the result says how: channel event, inbox socket, or waiting for its hooks / inbox tool); queued when it is offline. A name that never registered is refused (typo protection) unless queue is true. To answer a <channel> message, pass in_reply_to=<its message_id>.",
  input: s.object({
    to: s.string().describe("Recipient session name (see who)"),
    ...messageFields,
    queue: s.boolean().optional().describe("Queue for a name that has never registered (default false)"),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  run: async (args, ctx) => {
    const you = requireIdentity(ctx.membership.identity);
    const receipt = await sendDm(
      ctx.bus,
      you,
      {
        ...messageOptions(args),
        to: args.to,
        queueForUnknown: args.queue,
      },
      ctx.access,
    );
    const m = receipt.message;
    const live = receipt.live.length > 0;
    const text = live
      ? `Sent to "${m.to}" (live, ${
        routeWords(receipt.routes[m.to!])
      }): message_id ${m.id}, thread_id ${m.threadId}.`
      : `Queued for "${m.to}", which is offline: it gets message_id ${m.id} when it starts again.`;
    return ok(text, {
      status: sendStatus(receipt),
      route: receipt.routes[m.to!] ?? null,
      to: m.to,
      message_id: String(m.id),
      thread_id: m.threadId,
    }, you);
  },
});
