import { InvalidInputError } from "../errors.ts";

/** The longest one-line status a session may set (characters). */
export const MAX_STATUS_CHARS = 200;

/**
 * A session's one-line status as stored: trimmed, whitespace runs (newlines too) made one space;
 * null for empty text (clears it). Refuses text over MAX_STATUS_CHARS, naming its length.
 */
export function statusText(raw: string): string | null {
  const text = raw.replace(/\s+/g, " ").trim();
  if (text === "") return null;
  if ([...text].length > MAX_STATUS_CHARS) {
    throw new InvalidInputError(
      `Invalid status: ${[...text].length} characters, at most ${MAX_STATUS_CHARS}; nothing was changed`,
      'Say it in one short line, e.g. "migrating the users table, ~10 min".',
    );
  }
  return text;
}
