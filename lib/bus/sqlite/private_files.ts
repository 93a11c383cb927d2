// The bus holds every message of every session, so it is private to its user: the directory
// 0700 and its files 0600, created so and corrected when something loosened them.

const IS_WINDOWS = Deno.build.os === "windows";

/** What was corrected, for a note on stderr and for `doctor --fix`. */
export type ModeFix = { path: string; from: number; to: number };

/** Create `dir` as 0700 or tighten it; returns the correction made, if any. */
export function ensurePrivateDir(dir: string): ModeFix | undefined {
  Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return tighten(dir, 0o700);
}

/** Create `path` as an empty 0600 file if missing, else tighten its mode. */
export function ensurePrivateFile(path: string): ModeFix | undefined {
  try {
    Deno.openSync(path, { createNew: true, write: true, mode: 0o600 }).close();
    return undefined;
  } catch (err) {
    if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
  }
  return tighten(path, 0o600);
}

/** Tighten `path` to `mode` if it exists and group or others have any access. */
export function tighten(path: string, mode: number): ModeFix | undefined {
  if (IS_WINDOWS) return undefined;
  let current: number;
  try {
    current = (Deno.statSync(path).mode ?? 0) & 0o777;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
  if ((current & 0o077) === 0) return undefined;
  Deno.chmodSync(path, mode);
  return { path, from: current, to: mode };
}
