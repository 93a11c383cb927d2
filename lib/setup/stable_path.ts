/**
 * A path that survives upgrades of the package manager that installed it. Homebrew keeps each
 * version under `<prefix>/Cellar/<formula>/<version>/` and removes the old one on upgrade, so an
 * MCP entry pointing there breaks; `<prefix>/opt/<formula>/` always points at the current one.
 * `exists` is injected so the rewrite is only made when the stable path is really there.
 */
export async function stableExecutablePath(
  path: string,
  exists: (path: string) => Promise<boolean> = fileExists,
): Promise<string> {
  const match = /^(.*)[\/\\]Cellar[\/\\]([^\/\\]+)[\/\\][^\/\\]+[\/\\](.+)$/.exec(path);
  if (!match) return path;
  const [, prefix, formula, rest] = match;
  const sep = path.includes("\\") && !path.includes("/") ? "\\" : "/";
  const stable = [prefix, "opt", formula, rest].join(sep);
  return (await exists(stable)) ? stable : path;
}

async function fileExists(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}
