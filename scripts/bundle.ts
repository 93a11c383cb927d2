// `deno task bundle`: dist/cc-dm.js, the build that the plugin, the npm package and the launcher
// run, with its chunks in dist/cc-dm-chunks/. Split (esbuild code splitting) so each command
// parses only its own code: a `cc-dm channel` process that parsed the whole CLI, doctor, setup
// and the PostgreSQL driver held ~4.5 MiB more RSS, in every session.
//
// Machine-independent output, so CI can rebuild it and compare (tests/bundle_test.ts):
// - esbuild names each npm module by its path relative to the output, which goes through the
//   local Deno cache (`../../root/.cache/deno/npm/registry.npmjs.org/postgres/...`): those names
//   are rewritten to `npm:postgres/...`;
// - esbuild's chunk names carry a hash of their content, those paths included: each chunk is
//   renamed by the order it is first imported in (from the entry, imports in textual order).
//
//   deno run -A scripts/bundle.ts [OUT]      # default dist/cc-dm.js (and dist/cc-dm-chunks/)
import { basename, dirname, join, resolve } from "node:path";

const REPO = resolve(dirname(new URL(import.meta.url).pathname), "..");

/** Paths into the Deno npm cache, as esbuild writes them in comments and module names. */
const CACHE_PATH = /(?:\.\.\/)*(?:[\w.@+-]+\/)*npm\/[\w.-]+\//g;

/** A relative import of a sibling file, static (`from "./x.js"`) or dynamic (`import("./x.js")`). */
const SIBLING_IMPORT = /(from\s*|import\s*\(\s*|import\s+)"\.\/([\w.-]+\.js)"/g;

/** The directory of `out`'s chunks: dist/cc-dm.js -> dist/cc-dm-chunks. */
export function chunkDir(out: string): string {
  return join(dirname(out), `${basename(out, ".js")}-chunks`);
}

/** Bundle main.ts into `out` and its chunk directory (both replaced), with stable names. */
export async function buildBundle(out: string): Promise<void> {
  const temp = await Deno.makeTempDir({ dir: dirname(out), prefix: ".cc-dm-bundle-" });
  try {
    const built = await new Deno.Command(Deno.execPath(), {
      args: ["bundle", "--quiet", "--code-splitting", "--outdir", temp, "main.ts"],
      cwd: REPO,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!built.success) throw new Error(`deno bundle failed:\n${new TextDecoder().decode(built.stderr)}`);
    const files = new Map<string, string>();
    for await (const entry of Deno.readDir(temp)) {
      if (entry.isFile) files.set(entry.name, await Deno.readTextFile(join(temp, entry.name)));
    }
    if (!files.has("main.js")) throw new Error(`deno bundle wrote no main.js (got ${[...files.keys()]})`);
    const names = stableNames(files);
    const chunks = chunkDir(out);
    const chunksName = basename(chunks);
    await Deno.remove(chunks, { recursive: true }).catch(() => {});
    await Deno.mkdir(chunks, { recursive: true });
    for (const [old, code] of files) {
      const isEntry = old === "main.js";
      const text = code.replace(CACHE_PATH, "npm:").replace(
        SIBLING_IMPORT,
        (_, lead: string, file: string) => `${lead}"./${isEntry ? `${chunksName}/` : ""}${names.get(file)}"`,
      );
      await Deno.writeTextFile(isEntry ? out : join(chunks, names.get(old)!), text);
    }
  } finally {
    await Deno.remove(temp, { recursive: true }).catch(() => {});
  }
}

/**
 * New names for every chunk: `<esbuild's prefix>-<n>.js`, n counting chunks in the order they
 * are first imported, breadth first from main.js. The order depends only on the code.
 */
function stableNames(files: Map<string, string>): Map<string, string> {
  const names = new Map<string, string>();
  const queue = ["main.js"];
  for (let i = 0; i < queue.length; i++) {
    for (const match of files.get(queue[i])!.matchAll(SIBLING_IMPORT)) {
      const file = match[2];
      if (file === "main.js" || names.has(file) || !files.has(file)) continue;
      const prefix = file.replace(/-[A-Z0-9]{8}\.js$/, "");
      names.set(file, `${prefix}-${String(names.size + 1).padStart(2, "0")}.js`);
      queue.push(file);
    }
  }
  const unreached = [...files.keys()].filter((f) => f !== "main.js" && !names.has(f));
  if (unreached.length) throw new Error(`bundle: chunks no import reaches: ${unreached.join(", ")}`);
  return names;
}

if (import.meta.main) {
  const out = resolve(Deno.args[0] ?? join(REPO, "dist", "cc-dm.js"));
  await Deno.mkdir(dirname(out), { recursive: true });
  await buildBundle(out);
}
