import { InvalidInputError } from "../errors.ts";

// The limits a message and a name must meet. Documented in README.md ("Limits").

/** Largest message body in UTF-8 bytes. Big enough for a test log tail, small enough for a model turn. */
export const MAX_CONTENT_BYTES = 64 * 1024;
export const MAX_NAME_LENGTH = 64;
export const MAX_LABEL_LENGTH = 64;
export const MAX_META_KEYS = 16;
export const MAX_META_VALUE_LENGTH = 256;

export const PRIORITIES = ["urgent", "normal", "low"] as const;
export type Priority = typeof PRIORITIES[number];
export const MESSAGE_TYPES = ["task", "question", "status", "review", "reply", "chat"] as const;
export type MessageType = typeof MESSAGE_TYPES[number];

/**
 * Message types only cc-dm's own code sends (the permission relay, lib/permission/): not in
 * MESSAGE_TYPES, so no tool argument or CLI flag can produce them.
 */
export const RELAY_MESSAGE_TYPES = ["permission_request", "verdict"] as const;
export type RelayMessageType = typeof RELAY_MESSAGE_TYPES[number];

/** Prefix that marks a CLI or script identity; a Claude session can never take such a name. */
export const CLI_PREFIX = "cli:";

const NAME_BODY = /^[a-z0-9][a-z0-9._-]*$/;
const META_KEY = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const LABEL = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;

/** Meta keys the server sets on every event; a sender can never supply them. */
export const ROUTING_KEYS = [
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
  "receipt",
] as const;

/**
 * Meta keys that mark permission-relay messages. Only the relay sets them, so an ordinary
 * message can never look like a permission request or a verdict to a model.
 */
export const RELAY_KEYS = [
  "request_id",
  "tool_name",
  "approver",
  "expires_at",
  "behavior",
  "verdict",
] as const;

/**
 * Normalise a name the way cc-dm 1.x did (trim, lowercase, spaces to hyphens) and check it.
 * Session names are unique keys; `cli:` names belong to humans and scripts.
 */
export function normalizeName(raw: string, what = "session name"): string {
  const name = raw.trim().toLowerCase().replace(/\s+/g, "-");
  const body = name.startsWith(CLI_PREFIX) ? name.slice(CLI_PREFIX.length) : name;
  if (body.length === 0) {
    throw new InvalidInputError(`Invalid ${what} ${JSON.stringify(raw)}: it is empty`);
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new InvalidInputError(
      `Invalid ${what} ${JSON.stringify(raw)}: longer than ${MAX_NAME_LENGTH} characters`,
    );
  }
  if (!NAME_BODY.test(body)) {
    throw new InvalidInputError(
      `Invalid ${what} ${
        JSON.stringify(raw)
      }: use letters, digits, '.', '_' and '-', starting with a letter or digit`,
    );
  }
  return name;
}

/** A name a Claude session may register: a valid name without the `cli:` prefix. */
export function sessionName(raw: string): string {
  const name = normalizeName(raw);
  if (name.startsWith(CLI_PREFIX)) {
    throw new InvalidInputError(
      `Invalid session name ${
        JSON.stringify(raw)
      }: names starting with "${CLI_PREFIX}" are reserved for the command line`,
    );
  }
  return name;
}

/** A CLI identity: `cli:<name>`, whether or not the user typed the prefix. */
export function cliName(raw: string): string {
  const trimmed = raw.trim().toLowerCase();
  return normalizeName(trimmed.startsWith(CLI_PREFIX) ? trimmed : CLI_PREFIX + trimmed, "sender name");
}

/** Role and project tags: short, trimmed, lowercase like names; empty means none. */
export function tag(raw: string | undefined, what: "role" | "project"): string {
  if (raw === undefined) return "";
  const value = raw.trim().toLowerCase().replace(/\s+/g, "-");
  if (value === "") return "";
  if (value.length > MAX_LABEL_LENGTH || !NAME_BODY.test(value)) {
    throw new InvalidInputError(
      `Invalid ${what} ${
        JSON.stringify(raw)
      }: use up to ${MAX_LABEL_LENGTH} letters, digits, '.', '_' or '-'`,
    );
  }
  return value;
}

/** Message body: not blank, at most MAX_CONTENT_BYTES of UTF-8. */
export function content(raw: string): string {
  if (raw.trim() === "") {
    throw new InvalidInputError("Invalid message: the content is empty", "Write some text to send.");
  }
  // SQLite's text API stops at a NUL, so "a\0b" would be delivered as "a"; and a lone UTF-16
  // surrogate cannot be stored as UTF-8 (it would come back as U+FFFD). Either would deliver
  // something else than what was sent: refuse them.
  const nul = raw.indexOf("\0");
  if (nul >= 0) {
    throw new InvalidInputError(
      `Invalid message: it contains a NUL character (U+0000) at character ${nul} of ${
        JSON.stringify(raw.length > 40 ? raw.slice(0, 40) + "…" : raw)
      }; nothing was sent`,
      "Remove the NUL bytes; send binary data encoded (e.g. base64).",
    );
  }
  if (!raw.isWellFormed()) {
    const at = [...raw].findIndex((c) => /^[\uD800-\uDFFF]$/.test(c));
    throw new InvalidInputError(
      `Invalid message: it contains a lone UTF-16 surrogate at character ${at}, which is not valid Unicode; nothing was sent`,
      "Send valid Unicode text.",
    );
  }
  const bytes = new TextEncoder().encode(raw).length;
  if (bytes > MAX_CONTENT_BYTES) {
    throw new InvalidInputError(
      `Invalid message: ${bytes} bytes is over the limit of ${MAX_CONTENT_BYTES} bytes`,
      "Send a summary, or split it into several messages in one thread.",
    );
  }
  return raw;
}

/** Thread ids and message references: short tokens without spaces or quotes. */
export function label(raw: string | undefined, what: string): string | undefined {
  if (raw === undefined) return undefined;
  const value = raw.trim();
  if (value === "") return undefined;
  if (value.length > MAX_LABEL_LENGTH || !LABEL.test(value)) {
    throw new InvalidInputError(
      `Invalid ${what} ${
        JSON.stringify(raw)
      }: use up to ${MAX_LABEL_LENGTH} letters, digits, '.', '_', ':', '/' or '-'`,
    );
  }
  return value;
}

export function priority(raw: string | undefined): Priority {
  if (raw === undefined || raw === "") return "normal";
  const value = raw.trim().toLowerCase();
  if ((PRIORITIES as readonly string[]).includes(value)) return value as Priority;
  throw new InvalidInputError(
    `Invalid priority ${JSON.stringify(raw)}: use one of ${PRIORITIES.join(", ")}`,
  );
}

export function messageType(raw: string | undefined): MessageType {
  if (raw === undefined || raw === "") return "chat";
  const value = raw.trim().toLowerCase();
  if ((MESSAGE_TYPES as readonly string[]).includes(value)) return value as MessageType;
  throw new InvalidInputError(
    `Invalid message type ${JSON.stringify(raw)}: use one of ${MESSAGE_TYPES.join(", ")}`,
  );
}

/**
 * Extra meta from a sender. Keys must be valid channel attribute names (Claude Code drops
 * others silently) and must not be routing keys, which only the server sets.
 */
export function senderMeta(
  raw: Record<string, unknown> | undefined,
  options: { relay?: boolean } = {},
): Record<string, string> {
  if (raw === undefined) return {};
  const entries = Object.entries(raw);
  if (entries.length > MAX_META_KEYS) {
    throw new InvalidInputError(`Invalid meta: ${entries.length} keys is over the limit of ${MAX_META_KEYS}`);
  }
  const out: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (!META_KEY.test(key)) {
      throw new InvalidInputError(
        `Invalid meta key ${
          JSON.stringify(key)
        }: keys must match ^[a-zA-Z_][a-zA-Z0-9_]*$ or Claude Code drops them`,
      );
    }
    if (!options.relay && (RELAY_KEYS as readonly string[]).includes(key)) {
      throw new InvalidInputError(
        `Invalid meta key ${JSON.stringify(key)}: it is reserved for permission-relay messages`,
      );
    }
    if ((ROUTING_KEYS as readonly string[]).includes(key)) {
      throw new InvalidInputError(
        `Invalid meta key ${JSON.stringify(key)}: it is a routing key that only cc-dm sets`,
      );
    }
    if (typeof value !== "string" || value.length > MAX_META_VALUE_LENGTH) {
      throw new InvalidInputError(
        `Invalid meta value for ${
          JSON.stringify(key)
        }: use a string of at most ${MAX_META_VALUE_LENGTH} characters`,
      );
    }
    out[key] = value;
  }
  return out;
}
