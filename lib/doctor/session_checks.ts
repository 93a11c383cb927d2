import type { Check, Finding } from "./check.ts";
import type { DoctorContext } from "./context.ts";
import type { McpEntry } from "../claude_code/mcp_config.ts";
import { channelFlagValues, runningSessions } from "../claude_code/running_sessions.ts";
import { isCcDmChannelEntry } from "../self_command.ts";
import { listNames } from "./format.ts";

// The last gate (CLAUDE_CODE.md §4.6): a session shows a server's channel events only when it
// was started with that server in `--channels` (allowlisted plugins) or
// `--dangerously-load-development-channels`. Without it cc-dm still runs in the session, but its
// messages arrive only through the inbox tool. Running sessions' command lines say which.

/** Login & channels: whether running Claude Code sessions load cc-dm as a channel. */
export function sessionChecks(ctx: DoctorContext): Check[] {
  return [{ id: "login.running_sessions", group: "login", run: () => runningSessionsFinding(ctx) }];
}

/** The flag values that would make a session load one of these entries as a channel. */
function channelSpecs(entries: McpEntry[]): string[] {
  return entries.flatMap((e) => {
    if (e.scope !== "plugin") return [`server:${e.name}`];
    const id = e.plugin?.id ?? "";
    return [`plugin:${id}`, `plugin:${id.split("@")[0]}`];
  });
}

function runningSessionsFinding(ctx: DoctorContext): Finding | null {
  if (Deno.build.os !== "linux") return null; // command lines are read from /proc
  const entries = ctx.mcp().entries.filter((e) => isCcDmChannelEntry(e.command, e.args));
  if (entries.length === 0) return null; // registration.entry already says so
  const sessions = runningSessions(ctx.env).filter((s) => s.argv !== null);
  if (sessions.length === 0) return { status: "ok", message: "no Claude Code session running" };
  const specs = new Set(channelSpecs(entries));
  const without = sessions.filter((s) => !channelFlagValues(s.argv!).some((v) => specs.has(v)));
  const count = `${sessions.length} running Claude Code session${sessions.length === 1 ? "" : "s"}`;
  if (without.length === 0) return { status: "ok", message: `${count}, all with cc-dm as a channel` };
  const plugin = entries.find((e) => e.scope === "plugin");
  const flag = `--dangerously-load-development-channels ${
    plugin ? `plugin:${plugin.plugin?.id}` : `server:${entries[0].name}`
  }`;
  return {
    status: "warn",
    message: `${without.length} of ${count} started without cc-dm in --channels or ` +
      `--dangerously-load-development-channels (${
        listNames(without.map((s) => `pid ${s.pid}${s.cwd ? ` in ${s.cwd}` : ""}`))
      }): they get messages only through the inbox tool`,
    hint: `Start sessions with \`claude ${flag}\`${
      plugin ? " (or --channels once the plugin is allowlisted)" : ""
    }.`,
  };
}
