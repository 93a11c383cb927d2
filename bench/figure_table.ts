// How bench figures are printed: one aligned line per figure on stderr, the JSON on stdout.
import type { Figure } from "./channel_bench.ts";

/** Write one line of text to stderr (stdout carries the JSON). */
export function log(text: string): void {
  Deno.stderr.writeSync(new TextEncoder().encode(text + "\n"));
}

/** One figure as a table line: name, value (ms: 2 decimals, counts: none, else 3), unit, target. */
export function figureLine(f: Figure): string {
  const digits = f.unit === "ms" ? 2 : f.unit === "processes" ? 0 : 3;
  return `  ${f.name.padEnd(48)} ${f.value.toFixed(digits).padStart(10)} ${f.unit}${
    f.target ? `   (target ${f.target})` : ""
  }`;
}

/** The JSON document `deno task bench` prints on stdout. */
export function printJson(figures: Figure[]): void {
  Deno.stdout.writeSync(new TextEncoder().encode(JSON.stringify({ figures }, null, 2) + "\n"));
}
