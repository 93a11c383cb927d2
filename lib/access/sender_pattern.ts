import { CcDmError } from "../errors.ts";
import * as rules from "../mail/input_limits.ts";

// Who an access rule names. One syntax for every list (CC_DM_DM_ALLOWLIST, CC_DM_DM_BLOCKLIST,
// CC_DM_ACCEPT_FROM, CC_DM_REJECT_FROM), comma-separated:
//   planner, cli:alice     a session name (a `cli:` name is a person or script)
//   role:lead              every session with that role (`role:cli`: every person and script)
//   project:web            every session with that project tag
// Names cannot contain ':' except in the `cli:` prefix, so the three forms never collide.

/** The facts a pattern is matched against: a sender's identity or a recipient's session row. */
export interface Party {
  name: string;
  role: string;
  project: string;
}

/**
 * Parse a comma-separated list into normalised patterns (lowercase, as names are). Empty or
 * unset gives null (no rule). Throws a start-up error naming `variable` for a bad entry.
 */
export function parsePatternList(raw: string | undefined, variable: string): string[] | null {
  if (raw === undefined || raw.trim() === "") return null;
  const patterns: string[] = [];
  for (const entry of raw.split(",")) {
    if (entry.trim() === "") continue;
    try {
      patterns.push(normalizePattern(entry));
    } catch (err) {
      throw new CcDmError(
        `Invalid ${variable} entry ${JSON.stringify(entry.trim())}: ${(err as Error).message}`,
        2,
        "Use session names, role:<role> or project:<tag>, separated by commas, e.g. planner,role:lead",
      );
    }
  }
  return patterns.length ? [...new Set(patterns)] : null;
}

function normalizePattern(entry: string): string {
  const value = entry.trim().toLowerCase();
  for (const kind of ["role", "project"] as const) {
    if (value.startsWith(`${kind}:`)) {
      const tag = rules.tag(value.slice(kind.length + 1), kind);
      if (tag === "") throw new Error(`${kind}: needs a value`);
      return `${kind}:${tag}`;
    }
  }
  return rules.normalizeName(value);
}

/** Whether `party` is named by `pattern` (a normalised entry of parsePatternList). */
export function matchesPattern(pattern: string, party: Party): boolean {
  if (pattern.startsWith("role:")) return party.role === pattern.slice(5);
  if (pattern.startsWith("project:")) return party.project !== "" && party.project === pattern.slice(8);
  return party.name === pattern;
}

/** The first pattern of `patterns` that names `party`, if any. */
export function firstMatch(patterns: readonly string[], party: Party): string | undefined {
  return patterns.find((p) => matchesPattern(p, party));
}
