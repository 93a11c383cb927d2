import { basename } from "node:path";
import { fileURLToPath } from "node:url";

/** How to start this very cc-dm again: the compiled binary, the launcher, or Deno on a file. */
export interface SelfCommand {
  command: string;
  /** Arguments that come before the subcommand (e.g. `run --allow-all /abs/main.ts`). */
  args: string[];
  /**
   * "binary" for a `deno compile` build, "launcher" for the npm package's or plugin's
   * `bin/cc-dm` running the bundle, "bundle" for `deno run dist/cc-dm.js`, "source" for main.ts.
   */
  mode: "binary" | "launcher" | "bundle" | "source";
}

// In the bundle this module sits in one of the entry's chunks (scripts/bundle.ts), and the entry
// is the process's main module; from source this file has its own URL beside main.ts.
const HERE = import.meta.url;
const BUNDLED = !HERE.endsWith("/lib/self_command.ts");
const MAIN_URL = BUNDLED ? new URL(Deno.mainModule) : new URL("../main.ts", HERE);

/** The command line that runs this cc-dm, with absolute paths, for MCP and hook configuration. */
export function selfCommand(
  env: Readonly<Record<string, string | undefined>> = Deno.env.toObject(),
): SelfCommand {
  const exe = Deno.execPath();
  const runtime = basename(exe).replace(/\.exe$/, "");
  if (runtime !== "deno" || MAIN_URL.protocol !== "file:") return { command: exe, args: [], mode: "binary" };
  const file = fileURLToPath(MAIN_URL);
  // The launcher says where it was started from: that path (an npm bin link) survives upgrades.
  const launcher = env.CC_DM_LAUNCHER?.trim();
  if (BUNDLED && launcher?.startsWith("/") && isFile(launcher)) {
    return { command: launcher, args: [], mode: "launcher" };
  }
  if (BUNDLED) {
    return { command: exe, args: ["run", "--allow-all", "--quiet", "--no-config", file], mode: "bundle" };
  }
  return { command: exe, args: ["run", "--allow-all", "--quiet", file], mode: "source" };
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** Whether an MCP server entry (command + args) starts `cc-dm channel` in any form. */
export function isCcDmChannelEntry(command: string, args: readonly string[]): boolean {
  const words = [command, ...args];
  const channelAt = words.lastIndexOf("channel");
  if (channelAt < 0) return false;
  return words.slice(0, channelAt).some((w) => /(^|[\/\\])(cc-dm(\.exe)?|main\.ts|cc-dm\.js)$/.test(w));
}
