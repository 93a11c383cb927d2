import {
  InvalidInputError
} from "./chunk-07.js";

// lib/mail/input_limits.ts
var MAX_CONTENT_BYTES = 64 * 1024;
var MAX_NAME_LENGTH = 64;
var MAX_LABEL_LENGTH = 64;
var MAX_META_KEYS = 16;
var MAX_META_VALUE_LENGTH = 256;
var PRIORITIES = [
  "urgent",
  "normal",
  "low"
];
var MESSAGE_TYPES = [
  "task",
  "question",
  "status",
  "review",
  "reply",
  "chat"
];
var CLI_PREFIX = "cli:";
var NAME_BODY = /^[a-z0-9][a-z0-9._-]*$/;
var META_KEY = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
var LABEL = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;
var ROUTING_KEYS = [
  "source",
  "from_session",
  "from_role",
  "from_project",
  "from_user",
  "to_session",
  "message_id",
  "sent_at",
  "priority",
  "message_type",
  "thread_id",
  "in_reply_to",
  "broadcast",
  "receipt"
];
var RELAY_KEYS = [
  "request_id",
  "tool_name",
  "approver",
  "expires_at",
  "behavior",
  "verdict"
];
function normalizeName(raw, what = "session name") {
  const name = raw.trim().toLowerCase().replace(/\s+/g, "-");
  const body = name.startsWith(CLI_PREFIX) ? name.slice(CLI_PREFIX.length) : name;
  if (body.length === 0) {
    throw new InvalidInputError(`Invalid ${what} ${JSON.stringify(raw)}: it is empty`);
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new InvalidInputError(`Invalid ${what} ${JSON.stringify(raw)}: longer than ${MAX_NAME_LENGTH} characters`);
  }
  if (!NAME_BODY.test(body)) {
    throw new InvalidInputError(`Invalid ${what} ${JSON.stringify(raw)}: use letters, digits, '.', '_' and '-', starting with a letter or digit`);
  }
  return name;
}
function sessionName(raw) {
  const name = normalizeName(raw);
  if (name.startsWith(CLI_PREFIX)) {
    throw new InvalidInputError(`Invalid session name ${JSON.stringify(raw)}: names starting with "${CLI_PREFIX}" are reserved for the command line`);
  }
  return name;
}
function cliName(raw) {
  const trimmed = raw.trim().toLowerCase();
  return normalizeName(trimmed.startsWith(CLI_PREFIX) ? trimmed : CLI_PREFIX + trimmed, "sender name");
}
function tag(raw, what) {
  if (raw === void 0) return "";
  const value = raw.trim().toLowerCase().replace(/\s+/g, "-");
  if (value === "") return "";
  if (value.length > MAX_LABEL_LENGTH || !NAME_BODY.test(value)) {
    throw new InvalidInputError(`Invalid ${what} ${JSON.stringify(raw)}: use up to ${MAX_LABEL_LENGTH} letters, digits, '.', '_' or '-'`);
  }
  return value;
}
function content(raw) {
  if (raw.trim() === "") {
    throw new InvalidInputError("Invalid message: the content is empty", "Write some text to send.");
  }
  const nul = raw.indexOf("\0");
  if (nul >= 0) {
    throw new InvalidInputError(`Invalid message: it contains a NUL character (U+0000) at character ${nul} of ${JSON.stringify(raw.length > 40 ? raw.slice(0, 40) + "\u2026" : raw)}; nothing was sent`, "Remove the NUL bytes; send binary data encoded (e.g. base64).");
  }
  if (!raw.isWellFormed()) {
    const at = [
      ...raw
    ].findIndex((c) => /^[\uD800-\uDFFF]$/.test(c));
    throw new InvalidInputError(`Invalid message: it contains a lone UTF-16 surrogate at character ${at}, which is not valid Unicode; nothing was sent`, "Send valid Unicode text.");
  }
  const bytes = new TextEncoder().encode(raw).length;
  if (bytes > MAX_CONTENT_BYTES) {
    throw new InvalidInputError(`Invalid message: ${bytes} bytes is over the limit of ${MAX_CONTENT_BYTES} bytes`, "Send a summary, or split it into several messages in one thread.");
  }
  return raw;
}
function label(raw, what) {
  if (raw === void 0) return void 0;
  const value = raw.trim();
  if (value === "") return void 0;
  if (value.length > MAX_LABEL_LENGTH || !LABEL.test(value)) {
    throw new InvalidInputError(`Invalid ${what} ${JSON.stringify(raw)}: use up to ${MAX_LABEL_LENGTH} letters, digits, '.', '_', ':', '/' or '-'`);
  }
  return value;
}
function priority(raw) {
  if (raw === void 0 || raw === "") return "normal";
  const value = raw.trim().toLowerCase();
  if (PRIORITIES.includes(value)) return value;
  throw new InvalidInputError(`Invalid priority ${JSON.stringify(raw)}: use one of ${PRIORITIES.join(", ")}`);
}
function messageType(raw) {
  if (raw === void 0 || raw === "") return "chat";
  const value = raw.trim().toLowerCase();
  if (MESSAGE_TYPES.includes(value)) return value;
  throw new InvalidInputError(`Invalid message type ${JSON.stringify(raw)}: use one of ${MESSAGE_TYPES.join(", ")}`);
}
function senderMeta(raw, options = {}) {
  if (raw === void 0) return {};
  const entries = Object.entries(raw);
  if (entries.length > MAX_META_KEYS) {
    throw new InvalidInputError(`Invalid meta: ${entries.length} keys is over the limit of ${MAX_META_KEYS}`);
  }
  const out = {};
  for (const [key, value] of entries) {
    if (!META_KEY.test(key)) {
      throw new InvalidInputError(`Invalid meta key ${JSON.stringify(key)}: keys must match ^[a-zA-Z_][a-zA-Z0-9_]*$ or Claude Code drops them`);
    }
    if (!options.relay && RELAY_KEYS.includes(key)) {
      throw new InvalidInputError(`Invalid meta key ${JSON.stringify(key)}: it is reserved for permission-relay messages`);
    }
    if (ROUTING_KEYS.includes(key)) {
      throw new InvalidInputError(`Invalid meta key ${JSON.stringify(key)}: it is a routing key that only cc-dm sets`);
    }
    if (typeof value !== "string" || value.length > MAX_META_VALUE_LENGTH) {
      throw new InvalidInputError(`Invalid meta value for ${JSON.stringify(key)}: use a string of at most ${MAX_META_VALUE_LENGTH} characters`);
    }
    out[key] = value;
  }
  return out;
}

export {
  MAX_CONTENT_BYTES,
  MAX_META_VALUE_LENGTH,
  PRIORITIES,
  MESSAGE_TYPES,
  CLI_PREFIX,
  normalizeName,
  sessionName,
  cliName,
  tag,
  content,
  label,
  priority,
  messageType,
  senderMeta
};
