import { channelEventsGate, type Gate, type SessionFacts } from "../claude_code/channel_gates.ts";
import { type ClaudeProcess, findClaudeProcess } from "../claude_code/claude_process.ts";
import {
  inboxSocketGate,
  type LiveSessionFile,
  readLiveSession,
  type SocketGate,
} from "../claude_code/inbox_socket.ts";
import { objectOf, readJsonFile } from "../claude_code/json_file.ts";
import { readManagedSettings } from "../claude_code/managed_settings.ts";
import { readMcpConfig } from "../claude_code/mcp_config.ts";
import { findOwnServer, type OwnServer } from "../claude_code/own_server.ts";
import { claudeJsonPath, userSettingsPath } from "../claude_code/paths.ts";
import { isCcDmHookCommand } from "../hook/hook_config.ts";
import type { Env } from "../paths.ts";
import { channelFlagValues } from "../claude_code/running_sessions.ts";
import { isCcDmChannelEntry } from "../self_command.ts";
import type { PushMode } from "./channel_config.ts";

/**
 * How mail reaches this session's model:
 * - `events`: pushed as channel events (every gate of Claude Code is known to be open);
 * - `socket`: written to the session's inbox socket (no flag needed);
 * - `hooks` / `inbox`: kept on the bus until a hook shows it or the model calls `inbox`
 *   (`hooks` when cc-dm's hooks are installed for this session).
 */
export type Route = "events" | "socket" | "hooks" | "inbox";

export interface RouteDecision {
  route: Route;
  /** One sentence: why this route (logged, stored on the bus, shown by who and doctor). */
  reason: string;
  events: Gate;
  socket: SocketGate;
  /** How to turn the better routes on, when they are off. */
  fix?: string;
}

/** What the channel learned about the Claude Code that started it. */
export interface ClaudeSession {
  facts: SessionFacts;
  claude: ClaudeProcess | null;
  own: OwnServer | null;
  /** Claude Code's working directory (its project). */
  projectDir: string | null;
  managed: Record<string, unknown>;
  hooksInstalled: boolean;
  /**
   * Another cc-dm server of this session that the channel flags name while they do not name
   * this one (the plugin and a `cc-dm setup` entry both installed): that one is the session's
   * channel, and this one steps aside so each message takes one path.
   */
  otherChannel: string | null;
  /** Read the sessions file again (the socket binds late; the session id changes on /clear). */
  live: () => LiveSessionFile | null;
}

/**
 * Look at the Claude Code that started this channel: its flags, config and settings. `claude`
 * is found among our ancestors unless given (the in-process tests stand in for it).
 */
export function probeClaudeSession(
  env: Env,
  cwd: string,
  claude: ClaudeProcess | null = env.CLAUDECODE === "1" ? findClaudeProcess() : null,
): ClaudeSession {
  const projectDir = env.CLAUDE_PROJECT_DIR?.trim() || cwd;
  const managedSettings = readManagedSettings(env);
  const config = readMcpConfig(env, projectDir, managedSettings.layers);
  const own = findOwnServer(env, config.entries, claude?.between ?? []);
  const facts: SessionFacts = {
    env,
    claudeArgv: claude?.argv ?? null,
    ownFlagValue: "found" in own ? own.found.flagValue : null,
    ownUnknown: "unknown" in own ? own.unknown : undefined,
    claudeJson: objectOf(readJsonFile(claudeJsonPath(env))),
    managed: { present: managedSettings.files.length > 0, merged: managedSettings.merged },
  };
  const flags = claude ? channelFlagValues(claude.argv) : [];
  const mine = "found" in own ? own.found.flagValue : null;
  const others = config.entries
    .filter((e) => isCcDmChannelEntry(e.command, e.args) && (e.scope !== "plugin" || e.plugin?.enabled))
    .map((e) => (e.plugin ? `plugin:${e.plugin.id}` : `server:${e.name}`))
    .filter((v) => v !== mine && flags.includes(v));
  return {
    facts,
    claude,
    otherChannel: mine && !flags.includes(mine) && others.length ? others[0] : null,
    own: "found" in own ? own.found : null,
    projectDir,
    managed: managedSettings.merged,
    hooksInstalled: !!env.CLAUDE_PLUGIN_ROOT || userHooksInstalled(env),
    live: () => (claude ? readLiveSession(env, claude.pid) : null),
  };
}

function userHooksInstalled(env: Env): boolean {
  const commands: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        k === "command" && typeof x === "string" ? commands.push(x) : walk(x);
      }
    }
  };
  walk(objectOf(readJsonFile(userSettingsPath(env))).hooks);
  return commands.some(isCcDmHookCommand);
}

/**
 * Choose the route. `forced` (CC_DM_PUSH, lib/channel/channel_config.ts) always|never|socket forces one (tests, other MCP clients);
 * a client that is not Claude Code gets events, the MCP way of pushing. Otherwise events when
 * every gate is open, else the inbox socket when it is on, else the hooks / inbox.
 */
export function chooseRoute(env: Env, session: ClaudeSession | null, forced: PushMode): RouteDecision {
  const closed = (reason: string): { open: false; reason: string } => ({ open: false, reason });
  if (forced === "always") {
    return {
      route: "events",
      reason: "CC_DM_PUSH=always",
      events: { open: true, reason: "forced" },
      socket: closed("not used"),
    };
  }
  if (!session || env.CLAUDECODE !== "1") {
    if (forced === "socket") {
      const socket = inboxSocketGate(env, null, null, null, {});
      if (socket.open) {
        return { route: "socket", reason: "CC_DM_PUSH=socket", events: closed("forced"), socket };
      }
      return pull(session, `CC_DM_PUSH=socket, but ${socket.reason}`, closed("forced"), socket);
    }
    if (forced === "never") return pull(session, "CC_DM_PUSH=never", closed("forced"), closed("forced"));
    return {
      route: "events",
      reason: "not started by Claude Code: events are the MCP way to push",
      events: { open: true, reason: "MCP client" },
      socket: closed("not Claude Code"),
    };
  }
  const events = forced === "auto" ? channelEventsGate(session.facts) : closed(`CC_DM_PUSH=${forced}`);
  const socket = forced === "never" ? closed("CC_DM_PUSH=never") as SocketGate : inboxSocketGate(
    env,
    session.facts.claudeArgv,
    session.live(),
    session.projectDir,
    session.managed,
  );
  if (events.open) return { route: "events", reason: events.reason, events, socket };
  if (socket.open) {
    return {
      route: "socket",
      reason: `channel events are off (${events.reason}); using Claude Code's inbox socket`,
      events,
      socket,
    };
  }
  return pull(session, `channel events are off (${events.reason}) and ${socket.reason}`, events, socket);
}

function pull(
  session: ClaudeSession | null,
  reason: string,
  events: Gate,
  socket: SocketGate,
): RouteDecision {
  const fix = !socket.open && "fix" in socket ? socket.fix : undefined;
  return { route: session?.hooksInstalled ? "hooks" : "inbox", reason, events, socket, fix };
}
