import { CcDmError } from "../errors.ts";

// `cc-dm setup --statusline`: cc-dm's command as Claude Code's `statusLine` in the user settings.
// Claude Code has one status line, so a status line the user already has is never replaced
// silently: setup refuses and says how (--force replaces it, and prints the old one to restore).

export type StatusLineChange = "add" | "unchanged" | "replace" | "remove" | "absent";

export interface StatusLinePlan {
  change: StatusLineChange;
  file: string;
  /** The whole settings object to write; null: nothing to write. */
  next: Record<string, unknown> | null;
  /** The statusLine found there before (for the message, and to restore). */
  previous: unknown;
}

/** Whether a statusLine setting runs `cc-dm statusline` (any install). */
export function isCcDmStatusLine(value: unknown): boolean {
  const command = (value as { command?: unknown })?.command;
  return typeof command === "string" &&
    /(^|[\s\/\\'"])(cc-dm(\.exe)?|main\.ts|cc-dm\.js)['"]?\s+statusline(\s|$)/.test(command);
}

/**
 * What to write for the status line `command`. Install: add it where there is none; unchanged
 * when it is there; another status line is refused (CcDmError) unless `force`. Uninstall:
 * remove only cc-dm's own.
 */
export function planStatusLine(
  file: string,
  current: Record<string, unknown> | null,
  command: string,
  options: { uninstall: boolean; force: boolean },
): StatusLinePlan {
  const settings = current ?? {};
  const previous = settings.statusLine;
  if (options.uninstall) {
    if (previous === undefined || !isCcDmStatusLine(previous)) {
      return { change: "absent", file, next: null, previous };
    }
    const next = { ...settings };
    delete next.statusLine;
    return { change: "remove", file, next, previous };
  }
  const wanted = { type: "command", command };
  if (JSON.stringify(previous) === JSON.stringify(wanted)) {
    return { change: "unchanged", file, next: null, previous };
  }
  if (previous !== undefined && !isCcDmStatusLine(previous) && !options.force) {
    throw new CcDmError(
      `${file} already has a statusLine (${JSON.stringify(previous)}); cc-dm does not replace it`,
      1,
      `keep yours, or replace it with cc-dm's: cc-dm setup --statusline --force (the old one is printed so you can restore it); to show both, call "${command}" from your own status line script`,
    );
  }
  return {
    change: previous === undefined ? "add" : "replace",
    file,
    next: { ...settings, statusLine: wanted },
    previous,
  };
}
