import { join } from "node:path";
import type { Env } from "../paths.ts";

// Where Claude Code keeps its state (read offline; checked against 2.1.330):
// `$CLAUDE_CONFIG_DIR` replaces `~/.claude`, and then `.claude.json` moves inside it too.

function home(env: Env): string {
  const dir = env.HOME ?? env.USERPROFILE;
  if (!dir) throw new Error("Cannot find Claude Code's files: HOME is not set");
  return dir;
}

/** `$CLAUDE_CONFIG_DIR`, else `~/.claude`. */
export function claudeConfigDir(env: Env): string {
  return env.CLAUDE_CONFIG_DIR?.trim() || join(home(env), ".claude");
}

/** The global config: `$CLAUDE_CONFIG_DIR/.claude.json`, else `~/.claude.json`. */
export function claudeJsonPath(env: Env): string {
  const explicit = env.CLAUDE_CONFIG_DIR?.trim();
  return explicit ? join(explicit, ".claude.json") : join(home(env), ".claude.json");
}

/** User settings (`env`, `enabledMcpjsonServers`, `enabledPlugins`, ...). */
export function userSettingsPath(env: Env): string {
  return join(claudeConfigDir(env), "settings.json");
}

/** The claude.ai login's credentials file; doctor only checks that it exists. */
export function credentialsPath(env: Env): string {
  return join(claudeConfigDir(env), ".credentials.json");
}

/** Installed plugins (`{version: 2, plugins: {"<plugin>@<marketplace>": [{scope, installPath}]}}`). */
export function installedPluginsPath(env: Env): string {
  return join(claudeConfigDir(env), "plugins", "installed_plugins.json");
}

/** Files of running sessions, `<pid>.json`, removed when a session exits. */
export function liveSessionsDir(env: Env): string {
  return join(claudeConfigDir(env), "sessions");
}

/**
 * Directory of managed (organisation) settings: `managed-settings.json` and
 * `managed-settings.d/*.json`. `CC_DM_CLAUDE_MANAGED_DIR` points doctor elsewhere (tests, or a
 * policy staged for review); Claude Code itself always reads the platform path.
 */
export function managedSettingsDir(env: Env): string {
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
