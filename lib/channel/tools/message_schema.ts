import * as s from "../../mcp/schema.ts";
import { MESSAGE_TYPES, PRIORITIES } from "../../mail/input_limits.ts";

/** Fields shared by dm and broadcast, compatible with cc-dm 1.3.1 plus replies and meta. */
export const messageFields = {
  content: s.string().describe("The message text (at most 64 KiB)"),
  priority: s.oneOf(PRIORITIES).optional().describe("urgent, normal (default) or low"),
  message_type: s.oneOf(MESSAGE_TYPES).optional().describe("task, question, status, review, reply or chat"),
  thread_id: s.string().optional().describe("Thread to file the message under; a new thread by default"),
  in_reply_to: s.string().optional().describe(
    "message_id this answers; the reply joins that message's thread",
  ),
  meta: s.stringMap().optional().describe(
    "Extra attributes for the <channel> tag; keys match ^[a-zA-Z_][a-zA-Z0-9_]*$ and cannot be routing keys",
  ),
};

/** The message fields of a tool call, in lib/mail/routing.ts terms. */
export function messageOptions(args: {
  content: string;
  priority?: string;
  message_type?: string;
  thread_id?: string;
  in_reply_to?: string;
  meta?: Record<string, string>;
}) {
  return {
    content: args.content,
    priority: args.priority,
    messageType: args.message_type,
    threadId: args.thread_id,
    inReplyTo: args.in_reply_to,
    meta: args.meta,
  };
}
