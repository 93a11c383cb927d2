/** A JSON file as doctor sees it: absent, unreadable or malformed, or its parsed value. */
export type JsonFile =
  | { path: string; state: "absent" }
  | { path: string; state: "invalid"; reason: string }
  | { path: string; state: "ok"; value: unknown };

/** Read and parse `path` without throwing. */
export function readJsonFile(path: string): JsonFile {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound || err instanceof Deno.errors.NotADirectory) {
      return { path, state: "absent" };
    }
    return { path, state: "invalid", reason: err instanceof Error ? err.message : String(err) };
  }
  try {
    return { path, state: "ok", value: JSON.parse(text) };
  } catch (err) {
    return { path, state: "invalid", reason: `not valid JSON (${(err as Error).message})` };
  }
}

/** The file's top-level object, or {} when it is absent, malformed or not an object. */
export function objectOf(file: JsonFile): Record<string, unknown> {
  return file.state === "ok" ? asObject(file.value) : {};
}

/** `value` when it is a plain object, else {}. */
export function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? value as Record<string, unknown>
    : {};
}

/** The strings of `value` when it is an array, else []. */
export function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
