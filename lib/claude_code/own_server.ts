import { basename } from "node:path";
import type { Env } from "../paths.ts";
import type { McpEntry } from "./mcp_config.ts";

/** Which configured MCP server this process is, as Claude Code names it in its channel flags. */
export interface OwnServer {
  /** `server:<mcpServers key>` or `plugin:<plugin>@<marketplace>`: the channel flag value that names us. */
  flagValue: string;
  /** The `source` attribute Claude Code gives our events (`<key>` or `plugin:<plugin>:<server>`). */
  source: string;
  entry: McpEntry;
  /** How it was found, for logs and doctor. */
  how: string;
}

export type OwnServerResult = { found: OwnServer } | { unknown: string };

/**
 * Find the entry that started this process among `entries` (every scope Claude Code reads).
 * A plugin server is known by `CLAUDE_PLUGIN_ROOT`; another by `CC_DM_SERVER_NAME` (which
 * `cc-dm setup` writes into its entry), else by matching its command line against the process
 * chain (`chain`: command lines from Claude Code's child down to us). Two entries that match
 * equally leave it unknown: then nobody can say which of them Claude Code lists as a channel.
 */
export function findOwnServer(env: Env, entries: McpEntry[], chain: string[][]): OwnServerResult {
  const pluginRoot = env.CLAUDE_PLUGIN_ROOT?.trim();
  if (pluginRoot) {
    // A plugin from a directory marketplace runs from its source, not from installPath; its
    // data folder (`plugins/data/<plugin>-<marketplace>`) names the install either way.
    const dataName = basename(env.CLAUDE_PLUGIN_DATA?.trim() ?? "");
    const byData = entries.filter((e) => e.plugin && dataName && dataFolder(e.plugin.id) === dataName);
    const mine = byData.length ? byData : entries.filter((e) => e.plugin && samePath(e.file, pluginRoot));
    const servers = mine.filter((e) => looksLikeChannel(e) || mine.length === 1);
    if (servers.length !== 1) {
      return { unknown: `started by a plugin at ${pluginRoot}, which is not among the installed plugins` };
    }
    const e = servers[0];
    const pluginName = e.plugin!.id.split("@")[0];
    return {
      found: {
        flagValue: `plugin:${e.plugin!.id}`,
        source: `plugin:${pluginName}:${e.name}`,
        entry: e,
        how: byData.length ? "CLAUDE_PLUGIN_DATA" : "CLAUDE_PLUGIN_ROOT",
      },
    };
  }
  const configured = entries.filter((e) => !e.plugin && e.approval !== "disabled");
  const named = env.CC_DM_SERVER_NAME?.trim();
  if (named) {
    const e = configured.find((c) => c.name === named);
    if (e) return { found: serverEntry(e, "CC_DM_SERVER_NAME") };
    return { unknown: `CC_DM_SERVER_NAME=${named} names no configured MCP server` };
  }
  const matches = configured.filter((e) => chain.some((argv) => startedBy(e, argv)));
  if (matches.length === 1) return { found: serverEntry(matches[0], "its command line") };
  if (matches.length > 1) {
    return {
      unknown: `several MCP entries start the same command (${matches.map((m) => m.name).join(", ")})`,
    };
  }
  return { unknown: "no configured MCP server entry matches this process's command line" };
}

function serverEntry(e: McpEntry, how: string): OwnServer {
  return { flagValue: `server:${e.name}`, source: e.name, entry: e, how };
}

/** An entry's args end our argv and its command is our program (or the script a shell runs). */
function startedBy(e: McpEntry, argv: string[]): boolean {
  if (argv.length < e.args.length + 1) return false;
  const tail = argv.slice(argv.length - e.args.length);
  if (!tail.every((a, i) => a === e.args[i])) return false;
  const head = argv.slice(0, argv.length - e.args.length);
  const command = basename(e.command);
  return head.some((a) => a === e.command || basename(a) === command);
}

function looksLikeChannel(e: McpEntry): boolean {
  return e.args.includes("channel") || /cc-dm/.test(e.command);
}

/** Claude Code's data folder name for plugin `<plugin>@<marketplace>`. */
function dataFolder(id: string): string {
  return id.replace("@", "-").replace(/[^a-zA-Z0-9_-]/g, "-");
}

function samePath(file: string, root: string): boolean {
  const norm = (p: string) => p.replace(/\/+$/, "");
  return norm(file).startsWith(norm(root) + "/");
}
