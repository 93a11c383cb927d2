import { CcDmError } from "../errors.ts";
import { runClaude, type RunClaudeOptions } from "./run_claude.ts";

/** The scopes of `claude mcp add -s`. */
export const MCP_SCOPES = ["user", "local", "project"] as const;
export type AddScope = typeof MCP_SCOPES[number];

/** One `mcpServers` entry as setup writes and compares it (lib/claude_code/mcp_config.ts reads them). */
export interface McpServerEntry {
  type: string;
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** Whether two entries start the same process (type, command, arguments, environment). */
export function sameEntry(a: McpServerEntry, b: McpServerEntry): boolean {
  const envA = Object.entries(a.env).sort();
  const envB = Object.entries(b.env).sort();
  return a.type === b.type && a.command === b.command && JSON.stringify(a.args) === JSON.stringify(b.args) &&
    JSON.stringify(envA) === JSON.stringify(envB);
}

/** What `cc-dm setup` does to the MCP entry: nothing, add it, replace it, or remove it. */
export type RegistrationChange = "unchanged" | "add" | "update" | "remove" | "absent";

export interface RegistrationRequest {
  /** Server name in Claude Code (`cc-dm` by default; the `<channel source>` of its events). */
  name: string;
  scope: AddScope;
  uninstall: boolean;
  /** The entry that starts this cc-dm's channel server. */
  desired: McpServerEntry;
}

export interface RegistrationPlan {
  change: RegistrationChange;
  /** The entry found in that scope before any change. */
  current: McpServerEntry | null;
  /** `claude` argument lists to run, in order (empty when nothing changes). */
  steps: string[][];
}

/**
 * The entry for `cc-dm channel` started by the given command line (absolute paths). It names
 * itself in CC_DM_SERVER_NAME, so the channel knows which entry Claude Code started and can
 * tell whether the session's channel flags name it (lib/claude_code/own_server.ts).
 */
export function channelEntry(
  command: string,
  args: readonly string[],
  name = "cc-dm",
  busUrl?: string,
): McpServerEntry {
  const env: Record<string, string> = { CC_DM_SERVER_NAME: name };
  // A team's bus (docs/team.md): the channel gets it from its entry, as it gets its name.
  if (busUrl) env.CC_DM_BUS_URL = busUrl;
  return { type: "stdio", command, args: [...args, "channel"], env };
}

/** Decide what to run. Idempotent: an identical entry means no step at all. */
export function planRegistration(
  request: RegistrationRequest,
  current: McpServerEntry | null,
): RegistrationPlan {
  const { name, scope, desired } = request;
  if (request.uninstall) {
    return current
      ? { change: "remove", current, steps: [removeArgs(name, scope)] }
      : { change: "absent", current, steps: [] };
  }
  if (!current) return { change: "add", current, steps: [addArgs(name, scope, desired)] };
  if (sameEntry(current, desired)) return { change: "unchanged", current, steps: [] };
  // `claude mcp add` refuses an existing name, so an update is a remove and an add of the same name.
  return { change: "update", current, steps: [removeArgs(name, scope), addArgs(name, scope, desired)] };
}

/** `claude mcp add -s <scope> <name> [-e K=V ...] -- <command> <args...>` */
export function addArgs(name: string, scope: AddScope, entry: McpServerEntry): string[] {
  const envFlags = Object.entries(entry.env).flatMap(([key, value]) => ["-e", `${key}=${value}`]);
  return ["mcp", "add", "-s", scope, name, ...envFlags, "--", entry.command, ...entry.args];
}

/** `claude mcp remove -s <scope> <name>` */
export function removeArgs(name: string, scope: AddScope): string[] {
  return ["mcp", "remove", "-s", scope, name];
}

/**
 * Run the plan's steps with `claude`. If the entry existed after all (the configuration file
 * was not where we looked), `claude mcp add` says so and the add becomes an update. Returns
 * the change actually made.
 */
export async function applyRegistration(
  plan: RegistrationPlan,
  request: RegistrationRequest,
  claude: string,
  options: RunClaudeOptions,
): Promise<RegistrationChange> {
  for (const args of plan.steps) {
    const run = await runClaude(claude, args, options);
    if (run.code === 0) continue;
    const said = (run.stderr + run.stdout).trim();
    if (plan.change === "add" && /already exists/i.test(said)) {
      const update = {
        ...plan,
        change: "update" as const,
        steps: [removeArgs(request.name, request.scope), args],
      };
      return await applyRegistration(update, request, claude, options);
    }
    throw new CcDmError(
      `"claude ${args.slice(0, 2).join(" ")}" failed (exit ${run.code}): ${said || "no output"}`,
      1,
      `run it yourself to see the whole message: claude ${args.join(" ")}`,
    );
  }
  return plan.change;
}
