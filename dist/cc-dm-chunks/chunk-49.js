// lib/claude_code/paths.ts
import { join } from "node:path";
function home(env) {
  const dir = env.HOME ?? env.USERPROFILE;
  if (!dir) throw new Error("Cannot find Claude Code's files: HOME is not set");
  return dir;
}
function claudeConfigDir(env) {
  return env.CLAUDE_CONFIG_DIR?.trim() || join(home(env), ".claude");
}
function claudeJsonPath(env) {
  const explicit = env.CLAUDE_CONFIG_DIR?.trim();
  return explicit ? join(explicit, ".claude.json") : join(home(env), ".claude.json");
}
function userSettingsPath(env) {
  return join(claudeConfigDir(env), "settings.json");
}
function credentialsPath(env) {
  return join(claudeConfigDir(env), ".credentials.json");
}
function installedPluginsPath(env) {
  return join(claudeConfigDir(env), "plugins", "installed_plugins.json");
}
function liveSessionsDir(env) {
  return join(claudeConfigDir(env), "sessions");
}
function managedSettingsDir(env) {
  const explicit = env.CC_DM_CLAUDE_MANAGED_DIR?.trim();
  if (explicit) return explicit;
  switch (Deno.build.os) {
    case "darwin":
      return "/Library/Application Support/ClaudeCode";
    case "windows":
      return "C:\\Program Files\\ClaudeCode";
    default:
      return "/etc/claude-code";
  }
}

// lib/claude_code/json_file.ts
function readJsonFile(path) {
  let text;
  try {
    text = Deno.readTextFileSync(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound || err instanceof Deno.errors.NotADirectory) {
      return {
        path,
        state: "absent"
      };
    }
    return {
      path,
      state: "invalid",
      reason: err instanceof Error ? err.message : String(err)
    };
  }
  try {
    return {
      path,
      state: "ok",
      value: JSON.parse(text)
    };
  } catch (err) {
    return {
      path,
      state: "invalid",
      reason: `not valid JSON (${err.message})`
    };
  }
}
function objectOf(file) {
  return file.state === "ok" ? asObject(file.value) : {};
}
function asObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
}
function asStrings(value) {
  return Array.isArray(value) ? value.filter((v) => typeof v === "string") : [];
}

export {
  readJsonFile,
  objectOf,
  asObject,
  asStrings,
  claudeConfigDir,
  claudeJsonPath,
  userSettingsPath,
  credentialsPath,
  installedPluginsPath,
  liveSessionsDir,
  managedSettingsDir
};
