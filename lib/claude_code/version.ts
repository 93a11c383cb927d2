/** A dotted version as numbers, e.g. [2, 1, 330]. */
export type Version = [number, number, number];

/** The first `X.Y.Z` in `text` (e.g. `2.1.330 (Claude Code)`, `cc-dm 2.0.0`), or null. */
export function parseVersion(text: string): Version | null {
  const match = /(\d+)\.(\d+)\.(\d+)/.exec(text);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

export function formatVersion(v: Version): string {
  return v.join(".");
}
