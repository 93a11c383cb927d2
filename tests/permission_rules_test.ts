import assert from "node:assert/strict";
import { relayConfigFromEnv } from "../lib/permission/relay_config.ts";
import { freeTextVerdict, requestId } from "../lib/permission/relay_messages.ts";
import { type RequestFacts, verdictRefusal } from "../lib/permission/verdict_rules.ts";

// The pure rules behind the relay; the process tests (permission_relay_test.ts) show them at work.

const NOW = Date.parse("2026-01-01T00:00:00Z");

function facts(overrides: Partial<RequestFacts> = {}): RequestFacts {
  return {
    requestId: "abcde",
    worker: "worker",
    project: "web",
    approver: null,
    expiresAt: NOW + 1000,
    ...overrides,
  };
}

Deno.test("verdict rules: approver, project, self, answered, expired, unknown, in that order", () => {
  const named = facts({ approver: "boss" });
  assert.equal(verdictRefusal(named, "abcde", { name: "boss", project: "" }, NOW), undefined);
  assert.match(verdictRefusal(named, "abcde", { name: "ally", project: "web" }, NOW)!, /not the approver/);
  assert.equal(verdictRefusal(facts(), "abcde", { name: "ally", project: "web" }, NOW), undefined);
  assert.match(verdictRefusal(facts(), "abcde", { name: "x", project: "" }, NOW)!, /not in project "web"/);
  assert.match(verdictRefusal(facts(), "abcde", { name: "x", project: "ops" }, NOW)!, /not in project "web"/);
  // An untagged worker with no approver has nobody who may answer.
  assert.match(
    verdictRefusal(facts({ project: "" }), "abcde", { name: "x", project: "" }, NOW)!,
    /not in project/,
  );
  assert.match(verdictRefusal(facts(), "abcde", { name: "worker", project: "web" }, NOW)!, /its own/);
  assert.match(
    verdictRefusal(undefined, "zzzzz", { name: "boss", project: "" }, NOW)!,
    /no permission request zzzzz/,
  );
  const answered = facts({ answered: { behavior: "allow", by: "ally", messageId: 7 } });
  assert.match(
    verdictRefusal(answered, "abcde", { name: "ally", project: "web" }, NOW)!,
    /already answered \(allow by "ally", message 7\)/,
  );
  assert.match(verdictRefusal(facts(), "abcde", { name: "ally", project: "web" }, NOW + 1000)!, /expired at/);
  // Authority comes first: an outsider learns nothing about the request's state.
  assert.match(
    verdictRefusal(answered, "abcde", { name: "x", project: "ops" }, NOW + 5000)!,
    /not in project/,
  );
});

Deno.test("free-text verdicts: the original's pattern, whole text only, no 'l' in ids", () => {
  assert.deepEqual(freeTextVerdict("yes abcde"), { behavior: "allow", requestId: "abcde" });
  assert.deepEqual(freeTextVerdict("  Y  ABCDE \n"), { behavior: "allow", requestId: "abcde" });
  assert.deepEqual(freeTextVerdict("no abcde"), { behavior: "deny", requestId: "abcde" });
  assert.deepEqual(freeTextVerdict("N abcde"), { behavior: "deny", requestId: "abcde" });
  for (
    const text of ["yes abcdl", "yes abcd", "yes abcdef", "sure abcde", "yes abcde please", "ok: yes abcde"]
  ) {
    assert.equal(freeTextVerdict(text), undefined, text);
  }
  assert.equal(requestId(" ABCDE "), "abcde");
  assert.equal(requestId("hello"), undefined);
  assert.equal(requestId(42), undefined);
});

Deno.test("relay settings: defaults, approver names, TTL bounds", () => {
  assert.deepEqual(relayConfigFromEnv({}), { enabled: false, approver: null, ttlMs: 300_000 });
  assert.deepEqual(
    relayConfigFromEnv({
      CC_DM_PERMISSION_RELAY: "1",
      CC_DM_PERMISSION_APPROVER: " CLI:Alice ",
      CC_DM_PERMISSION_TTL_MS: "50",
    }),
    { enabled: true, approver: "cli:alice", ttlMs: 50 },
  );
  assert.equal(relayConfigFromEnv({ CC_DM_PERMISSION_RELAY: "true" }).enabled, true);
  assert.equal(relayConfigFromEnv({ CC_DM_PERMISSION_RELAY: "0" }).enabled, false);
  assert.throws(() => relayConfigFromEnv({ CC_DM_PERMISSION_TTL_MS: "0" }), /CC_DM_PERMISSION_TTL_MS "0"/);
  assert.throws(() => relayConfigFromEnv({ CC_DM_PERMISSION_TTL_MS: "1.5" }), /whole milliseconds/);
});
