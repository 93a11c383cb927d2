import { dirname, isAbsolute, join, resolve } from "node:path";
import { CcDmError } from "../errors.ts";
import type { Env } from "../paths.ts";
import { asObject, asStrings, type JsonFile, objectOf, readJsonFile } from "./json_file.ts";
import { claudeJsonPath, installedPluginsPath, userSettingsPath } from "./paths.ts";

// The one reader of Claude Code's MCP configuration (doctor, the channel's route check and
// setup all use it). Where Claude Code 2.1.330 finds MCP servers, as observed with
// `claude mcp list`:
// - user scope: `mcpServers` of ~/.claude.json;
// - local scope: `projects[<project root>].mcpServers` (the root is the git top level above the
//   REAL working directory, else that directory: Claude Code's cwd is the physical path, so a
//   directory reached through a symlink is filed under its target; older entries may be keyed
//   by the directory itself);
// - project scope: `.mcp.json` in the real cwd or any parent, usable only once approved;
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
  /** The entry's `type` ("stdio" when absent). */
  type: string;
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

/** `cwd` with every symlink resolved (the path Claude Code itself works in); as given if it vanished. */
function realDir(cwd: string): string {
  try {
    return Deno.realPathSync(resolve(cwd));
  } catch {
    return resolve(cwd);
  }
}

/** The git top level above the real `cwd`, else the real `cwd` (Claude Code keys projects by it). */
export function projectRoot(cwd: string): string {
  const real = realDir(cwd);
  for (let dir = real;; dir = dirname(dir)) {
    try {
      Deno.statSync(join(dir, ".git"));
      return dir;
    } catch {
      // keep looking
    }
    if (dirname(dir) === dir) return real;
  }
}

/**
 * The `projects` keys local scope may be filed under, best first: the project root, then the
 * real directory and the directory as given (entries older Claude Code versions wrote).
 */
export function localProjectKeys(cwd: string): string[] {
  return [...new Set([projectRoot(cwd), realDir(cwd), resolve(cwd)])];
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
  const real = realDir(cwd);
  const projects = asObject(config.projects);
  const key = localProjectKeys(cwd).find((k) => k in projects) ?? root;
  const project = asObject(projects[key]);
  const trusted = project.hasTrustDialogAccepted === true;
  const entries: McpEntry[] = [];

  entries.push(...serverEntries(config.mcpServers, "user", claudeJson.path));
  entries.push(...serverEntries(project.mcpServers, "local", claudeJson.path));

  const userSettings = objectOf(read(userSettingsPath(env)));
  const projectSettings = trusted
    ? [...new Set([root, real])].flatMap((dir) => [
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
  for (const dir of ancestors(real)) {
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
    const type = typeof server.type === "string" ? server.type : "stdio";
    return [{ scope, name, type, command: server.command, args: asStrings(server.args), env, file }];
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

/**
 * The entry `name` in one scope as Claude Code sees it from `cwd` (for setup), or null. Throws
 * a CcDmError when a file that scope lives in exists but is not valid JSON: setup must not
 * mistake a broken file for a missing entry.
 */
export function readMcpEntry(
  env: Env,
  cwd: string,
  scope: "user" | "local" | "project",
  name: string,
): McpEntry | null {
  const config = readMcpConfig(env, cwd, []);
  const holds = (path: string) =>
    scope === "project" ? path.endsWith(".mcp.json") : path === config.claudeJson.path;
  const problem = config.problems.find((p) => holds(p.path));
  if (problem) {
    throw new CcDmError(
      `Cannot read ${problem.path}: ${problem.reason}`,
      1,
      "repair or move that file; Claude Code rewrites it on its next start",
    );
  }
  return config.entries.find((e) => e.scope === scope && e.name === name) ?? null;
}

/**
 * Installed plugins whose id is `cc-dm@<marketplace>`. A session with both the plugin and an
 * `mcp add` entry would start two cc-dm servers.
 */
export function installedCcDmPlugins(env: Env): string[] {
  const installed = asObject(objectOf(readJsonFile(installedPluginsPath(env))).plugins);
  return Object.keys(installed).filter((id) => id.startsWith("cc-dm@"));
}
