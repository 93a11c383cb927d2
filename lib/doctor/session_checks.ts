import type { Check, Finding } from "./check.ts";
import type { DoctorContext } from "./context.ts";
import type { McpEntry } from "../claude_code/mcp_config.ts";
import { channelFlagValues, runningSessions } from "../claude_code/running_sessions.ts";
import { isCcDmChannelEntry } from "../self_command.ts";
import { listNames } from "./format.ts";

// The last gate (docs/delivery.md): a session shows a server's channel events only when it was
// started with that very server in `--channels` (allowlisted plugins) or
// `--dangerously-load-development-channels`. Without any flag cc-dm uses the session's inbox
// socket; a flag that names only other servers is a mistake worth failing on.

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
  const count = `${sessions.length} running Claude Code session${sessions.length === 1 ? "" : "s"}`;
  // A flag that names only other channels: Claude Code drops cc-dm's events there (cc-dm
  // notices and uses the inbox socket, but the flag is most likely a mistake).
  const misnamed = sessions.filter((s) => {
    const values = channelFlagValues(s.argv!);
    return values.length > 0 && !values.some((v) => specs.has(v));
  });
  const flagless = sessions.filter((s) => channelFlagValues(s.argv!).length === 0);
  const plugin = entries.find((e) => e.scope === "plugin");
  const flag = `--dangerously-load-development-channels ${
    plugin ? `plugin:${plugin.plugin?.id}` : `server:${entries[0].name}`
  }`;
  if (misnamed.length > 0) {
    return {
      status: "fail",
      message: `${misnamed.length} of ${count} started with channel flags that do not name cc-dm (${
        listNames(misnamed.map((s) => `pid ${s.pid}: ${channelFlagValues(s.argv!).join(", ")}`))
      }): Claude Code drops cc-dm's channel events there; cc-dm falls back to the inbox socket`,
      hint: `Add cc-dm to the flag: \`claude ${flag}\` (values may be listed together, comma-separated).`,
    };
  }
  if (flagless.length === 0) return { status: "ok", message: `${count}, all with cc-dm as a channel` };
  return {
    status: "ok",
    message: `${count}${
      flagless.length === sessions.length ? "" : ` (${flagless.length} of them)`
    } without a channel flag: cc-dm delivers through their inbox socket (see login.delivery)`,
  };
}
