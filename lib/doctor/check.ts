// A doctor check is a small function that looks at one thing and says ok, warn or fail with a
// one-line reason and, when something is wrong, a fix to try. The runner runs them all at once
// and turns a check that throws into a failed line: doctor itself must never crash.

export type Status = "ok" | "warn" | "fail";

/** Groups in the order they are shown. */
export const GROUPS = ["claude_code", "login", "registration", "bus", "cc_dm"] as const;
export type Group = typeof GROUPS[number];

/** One line of the report. */
export interface CheckResult {
  /** Stable id, `<group>.<name>` (e.g. `bus.modes`). */
  id: string;
  group: Group;
  status: Status;
  message: string;
  /** What to run or change; only when the status is not ok. */
  hint?: string;
}

/** What a check found; `id` overrides the check's id for checks that report several lines. */
export interface Finding {
  id?: string;
  status: Status;
  message: string;
  hint?: string;
}

export interface Check {
  id: string;
  group: Group;
  /** Nothing (null or []) when the check does not apply, e.g. bus details when there is no bus. */
  run: () => Promise<Finding | Finding[] | null> | Finding | Finding[] | null;
}

const RANK: Record<Status, number> = { ok: 0, warn: 1, fail: 2 };

/** The worse of all statuses; ok for none. */
export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status = "ok";
  for (const s of statuses) if (RANK[s] > RANK[worst]) worst = s;
  return worst;
}

/** Run every check concurrently; results keep the checks' order, grouped by GROUPS. */
export async function runChecks(checks: readonly Check[]): Promise<CheckResult[]> {
  const perCheck = await Promise.all(checks.map(async (check): Promise<CheckResult[]> => {
    try {
      const found = await check.run();
      const list = found === null ? [] : Array.isArray(found) ? found : [found];
      return list.map((f) => ({
        id: f.id ?? check.id,
        group: check.group,
        status: f.status,
        message: f.message,
        ...(f.hint !== undefined && f.status !== "ok" ? { hint: f.hint } : {}),
      }));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return [{
        id: check.id,
        group: check.group,
        status: "fail",
        message: `check crashed: ${reason}`,
        hint: "Report this with the output of `cc-dm doctor --json`.",
      }];
    }
  }));
  const results = perCheck.flat();
  return GROUPS.flatMap((g) => results.filter((r) => r.group === g));
}
