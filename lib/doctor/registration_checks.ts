import { isAbsolute, join, resolve } from "node:path";
import type { Check, Finding } from "./check.ts";
import type { DoctorContext } from "./context.ts";
import type { McpEntry } from "../claude_code/mcp_config.ts";
import { findOnPath, isExecutableFile } from "../claude_code/claude_cli.ts";
import { outcomeProblem, runBounded } from "../claude_code/bounded_run.ts";
import { parseVersion } from "../claude_code/version.ts";
import { userSettingsPath } from "../claude_code/paths.ts";
import { isCcDmChannelEntry } from "../self_command.ts";
import { VERSION } from "../version.ts";
import { ccDmHome } from "../paths.ts";

const SETUP_HINT = "cc-dm setup";

/** Registration: cc-dm in Claude Code's MCP config, runnable, this version, approved. */
export function registrationChecks(ctx: DoctorContext): Check[] {
  return [
    { id: "registration.entry", group: "registration", run: () => entryFindings(ctx) },
    { id: "registration.command", group: "registration", run: () => commandFindings(ctx) },
  ];
}

function ccDmEntries(ctx: DoctorContext): McpEntry[] {
  return ctx.mcp().entries.filter((e) => isCcDmChannelEntry(e.command, e.args));
}

/** Entries Claude Code would actually start. */
function usable(entries: McpEntry[]): McpEntry[] {
  return entries.filter((e) =>
    (e.scope !== "project" || e.approval === "approved") && (e.scope !== "plugin" || e.plugin?.enabled)
  );
}

function describe(entry: McpEntry): string {
  if (entry.scope === "plugin") return `"${entry.name}" of plugin ${entry.plugin?.id}`;
  return `"${entry.name}" (${entry.scope} scope, ${entry.file})`;
}

function entryFindings(ctx: DoctorContext): Finding[] {
  const config = ctx.mcp();
  const findings: Finding[] = [];
  for (const problem of config.problems) {
    findings.push({
      id: "registration.config_file",
      status: "warn",
      message: `cannot read ${problem.path}: ${problem.reason}`,
      hint: `Fix the file; Claude Code skips or rejects it too.`,
    });
  }
  const entries = ccDmEntries(ctx);
  if (entries.length === 0) {
    findings.push({
      status: "fail",
      message: "cc-dm is not registered with Claude Code: no `cc-dm channel` server in user, local " +
        "or project MCP config, nor in an installed plugin",
      hint: SETUP_HINT,
    });
    return findings;
  }
  const running = usable(entries);
  const plugin = running.find((e) => e.scope === "plugin");
  findings.push(
    running.length > 1
      ? {
        status: "fail",
        message: `registered ${running.length} times (${running.map(describe).join("; ")}): ` +
          `each session starts ${running.length} cc-dm channels, and at most one of them is the session's channel`,
        hint: plugin
          ? "Keep the plugin and remove the others: cc-dm setup --uninstall (user scope), or claude mcp remove <name> -s <scope>."
          : "Keep one: claude mcp remove <name> -s <scope> for the others.",
      }
      : {
        status: running.length > 0 ? "ok" : "warn",
        message: entries.map(describe).join("; "),
        ...(running.length > 0 ? {} : { hint: "See the lines below." }),
      },
  );
  for (const entry of entries) {
    if (entry.scope === "project" && entry.approval === "pending") {
      findings.push({
        id: "registration.approval",
        status: "warn",
        message:
          `"${entry.name}" in ${entry.file} is pending approval: Claude Code does not start it until approved`,
        hint: `Start \`claude\` in ${ctx.mcp().projectRoot} and approve "${entry.name}", or add ` +
          `"enabledMcpjsonServers": ["${entry.name}"] to ${userSettingsPath(ctx.env)}.`,
      });
    } else if (entry.scope === "project" && entry.approval === "disabled") {
      findings.push({
        id: "registration.approval",
        status: "warn",
        message: `"${entry.name}" in ${entry.file} is disabled for this project (disabledMcpjsonServers)`,
        hint: `Remove "${entry.name}" from disabledMcpjsonServers, or enable it in \`claude\` with /mcp.`,
      });
    } else if (entry.scope === "plugin" && !entry.plugin?.enabled) {
      findings.push({
        id: "registration.plugin",
        status: "warn",
        message: `plugin ${entry.plugin?.id} is installed but not enabled`,
        hint: `claude plugin enable ${entry.plugin?.id}`,
      });
    }
  }
  return findings;
}

async function commandFindings(ctx: DoctorContext): Promise<Finding[] | null> {
  const entries = ccDmEntries(ctx);
  const candidates = usable(entries).length > 0 ? usable(entries) : entries;
  // The same command line registered in several scopes is checked once.
  const unique = [...new Map(candidates.map((e) => [JSON.stringify([e.command, e.args]), e])).values()];
  if (unique.length === 0) return null;
  const perEntry = await Promise.all(unique.map((entry) => checkCommand(ctx, entry)));
  return perEntry.flat();
}

async function checkCommand(ctx: DoctorContext, entry: McpEntry): Promise<Finding[]> {
  const command = isAbsolute(entry.command) ? entry.command : findOnPath(entry.command, ctx.env.PATH ?? "");
  const shown = [entry.command, ...entry.args].join(" ");
  if (!command || !isExecutableFile(command)) {
    const why = !command
      ? "is not on PATH"
      : exists(command)
      ? "is not an executable file"
      : "does not exist";
    return [{
      status: "fail",
      message: `${describe(entry)} runs ${entry.command}, which ${why}`,
      hint: `${SETUP_HINT} (registers this cc-dm again with its current path)`,
    }];
  }
  // The cc-dm behind an interpreter (`sh .../bin/cc-dm`, `deno run .../main.ts`) must exist too.
  const script = entry.args.find((a) =>
    /[\/\\]/.test(a) && /(^|[\/\\])(cc-dm(\.exe)?|main\.ts|cc-dm\.js)$/.test(a)
  );
  if (script && !exists(isAbsolute(script) ? script : join(ctx.cwd, script))) {
    return [{
      status: "fail",
      message: `${describe(entry)} runs ${script}, which does not exist`,
      hint: `${SETUP_HINT} (registers this cc-dm again with its current path)`,
    }];
  }
  const ok: Finding = { status: "ok", message: `${shown} (executable)` };
  const busHome = busHomeFinding(ctx, entry);
  // Ask the registered cc-dm its version: the same command line with `--version` for `channel`.
  const at = entry.args.lastIndexOf("channel");
  const args = [...(at >= 0 ? entry.args.slice(0, at) : entry.args), "--version"];
  const outcome = await runBounded(command, args, {
    env: { ...ctx.childEnv, ...entry.env },
    timeoutMs: ctx.timeoutMs,
  });
  if (outcome.kind !== "exited" || outcome.code !== 0) {
    return [ok, ...busHome, {
      id: "registration.version",
      status: "warn",
      message: `cannot tell which cc-dm "${entry.name}" runs: ${
        outcomeProblem(`\`${[entry.command, ...args].join(" ")}\``, outcome, ctx.timeoutMs)
      }`,
      hint: SETUP_HINT,
    }];
  }
  const printed = outcome.stdout.trim().split("\n")[0] ?? "";
  const version = parseVersion(printed);
  if (!version || version.join(".") !== VERSION) {
    return [ok, ...busHome, {
      id: "registration.version",
      status: "warn",
      message: `"${entry.name}" runs ${
        printed ? `"${printed.slice(0, 60)}"` : "an unknown version"
      }, this is cc-dm ${VERSION}`,
      hint: `${SETUP_HINT} (points Claude Code at this cc-dm)`,
    }];
  }
  return [ok, ...busHome, {
    id: "registration.version",
    status: "ok",
    message: `"${entry.name}" runs cc-dm ${VERSION}`,
  }];
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** A CC_DM_HOME in the entry's env that differs from this shell's: the session uses another bus. */
function busHomeFinding(ctx: DoctorContext, entry: McpEntry): Finding[] {
  const theirs = entry.env.CC_DM_HOME?.trim();
  if (!theirs) return [];
  const ours = ccDmHome(ctx.env);
  if (resolve(theirs) === resolve(ours)) return [];
  return [{
    id: "registration.bus",
    status: "warn",
    message: `"${entry.name}" runs with CC_DM_HOME=${theirs}, but this shell uses ${ours}: ` +
      "sessions and this shell are on different buses",
    hint:
      `Use one directory: set CC_DM_HOME=${theirs} here, or remove CC_DM_HOME from the "${entry.name}" entry.`,
  }];
}
