import assert from "node:assert/strict";
import { join } from "node:path";
import { VERSION } from "../lib/version.ts";
import { buildBundle, chunkDir } from "../scripts/bundle.ts";

// dist/cc-dm.js and its chunks (dist/cc-dm-chunks/) are what the plugin, the npm package and the
// launcher run. They are committed (a plugin installs from a git checkout, with no build step), so
// they must equal a fresh build of the source: after any change to the code run `deno task bundle`
// and commit the result.

const REPO = new URL("..", import.meta.url).pathname;
const BUNDLE = join(REPO, "dist", "cc-dm.js");
const text = new TextDecoder();

/** Every file of a bundle: the entry and its chunks, by path relative to the entry's directory. */
async function bundleFiles(entry: string): Promise<Map<string, string>> {
  const files = new Map([["cc-dm.js", await Deno.readTextFile(entry)]]);
  const chunks = chunkDir(entry);
  for await (const chunk of Deno.readDir(chunks)) {
    files.set(`cc-dm-chunks/${chunk.name}`, await Deno.readTextFile(join(chunks, chunk.name)));
  }
  return files;
}

Deno.test("bundle: dist/cc-dm.js and its chunks equal a fresh build of main.ts (run `deno task bundle` if not)", async () => {
  // Elsewhere than dist/, at another depth: the module names must not depend on where it is built.
  const dir = await Deno.makeTempDir({ prefix: "cc-dm-bundle-" });
  try {
    const fresh = join(dir, "a", "b", "cc-dm.js");
    await Deno.mkdir(join(dir, "a", "b"), { recursive: true });
    await buildBundle(fresh);
    const [built, committed] = await Promise.all([bundleFiles(fresh), bundleFiles(BUNDLE)]);
    const stale = "run `deno task bundle` and commit dist/cc-dm.js and dist/cc-dm-chunks/";
    assert.deepEqual([...committed.keys()].sort(), [...built.keys()].sort(), `other files: ${stale}`);
    for (const [name, code] of built) {
      const old = committed.get(name)!;
      assert.doesNotMatch(
        old,
        /\.cache\/deno|registry\.npmjs\.org|\/root\/|\/home\//,
        `no local paths in ${name}`,
      );
      if (code === old) continue;
      const a = code.split("\n");
      const b = old.split("\n");
      const line = a.findIndex((l, i) => l !== b[i]);
      assert.fail(
        `dist/${name} is stale (first difference at line ${line + 1}: ${JSON.stringify(b[line] ?? "")} ` +
          `should be ${JSON.stringify(a[line] ?? "")}): ${stale}`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bundle: a channel parses only its own chunks, not the CLI's commands nor the PostgreSQL driver", async () => {
  // What `cc-dm channel` imports statically, from the entry through the channel's chunk.
  const files = await bundleFiles(BUNDLE);
  const loaded = new Set<string>();
  const visit = (name: string) => {
    if (loaded.has(name)) return;
    loaded.add(name);
    const code = files.get(name)!;
    const dir = name.includes("/") ? name.slice(0, name.lastIndexOf("/") + 1) : "";
    for (const m of code.matchAll(/(?:from\s*|import\s+)"\.\/([\w./-]+\.js)"/g)) visit(dir + m[1]);
  };
  visit("cc-dm.js");
  const channel = files.get("cc-dm.js")!.match(
    /channel: \{[^}]*import\("\.\/(cc-dm-chunks\/channel-\d+\.js)"\)/s,
  )?.[1];
  assert.ok(channel, "the entry loads the channel command on demand");
  visit(channel);
  const modules = [...loaded].flatMap((name) =>
    [...files.get(name)!.matchAll(/^\/\/ (\S+)$/gm)].map((m) => m[1])
  );
  assert.ok(
    modules.includes("lib/channel/create_channel.ts") && modules.includes("lib/bus/sqlite/sqlite_bus.ts"),
  );
  for (
    const unwanted of [
      // zod cost ~11 MiB of RSS per session: tool inputs use lib/mcp/schema.ts.
      /^npm:zod\//,
      /^cmd\/(send|doctor|setup|hook|tail|who)\.ts$/,
      /^npm:postgres\//,
      /^lib\/bus\/postgres\/pg_bus\.ts$/,
    ]
  ) {
    assert.deepEqual(modules.filter((m) => unwanted.test(m)), [], `a channel does not load ${unwanted}`);
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
    // No npm packages were fetched: the bundle carries the PostgreSQL driver inside.
    const npm = await Array.fromAsync(Deno.readDir(join(denoDir, "npm"))).catch(() => []);
    assert.deepEqual(npm.map((e) => e.name), []);
  } finally {
    await Deno.remove(denoDir, { recursive: true });
  }
});
