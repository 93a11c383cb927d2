import { parseArgs, styleText } from "node:util";
import { type Io, useColor } from "./io.ts";
import { parseThenRun } from "./parse_then_run.ts";
import { UsageError } from "../lib/errors.ts";
import { type CheckResult, type Group, GROUPS, type Status } from "../lib/doctor/check.ts";
import { type DoctorReport, runDoctor } from "../lib/doctor/doctor.ts";

export const usage = `cc-dm doctor: check why messages do not arrive

Usage: cc-dm doctor [--json] [--strict] [--fix]

Checks Claude Code (installed, version), login and channels (claude.ai login, the account's
channels feature, telemetry switches, org policy), cc-dm's registration in Claude Code's MCP
config, the bus (privacy, health, sessions, waiting mail) and cc-dm itself. Each line is ok,
warn or fail; a line that is not ok says what to try. Doctor never reads or prints secrets.

Options:
  --json     one JSON document {status, checks: [{id, group, status, message, hint}], fixes}
             (docs/json.md)
  --strict   exit 1 on warnings too
  --fix      first repair what is safe: tighten bus modes, clear rows of sessions whose
             process is gone; then check and say what was done
  -h, --help this help

Examples:
  cc-dm doctor
  cc-dm doctor --json | jq '.checks[] | select(.status != "ok")'
  cc-dm doctor --fix

Environment:
  CC_DM_HOME                 directory of the bus (default ~/.cc-dm)
  CLAUDE_CONFIG_DIR          Claude Code's config directory (default ~/.claude)
  CC_DM_CLAUDE_MANAGED_DIR   where to look for Claude Code's managed settings
                             (default /etc/claude-code on Linux)

Exit codes:
  0    nothing failed (warnings allowed unless --strict)
  1    a check failed (or warned, with --strict)
  2    usage error
`;

const GROUP_TITLES: Record<Group, string> = {
  claude_code: "Claude Code",
  login: "Login & channels",
  registration: "Registration",
  bus: "Bus",
  cc_dm: "cc-dm",
};

/** `cc-dm doctor`'s command line, checked. */
export interface DoctorOptions {
  json: boolean;
  /** Warnings fail too (exit 1). */
  strict: boolean;
  fix: boolean;
}

/** What doctor takes from outside besides I/O (tests pass a fixed clock). */
export interface DoctorDeps {
  now?: () => number;
}

/** Parse `cc-dm doctor` arguments (UsageError on bad ones); null for --help. */
export function parseDoctor(argv: string[]): DoctorOptions | null {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      json: { type: "boolean", default: false },
      strict: { type: "boolean", default: false },
      fix: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return null;
  if (positionals.length > 0) {
    throw new UsageError(
      `cc-dm doctor takes no arguments, got ${JSON.stringify(positionals[0])}`,
      "cc-dm doctor --help",
    );
  }
  return { json: values.json, strict: values.strict, fix: values.fix };
}

/** Run every check (and the fixes, with `fix`), print the report; 1 when it fails. */
export async function runDoctorCommand(
  options: DoctorOptions,
  io: Io,
  deps: DoctorDeps = {},
): Promise<number> {
  const now = (deps.now ?? Date.now)();
  const report = await runDoctor({ env: io.env, cwd: io.cwd, now, fix: options.fix });
  io.stdout(
    options.json
      ? `${JSON.stringify(toJson(report), null, 2)}\n`
      : renderHuman(report, useColor(io), options.fix),
  );
  const failed = report.status === "fail" || (options.strict && report.status === "warn");
  return failed ? 1 : 0;
}

export const run = parseThenRun(usage, parseDoctor, runDoctorCommand);

/** The documented JSON shape (docs/json.md, section doctor). */
export function toJson(report: DoctorReport): Record<string, unknown> {
  return {
    status: report.status,
    checks: report.checks.map((c) => ({
      id: c.id,
      group: c.group,
      status: c.status,
      message: c.message,
      hint: c.hint ?? null,
    })),
    fixes: report.fixes,
  };
}

/** Aligned lines grouped under titles, `Try:` under each problem, and a summary ending with the worst status. */
export function renderHuman(report: DoctorReport, color: boolean, fixRequested = false): string {
  const paint = (status: Status, text: string) =>
    color ? styleText(status === "ok" ? "green" : status === "warn" ? "yellow" : "red", text) : text;
  const label = (c: CheckResult) => c.id.slice(c.id.indexOf(".") + 1).replaceAll("_", " ");
  const width = Math.max(0, ...report.checks.map((c) => label(c).length));
  const lines: string[] = [];
  for (const fix of report.fixes) lines.push(`Fixed: ${fix}`);
  if (fixRequested && report.fixes.length === 0) {
    lines.push("Nothing to fix: bus modes and session rows are in order.");
  }
  if (fixRequested) lines.push("");
  for (const group of GROUPS) {
    const checks = report.checks.filter((c) => c.group === group);
    if (checks.length === 0) continue;
    lines.push(color ? styleText("bold", GROUP_TITLES[group]) : GROUP_TITLES[group]);
    for (const c of checks) {
      lines.push(`  ${paint(c.status, c.status.padEnd(4))}  ${label(c).padEnd(width)}  ${c.message}`);
      if (c.hint) lines.push(`        ${" ".repeat(width)}  Try: ${c.hint}`);
    }
    lines.push("");
  }
  const count = (s: Status) => report.checks.filter((c) => c.status === s).length;
  lines.push(
    `Summary: ${count("ok")} ok, ${count("warn")} warn, ${count("fail")} fail; status ${
      paint(report.status, report.status)
    }`,
  );
  return lines.join("\n") + "\n";
}
