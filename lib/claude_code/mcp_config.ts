import { dirname, isAbsolute, join, resolve } from "node:path";
import type { Env } from "../paths.ts";
import { asObject, asStrings, type JsonFile, objectOf, readJsonFile } from "./json_file.ts";
import { claudeJsonPath, installedPluginsPath, userSettingsPath } from "./paths.ts";

// Where Claude Code 2.1.330 finds MCP servers, as observed with `claude mcp list`:
// - user scope: `mcpServers` of ~/.claude.json;
// - local scope: `projects[<project root>].mcpServers` (the root is the git top level, else cwd);
// - project scope: `.mcp.json` in cwd or any parent, usable only once approved;
// - plugins: `<config>/plugins/installed_plugins.json`, servers in the plugin's plugin.json or .mcp.json.
// A `.mcp.json` server is approved by `enabledMcpjsonServers` or `enableAllProjectMcpServers` in user
// settings, or in the project's `.claude/settings{,.local}.json` and legacy `projects[root]` fields
// once the project is trusted (`hasTrustDialogAccepted`); `disabledMcpjsonServers` wins.

export type McpScope = "user" | "local" | "project" | "plugin";

/** Approval of a project-scope (`.mcp.json`) server. */
export type Approval = "approved" | "pending" | "disabled";

/** One stdio MCP server entry as configured. */
export interface McpEntry {
  scope: McpScope;
  /** The key under `mcpServers` (Claude Code's server name, the `source` of channel events). */
  name: string;
  command: string;
  args: string[];
  /** Extra environment Claude Code gives the server (string values only). */
  env: Record<string, string>;
  /** File that holds the entry. */
  file: string;
  /** Project scope only. */
  approval?: Approval;
  /** Plugin scope only: `<plugin>@<marketplace>` and whether it is enabled. */
  plugin?: { id: string; enabled: boolean };
}

/** Claude Code's configuration as it applies to one working directory. */
export interface McpConfig {
  claudeJson: JsonFile;
  projectRoot: string;
  /** Whether the user accepted the trust dialog for the project root. */
  trusted: boolean;
  entries: McpEntry[];
  /** Files that exist but could not be read or parsed. */
  problems: { path: string; reason: string }[];
}

/** The git top level above the real `cwd`, else the real `cwd` (Claude Code keys projects by it). */
export function projectRoot(cwd: string): string {
  let real = resolve(cwd);
  try {
    real = Deno.realPathSync(real);
  } catch {
    // A directory that vanished: keep the path as given.
  }
  let dir = real;
  for (;;) {
    try {
      Deno.statSync(join(dir, ".git"));
      return dir;
    } catch {
      // keep looking
    }
    const parent = dirname(dir);
    if (parent === dir) return real;
    dir = parent;
  }
}

/** Every MCP server entry Claude Code would see from `cwd`, with approval for `.mcp.json` ones. */
export function readMcpConfig(env: Env, cwd: string, managedSettings: Record<string, unknown>[]): McpConfig {
  const problems: { path: string; reason: string }[] = [];
  const read = (path: string): JsonFile => {
    const file = readJsonFile(path);
    if (file.state === "invalid") problems.push({ path, reason: file.reason });
    return file;
  };
  const claudeJson = read(claudeJsonPath(env));
  const config = objectOf(claudeJson);
  const root = projectRoot(cwd);
  const projects = asObject(config.projects);
  // Claude Code files a project under its git root; older entries may use the directory itself.
  const key = [root, resolve(cwd)].find((k) => k in projects) ?? root;
  const project = asObject(projects[key]);
  const trusted = project.hasTrustDialogAccepted === true;
  const entries: McpEntry[] = [];

  entries.push(...serverEntries(config.mcpServers, "user", claudeJson.path));
  entries.push(...serverEntries(project.mcpServers, "local", claudeJson.path));

  const userSettings = objectOf(read(userSettingsPath(env)));
  const projectSettings = trusted
    ? [...new Set([root, resolve(cwd)])].flatMap((dir) => [
      objectOf(read(join(dir, ".claude", "settings.json"))),
      objectOf(read(join(dir, ".claude", "settings.local.json"))),
    ])
    : [];
  const approvalSources = [
    userSettings,
    ...projectSettings,
    ...(trusted ? [project] : []),
    ...managedSettings,
  ];

  // Nearer .mcp.json files win for the same server name.
  const seen = new Set<string>();
  for (const dir of ancestors(resolve(cwd))) {
    const file = read(join(dir, ".mcp.json"));
    for (const entry of serverEntries(objectOf(file).mcpServers, "project", file.path)) {
      if (seen.has(entry.name)) continue;
      seen.add(entry.name);
      entries.push({ ...entry, approval: approvalOf(entry.name, approvalSources) });
    }
  }

  entries.push(...pluginEntries(env, root, [userSettings, ...projectSettings], read));
  return { claudeJson, projectRoot: root, trusted, entries, problems };
}

function approvalOf(name: string, sources: Record<string, unknown>[]): Approval {
  if (sources.some((s) => asStrings(s.disabledMcpjsonServers).includes(name))) return "disabled";
  const approved = sources.some((s) =>
    s.enableAllProjectMcpServers === true || asStrings(s.enabledMcpjsonServers).includes(name)
  );
  return approved ? "approved" : "pending";
}

function ancestors(dir: string): string[] {
  const dirs = [dir];
  for (let parent = dirname(dir); parent !== dirs[dirs.length - 1]; parent = dirname(parent)) {
    dirs.push(parent);
  }
  return dirs;
}

function serverEntries(servers: unknown, scope: McpScope, file: string): McpEntry[] {
  return Object.entries(asObject(servers)).flatMap(([name, raw]) => {
    const server = asObject(raw);
    if (typeof server.command !== "string") return []; // http/sse servers have a url instead
    const env = Object.fromEntries(
      Object.entries(asObject(server.env)).filter((e): e is [string, string] => typeof e[1] === "string"),
    );
    return [{ scope, name, command: server.command, args: asStrings(server.args), env, file }];
  });
}

function pluginEntries(
  env: Env,
  root: string,
  settings: Record<string, unknown>[],
  read: (path: string) => JsonFile,
): McpEntry[] {
  const installed = asObject(objectOf(read(installedPluginsPath(env))).plugins);
  const entries: McpEntry[] = [];
  for (const [id, installs] of Object.entries(installed)) {
    const enabledValues = settings.map((s) => asObject(s.enabledPlugins)[id]).filter((v) => v !== undefined);
    const enabled = enabledValues.length > 0 && enabledValues[enabledValues.length - 1] === true;
    for (const raw of Array.isArray(installs) ? installs : []) {
      const install = asObject(raw);
      const installPath = typeof install.installPath === "string" ? install.installPath : null;
      if (!installPath) continue;
      const projectPath = typeof install.projectPath === "string" ? install.projectPath : null;
      if (install.scope !== "user" && projectPath !== root) continue;
      for (const entry of pluginServers(installPath, read)) {
        const expand = (s: string) => s.replaceAll("${CLAUDE_PLUGIN_ROOT}", installPath);
        entries.push({
          ...entry,
          command: expand(entry.command),
          args: entry.args.map(expand),
          plugin: { id, enabled },
        });
      }
    }
  }
  return entries;
}

function pluginServers(installPath: string, read: (path: string) => JsonFile): McpEntry[] {
  const manifestPath = join(installPath, ".claude-plugin", "plugin.json");
  const manifest = objectOf(read(manifestPath));
  if (typeof manifest.mcpServers === "string") {
    const path = isAbsolute(manifest.mcpServers)
      ? manifest.mcpServers
      : join(installPath, manifest.mcpServers);
    return serversOfFile(read(path));
  }
  if (manifest.mcpServers !== undefined) return serverEntries(manifest.mcpServers, "plugin", manifestPath);
  return serversOfFile(read(join(installPath, ".mcp.json")));
}

function serversOfFile(file: JsonFile): McpEntry[] {
  const value = objectOf(file);
  return serverEntries("mcpServers" in value ? value.mcpServers : value, "plugin", file.path);
}
