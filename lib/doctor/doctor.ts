import { type CheckResult, runChecks, type Status, worstStatus } from "./check.ts";
import { DoctorContext, type DoctorOptions } from "./context.ts";
import { claudeChecks } from "./claude_checks.ts";
import { loginChecks } from "./login_checks.ts";
import { sessionChecks } from "./session_checks.ts";
import { deliveryChecks } from "./delivery_checks.ts";
import { registrationChecks } from "./registration_checks.ts";
import { legacyPluginChecks } from "./legacy_plugin_checks.ts";
import { busChecks } from "./bus_checks.ts";
import { selfChecks } from "./self_checks.ts";
import { engineFor } from "../bus/engines.ts";
import { loadProcessSupport } from "../process_info.ts";

export interface DoctorReport {
  /** The worst status of all checks. */
  status: Status;
  checks: CheckResult[];
  /** What `--fix` did, one sentence each; empty without `--fix`. */
  fixes: string[];
}

/** Run every check (after the safe repairs when `fix` is set) and report. */
export async function runDoctor(options: DoctorOptions & { fix?: boolean }): Promise<DoctorReport> {
  await loadProcessSupport(); // liveness checks of session rows need it off Linux
  const fixes = options.fix ? await repairs(options.env) : [];
  const ctx = new DoctorContext(options);
  // Read Claude Code's config before starting `claude`, which may rewrite ~/.claude.json.
  try {
    ctx.mcp();
  } catch {
    // The checks that need it report the same error as failed lines.
  }
  const checks = await runChecks([
    ...claudeChecks(ctx),
    ...loginChecks(ctx),
    ...sessionChecks(ctx),
    ...deliveryChecks(ctx),
    ...registrationChecks(ctx),
    ...legacyPluginChecks(ctx),
    ...busChecks(ctx),
    ...selfChecks(ctx),
  ]);
  return { status: worstStatus(checks.map((c) => c.status)), checks, fixes };
}

/** What the engine's safe repairs did, one sentence each (none for a bus URL no engine takes). */
async function repairs(env: DoctorOptions["env"]): Promise<string[]> {
  try {
    return (await engineFor(env).repair()).map((done) => done.message);
  } catch {
    return []; // bus.file reports the bus URL
  }
}
