import assert from "node:assert/strict";
import { join } from "node:path";
import { tempHome } from "./helpers/temp_home.ts";
import { ccIn } from "./cli_run.ts";

// A cc-dm 1.x plugin left installed (marketplace cc-dm-marketplace) is named by doctor with the
// commands that update it in place; cc-dm 2 installed under the old marketplace name is fine.

async function legacyCheck(version: string) {
  const t = await tempHome();
  try {
    const plugins = join(t.home, ".claude", "plugins");
    await Deno.mkdir(plugins, { recursive: true });
    await Deno.writeTextFile(
      join(plugins, "installed_plugins.json"),
      JSON.stringify({
        version: 2,
        plugins: { "cc-dm@cc-dm-marketplace": [{ scope: "user", version, installPath: "/x" }] },
      }),
    );
    const out = await ccIn({ ...t.env, PATH: "/usr/bin:/bin" }, ["doctor", "--json"]);
    const checks = JSON.parse(out.stdout).checks as {
      id: string;
      status: string;
      message: string;
      hint?: string;
    }[];
    return checks.find((c) => c.id === "registration.legacy_plugin");
  } finally {
    await t.cleanup();
  }
}

Deno.test("doctor: a cc-dm 1.x plugin still installed is a warning with the update commands; 2.x under the old name is not", async () => {
  const old = await legacyCheck("1.3.1");
  assert.equal(old?.status, "warn");
  assert.match(old!.message, /cc-dm 1\.x plugin cc-dm@cc-dm-marketplace is still installed/);
  assert.equal(
    old!.hint,
    "claude plugin marketplace update cc-dm-marketplace && claude plugin update cc-dm@cc-dm-marketplace " +
      "(the marketplace keeps its name: --channels plugin:cc-dm@cc-dm-marketplace goes on working)",
  );
  assert.equal(await legacyCheck("2.0.0"), undefined);
});
