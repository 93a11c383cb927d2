// The check runner: concurrent checks, results in group order, a throwing check as a failed line.
import assert from "node:assert/strict";
import { type Check, runChecks, worstStatus } from "../lib/doctor/check.ts";

Deno.test("runChecks: a check that throws becomes a failed line; the others still report", async () => {
  const checks: Check[] = [
    { id: "bus.a", group: "bus", run: () => ({ status: "ok", message: "fine", hint: "dropped when ok" }) },
    {
      id: "claude_code.b",
      group: "claude_code",
      run: () => {
        throw new TypeError("boom");
      },
    },
    { id: "login.c", group: "login", run: () => Promise.resolve(null) },
    {
      id: "registration.d",
      group: "registration",
      run: () => [{ status: "warn", message: "one", hint: "do x" }, {
        id: "registration.e",
        status: "ok",
        message: "two",
      }],
    },
  ];
  const results = await runChecks(checks);
  assert.deepEqual(results, [
    {
      id: "claude_code.b",
      group: "claude_code",
      status: "fail",
      message: "check crashed: boom",
      hint: "Report this with the output of `cc-dm doctor --json`.",
    },
    { id: "registration.d", group: "registration", status: "warn", message: "one", hint: "do x" },
    { id: "registration.e", group: "registration", status: "ok", message: "two" },
    { id: "bus.a", group: "bus", status: "ok", message: "fine" },
  ]);
  assert.equal(worstStatus(results.map((r) => r.status)), "fail");
  assert.equal(worstStatus([]), "ok");
  assert.equal(worstStatus(["ok", "warn", "ok"]), "warn");
});

Deno.test("runChecks: checks run concurrently", async () => {
  const slow = (id: string): Check => ({
    id,
    group: "bus",
    run: () => new Promise((resolve) => setTimeout(() => resolve({ status: "ok", message: id }), 200)),
  });
  const started = performance.now();
  await runChecks([slow("bus.a"), slow("bus.b"), slow("bus.c"), slow("bus.d")]);
  assert.ok(performance.now() - started < 600);
});
