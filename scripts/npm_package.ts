// The npm package `cc-dm`: the launcher (bin/cc-dm) as its `cc-dm` command, the bundle
// (dist/cc-dm.js) it runs, and a pinned Deno from npm (the `deno` package) to run it on, so
// `npm install -g cc-dm` / `npx cc-dm` need no other download, ever.
//
//   deno run -A scripts/npm_package.ts [OUT_DIR]          # writes the package into OUT_DIR
//   deno run -A scripts/npm_package.ts [OUT_DIR] --pack   # and packs it: OUT_DIR/../cc-dm-<v>.tgz
//
// Default OUT_DIR: dist/npm. The release workflow publishes the packed file; tests install it.
import { dirname, join, resolve } from "node:path";
import { VERSION } from "../lib/version.ts";

/** The Deno every install runs on; the same as CI's (a test keeps them equal). */
export const PINNED_DENO = "2.9.6";
/** The unscoped name is free on npm and is the command's own name: `npx cc-dm` just works. */
export const PACKAGE_NAME = "cc-dm";

const REPO = resolve(dirname(new URL(import.meta.url).pathname), "..");

/** package.json of the npm package. */
export function packageJson(): Record<string, unknown> {
  return {
    name: PACKAGE_NAME,
    version: VERSION,
    description: "Direct messages between Claude Code sessions, humans and scripts on one machine",
    license: "MIT",
    homepage: "https://github.com/cc-dm/cc-dm",
    repository: { type: "git", url: "git+https://github.com/cc-dm/cc-dm.git" },
    keywords: ["claude-code", "mcp", "messaging", "channels", "multi-session"],
    bin: { "cc-dm": "bin/cc-dm" },
    files: ["bin/cc-dm", "dist/cc-dm.js", "dist/cc-dm-chunks", "README.md", "LICENSE"],
    dependencies: { deno: PINNED_DENO },
    // The platforms the `deno` package has a binary for.
    os: ["darwin", "linux", "win32"],
    cpu: ["x64", "arm64"],
  };
}

/** Write the package into `out` (replacing what was there); returns its directory. */
export async function writePackage(out: string): Promise<string> {
  await Deno.remove(out, { recursive: true }).catch(() => {});
  await Deno.mkdir(join(out, "bin"), { recursive: true });
  await Deno.mkdir(join(out, "dist"), { recursive: true });
  await Deno.copyFile(join(REPO, "bin", "cc-dm"), join(out, "bin", "cc-dm"));
  await Deno.chmod(join(out, "bin", "cc-dm"), 0o755);
  await Deno.copyFile(join(REPO, "dist", "cc-dm.js"), join(out, "dist", "cc-dm.js"));
  // The bundle's chunks (scripts/bundle.ts): the entry imports them.
  await Deno.mkdir(join(out, "dist", "cc-dm-chunks"));
  for await (const chunk of Deno.readDir(join(REPO, "dist", "cc-dm-chunks"))) {
    await Deno.copyFile(
      join(REPO, "dist", "cc-dm-chunks", chunk.name),
      join(out, "dist", "cc-dm-chunks", chunk.name),
    );
  }
  await Deno.copyFile(join(REPO, "LICENSE"), join(out, "LICENSE"));
  await Deno.writeTextFile(join(out, "README.md"), README);
  await Deno.writeTextFile(join(out, "package.json"), JSON.stringify(packageJson(), null, 2) + "\n");
  return out;
}

/** `npm pack` the package in `dir`; returns the absolute path of the .tgz (next to `dir`). */
export async function pack(dir: string): Promise<string> {
  const out = await new Deno.Command("npm", {
    args: ["pack", "--json", "--pack-destination", dirname(dir)],
    cwd: dir,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`npm pack failed:\n${new TextDecoder().decode(out.stderr)}`);
  const [{ filename }] = JSON.parse(new TextDecoder().decode(out.stdout));
  return join(dirname(dir), filename);
}

const README = `# cc-dm

Direct messages between Claude Code sessions, humans and scripts on one machine.

\`\`\`sh
npm install -g cc-dm      # or run it without installing: npx cc-dm --help
cc-dm setup               # register cc-dm's server with Claude Code (add --hooks for API-key logins)
cc-dm doctor              # check why messages do not arrive
\`\`\`

This package runs cc-dm's single-file bundle on a pinned Deno (${PINNED_DENO}, the \`deno\` package
from npm): nothing else is downloaded when it runs. Documentation:
https://github.com/cc-dm/cc-dm
`;

if (import.meta.main) {
  const args = Deno.args.filter((a) => a !== "--pack");
  const dir = await writePackage(resolve(args[0] ?? join(REPO, "dist", "npm")));
  // deno-lint-ignore no-console
  console.error(`wrote ${dir}`);
  if (Deno.args.includes("--pack")) {
    // deno-lint-ignore no-console
    console.log(await pack(dir));
  }
}
