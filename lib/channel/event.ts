import type { Delivery } from "../bus/bus.ts";

/** Params of a `notifications/claude/channel` event. */
export interface ChannelEvent {
  content: string;
  meta: Record<string, string>;
}

const META_KEY = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Turn one delivery into a channel event. Sender extras go in first and the routing keys
 * after, so the facts the bus established (who sent it, to whom, which message) always win.
 * Claude Code renders meta as attributes of `<channel ...>`, which the content cannot forge.
 */
export function channelEvent(delivery: Delivery, receipt?: string): ChannelEvent {
  const m = delivery.message;
  const routing: Record<string, string | null> = {
    from_session: m.from,
    from_role: m.fromRole || null,
    from_project: m.fromProject || null,
    // The sender's database user as the bus server recorded it (PostgreSQL); absent locally.
    from_user: m.fromUser ?? null,
    to_session: delivery.recipient,
    message_id: String(m.id),
    sent_at: new Date(m.createdAt).toISOString(),
    priority: m.priority,
    message_type: m.messageType,
    thread_id: m.threadId,
    in_reply_to: m.inReplyTo,
    broadcast: m.to === null ? "true" : null,
    // A random token per push: the transcript line that carries it proves the model got it.
    receipt: receipt ?? null,
  };
  const meta: Record<string, string> = {};
  for (const [key, value] of Object.entries(m.meta)) {
    if (META_KEY.test(key) && typeof value === "string" && !(key in routing)) meta[key] = value;
  }
  for (const [key, value] of Object.entries(routing)) {
    if (value !== null) meta[key] = value;
  }
  return { content: m.content, meta };
}
