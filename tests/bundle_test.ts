import assert from "node:assert/strict";
import { join } from "node:path";
import { VERSION } from "../lib/version.ts";
import { buildBundle } from "../scripts/bundle.ts";

// dist/cc-dm.js is what the plugin, the npm package and the launcher run. It is committed (a
// plugin installs from a git checkout, with no build step), so it must equal a fresh build of
// the source: after any change to the code run `deno task bundle` and commit the result.

const REPO = new URL("..", import.meta.url).pathname;
const BUNDLE = join(REPO, "dist", "cc-dm.js");
const text = new TextDecoder();

Deno.test("bundle: dist/cc-dm.js equals a fresh build of main.ts (run `deno task bundle` if not)", async () => {
  // Elsewhere than dist/, at another depth: the module names must not depend on where it is built.
  const dir = await Deno.makeTempDir({ prefix: "cc-dm-bundle-" });
  try {
    const fresh = join(dir, "a", "b", "cc-dm.js");
    await Deno.mkdir(join(dir, "a", "b"), { recursive: true });
    await buildBundle(fresh);
    const [built, committed] = await Promise.all([Deno.readTextFile(fresh), Deno.readTextFile(BUNDLE)]);
    assert.doesNotMatch(committed, /\.cache\/deno|registry\.npmjs\.org|\/root\/|\/home\//, "no local paths");
    if (built !== committed) {
      const a = built.split("\n");
      const b = committed.split("\n");
      const line = a.findIndex((l, i) => l !== b[i]);
      assert.fail(
        `dist/cc-dm.js is stale (first difference at line ${line + 1}: ${JSON.stringify(b[line] ?? "")} ` +
          `should be ${JSON.stringify(a[line] ?? "")}): run \`deno task bundle\` and commit dist/cc-dm.js`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bundle: runs from an empty Deno cache with --cached-only (nothing to download) and names its version", async () => {
  const denoDir = await Deno.makeTempDir({ prefix: "cc-dm-deno-dir-" });
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", "--quiet", "--no-config", "--cached-only", BUNDLE, "--version"],
      env: { DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: "1", RUST_BACKTRACE: "0" },
      cwd: denoDir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, text.decode(out.stderr));
    assert.equal(text.decode(out.stdout), `cc-dm ${VERSION}\n`);
    // No npm packages were fetched: the bundle carries the MCP SDK and zod inside.
    const npm = await Array.fromAsync(Deno.readDir(join(denoDir, "npm"))).catch(() => []);
    assert.deepEqual(npm.map((e) => e.name), []);
  } finally {
    await Deno.remove(denoDir, { recursive: true });
  }
});
