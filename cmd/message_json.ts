import { sendStatus } from "../lib/mail/delivery_words.ts";
import type { StoredMessage } from "../lib/bus/bus.ts";
import type { Receipt } from "../lib/mail/routing.ts";
import { isoTime } from "./format_time.ts";

// JSON shapes printed by send, ask and tail; documented in docs/json.md (checked by
// tests/json_contract_test.ts). Add fields freely, never rename or remove one.

/** One message as `tail --json` and `ask --json` print it. */
export function messageJson(m: StoredMessage): Record<string, unknown> {
  return {
    id: m.id,
    from: m.from,
    from_role: m.fromRole,
    from_project: m.fromProject,
    from_user: m.fromUser ?? null,
    to: m.to,
    recipients: m.recipients,
    broadcast: m.to === null,
    content: m.content,
    priority: m.priority,
    message_type: m.messageType,
    thread_id: m.threadId,
    in_reply_to: m.inReplyTo,
    meta: m.meta,
    sent_at: isoTime(m.createdAt),
  };
}

/** What `send --json` prints: where the message went. */
export function receiptJson(r: Receipt): Record<string, unknown> {
  const m = r.message;
  return {
    message_id: m.id,
    thread_id: m.threadId,
    from: m.from,
    to: m.to,
    broadcast: m.to === null,
    status: sendStatus(r),
    live: r.live,
    routes: r.routes,
    queued: r.queued,
    refused: r.refused,
    sent_at: isoTime(m.createdAt),
  };
}
