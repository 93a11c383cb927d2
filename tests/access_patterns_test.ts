import assert from "node:assert/strict";
import { receiverRefusal } from "../lib/access/receiver_rules.ts";
import { matchesPattern, parsePatternList } from "../lib/access/sender_pattern.ts";
import { broadcastRefusal, recipientRefusal, senderPolicyFromEnv } from "../lib/access/sender_policy.ts";

// The pure rules behind access control; access_rules_test.ts shows them between real processes.

const lead = { name: "boss", role: "lead", project: "web" };
const person = { name: "cli:alice", role: "cli", project: "" };

Deno.test("patterns: names, role: and project: entries, normalised; bad entries name the variable", () => {
  assert.deepEqual(parsePatternList(" Boss, role:Lead,project:WEB ,, cli:Alice ,boss", "X"), [
    "boss",
    "role:lead",
    "project:web",
    "cli:alice",
  ]);
  assert.equal(parsePatternList("", "X"), null);
  assert.equal(parsePatternList(" , ", "X"), null);
  assert.throws(
    () => parsePatternList("ok, bad name!", "CC_DM_REJECT_FROM"),
    /Invalid CC_DM_REJECT_FROM entry "bad name!"/,
  );
  assert.throws(() => parsePatternList("project:", "X"), /project: needs a value/);
  assert.ok(matchesPattern("boss", lead));
  assert.ok(matchesPattern("role:lead", lead));
  assert.ok(matchesPattern("project:web", lead));
  assert.ok(matchesPattern("role:cli", person));
  assert.ok(!matchesPattern("project:web", person));
  assert.ok(!matchesPattern("cli:alice", lead));
});

Deno.test("sender policy: allowlist or blocklist (never both), broadcast roles", () => {
  assert.throws(
    () => senderPolicyFromEnv({ CC_DM_DM_ALLOWLIST: "a", CC_DM_DM_BLOCKLIST: "b" }),
    /CC_DM_DM_ALLOWLIST and CC_DM_DM_BLOCKLIST are both set/,
  );
  const allow = senderPolicyFromEnv({ CC_DM_DM_ALLOWLIST: "role:lead" });
  assert.equal(recipientRefusal(allow, lead), undefined);
  assert.match(recipientRefusal(allow, person)!, /not in CC_DM_DM_ALLOWLIST/);
  const block = senderPolicyFromEnv({ CC_DM_DM_BLOCKLIST: "project:web" });
  assert.match(recipientRefusal(block, lead)!, /blocks "boss" \(entry project:web\)/);
  assert.equal(recipientRefusal(block, person), undefined);
  const roles = senderPolicyFromEnv({ CC_DM_BROADCAST_ALLOWED_ROLES: "Lead, planner" });
  assert.equal(broadcastRefusal(roles, lead), undefined);
  assert.match(broadcastRefusal(roles, person)!, /role "cli" may not broadcast/);
  assert.equal(broadcastRefusal(senderPolicyFromEnv({}), person), undefined);
});

Deno.test("receiver rules: reject wins over accept; no rules accept everyone", () => {
  const row = { name: "guarded", acceptFrom: ["role:lead"], rejectFrom: ["boss"] };
  assert.match(receiverRefusal(row, lead)!, /refuses messages from "boss"/);
  assert.equal(receiverRefusal(row, { ...lead, name: "other" }), undefined);
  assert.match(receiverRefusal(row, person)!, /accepts messages only from role:lead/);
  assert.equal(receiverRefusal({ name: "open", acceptFrom: null, rejectFrom: null }, person), undefined);
});
