import { join } from "node:path";
import type { Check, Finding } from "./check.ts";
import type { DoctorContext } from "./context.ts";

// cc-dm 1.x was the plugin cc-dm in a marketplace named "cc-dm-marketplace"; cc-dm 2's manifest
// names it "cc-dm". Claude Code keeps the name a marketplace was added under (seen with 2.1.330:
// after the manifest's rename, `marketplace update cc-dm-marketplace` and `install
// cc-dm@cc-dm-marketplace` give cc-dm 2), so 1.x users keep their name and only need to update.
// What breaks is a 1.x plugin left installed: it runs old code. Say so, and how to update.

/** The 1.x marketplace's name, still a valid name for cc-dm 2's. */
export const LEGACY_MARKETPLACE = "cc-dm-marketplace";

/** Registration: a cc-dm 1.x plugin still installed in Claude Code. */
export function legacyPluginChecks(ctx: DoctorContext): Check[] {
  return [{ id: "registration.legacy_plugin", group: "registration", run: () => legacyFindings(ctx) }];
}

function legacyFindings(ctx: DoctorContext): Finding | null {
  const dir = ctx.env.CLAUDE_CONFIG_DIR?.trim() || join(ctx.env.HOME ?? ctx.env.USERPROFILE ?? "", ".claude");
  const installed = readObject(join(dir, "plugins", "installed_plugins.json")).plugins;
  const old = Object.entries(installed && typeof installed === "object" ? installed : {})
    .filter(([id, entries]) =>
      id.startsWith("cc-dm@") && Array.isArray(entries) &&
      entries.some((e) => typeof e?.version === "string" && /^1\./.test(e.version))
    )
    .map(([id]) => id);
  if (old.length === 0) return null;
  const [id] = old;
  const marketplace = id.slice("cc-dm@".length);
  return {
    status: "warn",
    message: `the cc-dm 1.x plugin ${old.join(", ")} is still installed: its sessions run 1.x, not cc-dm 2`,
    hint: `claude plugin marketplace update ${marketplace} && claude plugin update ${id} ` +
      `(the marketplace keeps its name: --channels plugin:${id} goes on working)`,
  };
}

function readObject(file: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Deno.readTextFileSync(file));
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}
