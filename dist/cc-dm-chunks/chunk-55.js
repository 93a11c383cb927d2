import {
  asObject,
  asStrings,
  claudeJsonPath,
  installedPluginsPath,
  objectOf,
  readJsonFile,
  userSettingsPath
} from "./chunk-49.js";
import {
  CcDmError
} from "./chunk-07.js";

// lib/claude_code/mcp_config.ts
import { dirname, isAbsolute, join, resolve } from "node:path";
function realDir(cwd) {
  try {
    return Deno.realPathSync(resolve(cwd));
  } catch {
    return resolve(cwd);
  }
}
function projectRoot(cwd) {
  const real = realDir(cwd);
  for (let dir = real; ; dir = dirname(dir)) {
    try {
      Deno.statSync(join(dir, ".git"));
      return dir;
    } catch {
    }
    if (dirname(dir) === dir) return real;
  }
}
function localProjectKeys(cwd) {
  return [
    .../* @__PURE__ */ new Set([
      projectRoot(cwd),
      realDir(cwd),
      resolve(cwd)
    ])
  ];
}
function readMcpConfig(env, cwd, managedSettings) {
  const problems = [];
  const read = (path) => {
    const file = readJsonFile(path);
    if (file.state === "invalid") problems.push({
      path,
      reason: file.reason
    });
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
  const entries = [];
  entries.push(...serverEntries(config.mcpServers, "user", claudeJson.path));
  entries.push(...serverEntries(project.mcpServers, "local", claudeJson.path));
  const userSettings = objectOf(read(userSettingsPath(env)));
  const projectSettings = trusted ? [
    .../* @__PURE__ */ new Set([
      root,
      real
    ])
  ].flatMap((dir) => [
    objectOf(read(join(dir, ".claude", "settings.json"))),
    objectOf(read(join(dir, ".claude", "settings.local.json")))
  ]) : [];
  const approvalSources = [
    userSettings,
    ...projectSettings,
    ...trusted ? [
      project
    ] : [],
    ...managedSettings
  ];
  const seen = /* @__PURE__ */ new Set();
  for (const dir of ancestors(real)) {
    const file = read(join(dir, ".mcp.json"));
    for (const entry of serverEntries(objectOf(file).mcpServers, "project", file.path)) {
      if (seen.has(entry.name)) continue;
      seen.add(entry.name);
      entries.push({
        ...entry,
        approval: approvalOf(entry.name, approvalSources)
      });
    }
  }
  entries.push(...pluginEntries(env, root, [
    userSettings,
    ...projectSettings
  ], read));
  return {
    claudeJson,
    projectRoot: root,
    trusted,
    entries,
    problems
  };
}
function approvalOf(name, sources) {
  if (sources.some((s) => asStrings(s.disabledMcpjsonServers).includes(name))) return "disabled";
  const approved = sources.some((s) => s.enableAllProjectMcpServers === true || asStrings(s.enabledMcpjsonServers).includes(name));
  return approved ? "approved" : "pending";
}
function ancestors(dir) {
  const dirs = [
    dir
  ];
  for (let parent = dirname(dir); parent !== dirs[dirs.length - 1]; parent = dirname(parent)) {
    dirs.push(parent);
  }
  return dirs;
}
function serverEntries(servers, scope, file) {
  return Object.entries(asObject(servers)).flatMap(([name, raw]) => {
    const server = asObject(raw);
    if (typeof server.command !== "string") return [];
    const env = Object.fromEntries(Object.entries(asObject(server.env)).filter((e) => typeof e[1] === "string"));
    const type = typeof server.type === "string" ? server.type : "stdio";
    return [
      {
        scope,
        name,
        type,
        command: server.command,
        args: asStrings(server.args),
        env,
        file
      }
    ];
  });
}
function pluginEntries(env, root, settings, read) {
  const installed = asObject(objectOf(read(installedPluginsPath(env))).plugins);
  const entries = [];
  for (const [id, installs] of Object.entries(installed)) {
    const enabledValues = settings.map((s) => asObject(s.enabledPlugins)[id]).filter((v) => v !== void 0);
    const enabled = enabledValues.length > 0 && enabledValues[enabledValues.length - 1] === true;
    for (const raw of Array.isArray(installs) ? installs : []) {
      const install = asObject(raw);
      const installPath = typeof install.installPath === "string" ? install.installPath : null;
      if (!installPath) continue;
      const projectPath = typeof install.projectPath === "string" ? install.projectPath : null;
      if (install.scope !== "user" && projectPath !== root) continue;
      for (const entry of pluginServers(installPath, read)) {
        const expand = (s) => s.replaceAll("${CLAUDE_PLUGIN_ROOT}", installPath);
        entries.push({
          ...entry,
          command: expand(entry.command),
          args: entry.args.map(expand),
          plugin: {
            id,
            enabled
          }
        });
      }
    }
  }
  return entries;
}
function pluginServers(installPath, read) {
  const manifestPath = join(installPath, ".claude-plugin", "plugin.json");
  const manifest = objectOf(read(manifestPath));
  if (typeof manifest.mcpServers === "string") {
    const path = isAbsolute(manifest.mcpServers) ? manifest.mcpServers : join(installPath, manifest.mcpServers);
    return serversOfFile(read(path));
  }
  if (manifest.mcpServers !== void 0) return serverEntries(manifest.mcpServers, "plugin", manifestPath);
  return serversOfFile(read(join(installPath, ".mcp.json")));
}
function serversOfFile(file) {
  const value = objectOf(file);
  return serverEntries("mcpServers" in value ? value.mcpServers : value, "plugin", file.path);
}
function readMcpEntry(env, cwd, scope, name) {
  const config = readMcpConfig(env, cwd, []);
  const holds = (path) => scope === "project" ? path.endsWith(".mcp.json") : path === config.claudeJson.path;
  const problem = config.problems.find((p) => holds(p.path));
  if (problem) {
    throw new CcDmError(`Cannot read ${problem.path}: ${problem.reason}`, 1, "repair or move that file; Claude Code rewrites it on its next start");
  }
  return config.entries.find((e) => e.scope === scope && e.name === name) ?? null;
}
function installedCcDmPlugins(env) {
  const installed = asObject(objectOf(readJsonFile(installedPluginsPath(env))).plugins);
  return Object.keys(installed).filter((id) => id.startsWith("cc-dm@"));
}

// lib/self_command.ts
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
var HERE = import.meta.url;
var BUNDLED = !HERE.endsWith("/lib/self_command.ts");
var MAIN_URL = BUNDLED ? new URL(Deno.mainModule) : new URL("../main.ts", HERE);
function selfCommand(env = Deno.env.toObject()) {
  const exe = Deno.execPath();
  const runtime = basename(exe).replace(/\.exe$/, "");
  if (runtime !== "deno" || MAIN_URL.protocol !== "file:") return {
    command: exe,
    args: [],
    mode: "binary"
  };
  const file = fileURLToPath(MAIN_URL);
  const launcher = env.CC_DM_LAUNCHER?.trim();
  if (BUNDLED && launcher?.startsWith("/") && isFile(launcher)) {
    return {
      command: launcher,
      args: [],
      mode: "launcher"
    };
  }
  if (BUNDLED) {
    return {
      command: exe,
      args: [
        "run",
        "--allow-all",
        "--quiet",
        "--no-config",
        file
      ],
      mode: "bundle"
    };
  }
  return {
    command: exe,
    args: [
      "run",
      "--allow-all",
      "--quiet",
      file
    ],
    mode: "source"
  };
}
function isFile(path) {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}
function isCcDmChannelEntry(command, args) {
  const words = [
    command,
    ...args
  ];
  const channelAt = words.lastIndexOf("channel");
  if (channelAt < 0) return false;
  return words.slice(0, channelAt).some((w) => /(^|[\/\\])(cc-dm(\.exe)?|main\.ts|cc-dm\.js)$/.test(w));
}

export {
  readMcpConfig,
  readMcpEntry,
  installedCcDmPlugins,
  selfCommand,
  isCcDmChannelEntry
};
