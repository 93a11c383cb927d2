// `deno task bundle`: dist/cc-dm.js, the one-file build that the plugin, the npm package and the
// launcher run. esbuild names each npm module by its path relative to the output, which goes
// through the local Deno cache (`../../root/.cache/deno/npm/registry.npmjs.org/zod/...`): those
// names are rewritten to `npm:zod/...` so the file is the same on every machine and CI can
// rebuild it and compare (tests/bundle_test.ts).
//
//   deno run -A scripts/bundle.ts [OUT]      # default dist/cc-dm.js
import { dirname, join, resolve } from "node:path";

const REPO = resolve(dirname(new URL(import.meta.url).pathname), "..");

/** Paths into the Deno npm cache, as esbuild writes them in comments and module names. */
const CACHE_PATH = /(?:\.\.\/)*(?:[\w.@+-]+\/)*npm\/[\w.-]+\//g;

/** Bundle main.ts into `out`, with machine-independent module names. */
export async function buildBundle(out: string): Promise<void> {
  const temp = `${out}.${Deno.pid}.tmp.js`;
  const built = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--quiet", "--output", temp, "main.ts"],
    cwd: REPO,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!built.success) {
    await Deno.remove(temp).catch(() => {});
    throw new Error(`deno bundle failed:\n${new TextDecoder().decode(built.stderr)}`);
  }
  const code = (await Deno.readTextFile(temp)).replace(CACHE_PATH, "npm:");
  await Deno.remove(temp);
  await Deno.writeTextFile(out, code);
}

if (import.meta.main) {
  const out = resolve(Deno.args[0] ?? join(REPO, "dist", "cc-dm.js"));
  await Deno.mkdir(dirname(out), { recursive: true });
  await buildBundle(out);
}
