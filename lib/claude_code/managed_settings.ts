import { join } from "node:path";
import type { Env } from "../paths.ts";
import { objectOf, readJsonFile } from "./json_file.ts";
import { managedSettingsDir } from "./paths.ts";

/** Organisation policy: `managed-settings.json` plus `managed-settings.d/*.json`, merged. */
export interface ManagedSettings {
  dir: string;
  /** Files found, in the order they are applied. */
  files: string[];
  /** Each file's settings, in that order. */
  layers: Record<string, unknown>[];
  /** Top-level keys merged, later files winning. */
  merged: Record<string, unknown>;
  problems: { path: string; reason: string }[];
}

/** Read the managed settings Claude Code would apply (none: `files` is empty). */
export function readManagedSettings(env: Env): ManagedSettings {
  const dir = managedSettingsDir(env);
  const paths = [join(dir, "managed-settings.json")];
  const dropIns = join(dir, "managed-settings.d");
  try {
    const names = [...Deno.readDirSync(dropIns)]
      .filter((e) => e.isFile && e.name.endsWith(".json") && !e.name.startsWith("."))
      .map((e) => e.name)
      .sort();
    paths.push(...names.map((n) => join(dropIns, n)));
  } catch {
    // No drop-in directory: the common case.
  }
  const result: ManagedSettings = { dir, files: [], layers: [], merged: {}, problems: [] };
  for (const path of paths) {
    const file = readJsonFile(path);
    if (file.state === "absent") continue;
    result.files.push(path);
    if (file.state === "invalid") {
      result.problems.push({ path, reason: file.reason });
      continue;
    }
    const layer = objectOf(file);
    result.layers.push(layer);
    Object.assign(result.merged, layer);
  }
  return result;
}
