import {
  sendStatus
} from "./chunk-31.js";
import {
  isoTime
} from "./chunk-34.js";

// cmd/message_json.ts
function messageJson(m) {
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
    sent_at: isoTime(m.createdAt)
  };
}
function receiptJson(r) {
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
    sent_at: isoTime(m.createdAt)
  };
}

export {
  messageJson,
  receiptJson
};
