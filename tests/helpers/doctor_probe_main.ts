// Runs doctor's PostgreSQL checks once and prints them as JSON: the netns tests start it on
// another "machine" (ip netns exec), where the test process itself cannot connect from.
import { inspectPostgres } from "../../lib/bus/postgres/doctor_checks.ts";

const [url, stepMs] = Deno.args;
const facts = { versionSql: "select 1 as version", expected: 1, grants: [] };
const checks = await inspectPostgres(url, Deno.env.toObject(), facts, {
  stepTimeoutMs: Number(stepMs ?? 5000),
});
Deno.stdout.writeSync(new TextEncoder().encode(JSON.stringify(checks) + "\n"));
