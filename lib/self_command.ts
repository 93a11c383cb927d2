import { basename } from "node:path";
import { fileURLToPath } from "node:url";

/** How to start this very cc-dm again: the compiled binary, or `deno run` of main.ts from source. */
export interface SelfCommand {
  command: string;
  /** Arguments that come before the subcommand (e.g. `run --allow-all /abs/main.ts`). */
  args: string[];
  /** "binary" for a `deno compile` build, "source" when run by the deno CLI. */
  mode: "binary" | "source";
}

const MAIN_URL = new URL("../main.ts", import.meta.url);

/** The command line that runs this cc-dm, with absolute paths, for MCP and hook configuration. */
export function selfCommand(): SelfCommand {
  const exe = Deno.execPath();
  const runtime = basename(exe).replace(/\.exe$/, "");
  if (runtime === "deno" && MAIN_URL.protocol === "file:") {
    return { command: exe, args: ["run", "--allow-all", "--quiet", fileURLToPath(MAIN_URL)], mode: "source" };
  }
  return { command: exe, args: [], mode: "binary" };
}

/** Whether an MCP server entry (command + args) starts `cc-dm channel` in any form. */
export function isCcDmChannelEntry(command: string, args: readonly string[]): boolean {
  const words = [command, ...args];
  const channelAt = words.lastIndexOf("channel");
  if (channelAt < 0) return false;
  return words.slice(0, channelAt).some((w) => /(^|[\/\\])(cc-dm(\.exe)?|main\.ts|cc-dm\.js)$/.test(w));
}
