import { dirname } from "node:path";
import { CcDmError } from "../errors.ts";
import { HOOK_SPECS, type HookGroup, hookGroup, isCcDmHookCommand } from "../hook/hook_config.ts";

// `cc-dm setup --hooks`: cc-dm's hook entries in Claude Code's user settings file
// (`~/.claude/settings.json`, or `$CLAUDE_CONFIG_DIR/settings.json`). Everything else in the
// file is kept as it is; cc-dm's own entries are recognised by their command (`... cc-dm hook`,
// `main.ts hook`) so a second run changes nothing and an older install's entries are replaced.

export type HooksChange = "unchanged" | "add" | "update" | "remove" | "absent";

export interface HooksPlan {
  change: HooksChange;
  file: string;
  /** The whole settings object to write (null: nothing to write). */
  next: Record<string, unknown> | null;
  /** Events whose cc-dm entries the plan adds or replaces (or removes). */
  events: string[];
}

type Settings = Record<string, unknown>;

/** Read the settings file; {} when it does not exist. Refuses a file it cannot parse. */
export async function readSettings(file: string): Promise<Settings | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw new CcDmError(`Cannot read ${JSON.stringify(file)}: ${(err as Error).message}`, 1);
  }
  let value: unknown;
  try {
    value = text.trim() ? JSON.parse(text) : {};
  } catch (err) {
    throw new CcDmError(
      `Cannot add hooks to ${JSON.stringify(file)}: it is not valid JSON (${(err as Error).message})`,
      1,
      "fix the file (Claude Code ignores it as it is), then run cc-dm setup --hooks again",
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new CcDmError(`Cannot add hooks to ${JSON.stringify(file)}: it does not hold a JSON object`, 1);
  }
  return value as Settings;
}

/**
 * What to write for cc-dm's hooks, their commands built by `command(args)`. Install: remove any
 * cc-dm hook entry, then add the wanted ones; unchanged when that gives the same settings.
 * Uninstall: remove every cc-dm hook entry (and groups and events left empty).
 */
export function planHooks(
  file: string,
  current: Settings | null,
  command: (args: string[]) => string,
  uninstall: boolean,
): HooksPlan {
  const settings = current ?? {};
  const hooks = asRecord(settings.hooks);
  const { stripped, found, ours } = withoutCcDmHooks(hooks);
  if (uninstall) {
    if (found.length === 0) return { change: "absent", file, next: null, events: [] };
    const next: Settings = { ...settings, hooks: stripped };
    if (Object.keys(stripped).length === 0) delete next.hooks;
    return { change: "remove", file, next, events: found };
  }
  const wanted: Record<string, unknown> = { ...stripped };
  const desired: Record<string, string[]> = {};
  for (const spec of HOOK_SPECS) {
    const group = hookGroup(spec, command);
    const existing = wanted[spec.event];
    if (existing !== undefined && !Array.isArray(existing)) {
      throw new CcDmError(
        `Cannot add hooks to ${JSON.stringify(file)}: its hooks.${spec.event} is not a list`,
        1,
        `fix hooks.${spec.event} (Claude Code expects [{"matcher": ..., "hooks": [...]}]), then run cc-dm setup --hooks again`,
      );
    }
    const groups = (existing ?? []) as unknown[];
    wanted[spec.event] = [...groups, group];
    (desired[spec.event] ??= []).push(JSON.stringify(group));
  }
  const events = HOOK_SPECS.map((s) => s.event);
  // Already there, wherever the user's own hooks put them: leave the file alone.
  if (sameGroups(ours, desired)) return { change: "unchanged", file, next: null, events };
  return { change: found.length ? "update" : "add", file, next: { ...settings, hooks: wanted }, events };
}

/** Write the plan's settings (via a temporary file and rename, keeping the file's mode). */
export async function applyHooks(plan: HooksPlan): Promise<void> {
  if (!plan.next) return;
  await Deno.mkdir(dirname(plan.file), { recursive: true });
  const mode = await Deno.stat(plan.file).then((s) => s.mode ?? 0o600).catch(() => 0o600);
  const temp = `${plan.file}.cc-dm-${Deno.pid}.tmp`;
  await Deno.writeTextFile(temp, JSON.stringify(plan.next, null, 2) + "\n", { mode: mode & 0o777 });
  await Deno.rename(temp, plan.file);
}

/** The commands of cc-dm's hook entries in a settings object (to see which bus they use). */
export function ccDmHookCommands(settings: Settings | null): string[] {
  const { ours } = withoutCcDmHooks(asRecord(settings?.hooks));
  return Object.values(ours).flat().flatMap((group) =>
    ((JSON.parse(group) as Partial<HookGroup>).hooks ?? []).map((h) => h.command).filter((c) =>
      typeof c === "string" && isCcDmHookCommand(c)
    )
  );
}

/** The cc-dm entries in a settings object's `hooks`, for messages (event names). */
export function ccDmHookEvents(settings: Settings | null): string[] {
  return withoutCcDmHooks(asRecord(settings?.hooks)).found;
}

function sameGroups(ours: Record<string, string[]>, desired: Record<string, string[]>): boolean {
  const events = new Set([...Object.keys(ours), ...Object.keys(desired)]);
  return [...events].every((e) => JSON.stringify(ours[e] ?? []) === JSON.stringify(desired[e] ?? []));
}

/** `hooks` without cc-dm's entries; the events that had some; cc-dm's groups as they are (JSON). */
function withoutCcDmHooks(
  hooks: Record<string, unknown>,
): { stripped: Record<string, unknown>; found: string[]; ours: Record<string, string[]> } {
  const stripped: Record<string, unknown> = {};
  const found: string[] = [];
  const ours: Record<string, string[]> = {};
  for (const [event, groups] of Object.entries(hooks)) {
    if (!Array.isArray(groups)) {
      stripped[event] = groups;
      continue;
    }
    const kept: unknown[] = [];
    for (const group of groups) {
      const entries = (group as Partial<HookGroup>)?.hooks;
      if (!Array.isArray(entries)) {
        kept.push(group);
        continue;
      }
      const others = entries.filter((h) => !(typeof h?.command === "string" && isCcDmHookCommand(h.command)));
      if (others.length < entries.length) {
        if (!found.includes(event)) found.push(event);
        (ours[event] ??= []).push(JSON.stringify(group));
      }
      if (others.length === entries.length) kept.push(group);
      else if (others.length) kept.push({ ...group, hooks: others });
    }
    if (kept.length) stripped[event] = kept;
  }
  const order = (event: string) => {
    const at = HOOK_SPECS.findIndex((s) => s.event === event);
    return at < 0 ? HOOK_SPECS.length : at;
  };
  return { stripped, found: found.sort((a, b) => order(a) - order(b)), ours };
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? value as Record<string, unknown>
    : {};
}
