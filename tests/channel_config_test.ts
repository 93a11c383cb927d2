import assert from "node:assert/strict";
import { channelConfig, FIRST_PUSH_DELAY_MS } from "../lib/channel/channel_config.ts";
import { CcDmError } from "../lib/errors.ts";

Deno.test("channel config: defaults with an empty environment (unregistered, auto, 1 s first push)", () => {
  const config = channelConfig({});
  assert.equal(config.identity, null);
  assert.equal(config.push, "auto");
  assert.equal(config.pollMs, undefined);
  assert.equal(config.firstPushDelayMs, FIRST_PUSH_DELAY_MS);
  assert.equal(config.relay.enabled, false);
  assert.equal(config.receiver.acceptFrom, null);
  assert.equal(config.debugReceipts, false);
});

Deno.test("channel config: every variable is read, and each flag overrides its environment twin", () => {
  const env = {
    CC_DM_SESSION_NAME: "env-name",
    CC_DM_SESSION_ROLE: "reviewer",
    CC_DM_SESSION_PROJECT: "web",
    CC_DM_PUSH: "never",
    CC_DM_WAKE: "poll",
    CC_DM_POLL_MS: "250",
    CC_DM_FIRST_PUSH_DELAY_MS: "0",
    CC_DM_DM_ALLOWLIST: "lead, role:reviewer",
    CC_DM_BROADCAST_ALLOWED_ROLES: "lead",
    CC_DM_ACCEPT_FROM: "lead",
    CC_DM_PERMISSION_RELAY: "1",
    CC_DM_PERMISSION_APPROVER: "lead",
    CC_DM_PERMISSION_TTL_MS: "60000",
    CC_DM_DEBUG_RECEIPTS: "1",
  };
  const config = channelConfig(env);
  assert.deepEqual(config.identity, { name: "env-name", role: "reviewer", project: "web" });
  assert.equal(config.push, "never");
  assert.equal(config.pollMs, 250);
  assert.equal(config.firstPushDelayMs, 0);
  assert.ok(config.access.dmAllow);
  assert.deepEqual(config.access.broadcastRoles, ["lead"]);
  assert.deepEqual(config.receiver.acceptFrom, ["lead"]);
  assert.deepEqual(config.relay, { enabled: true, approver: "lead", ttlMs: 60_000 });
  assert.equal(config.debugReceipts, true);

  const flagged = channelConfig(env, { name: "flag-name", role: "lead", project: "" });
  assert.deepEqual(flagged.identity, { name: "flag-name", role: "lead", project: "" });
  assert.deepEqual(channelConfig({ CC_DM_SESSION_NAME: "x" }).identity, {
    name: "x",
    role: "worker",
    project: "",
  });
});

Deno.test("channel config: a malformed value stops the start with exit 2, naming the variable and the value", () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ CC_DM_PUSH: "sometimes" }, /Invalid CC_DM_PUSH "sometimes": use auto, always, socket or never/],
    [{ CC_DM_POLL_MS: "5" }, /Invalid CC_DM_POLL_MS "5": use whole milliseconds from 10 to 60000/],
    [
      { CC_DM_FIRST_PUSH_DELAY_MS: "-1" },
      /Invalid CC_DM_FIRST_PUSH_DELAY_MS "-1": use whole milliseconds from 0/,
    ],
    [{ CC_DM_PERMISSION_TTL_MS: "soon" }, /Invalid CC_DM_PERMISSION_TTL_MS "soon"/],
    [{ CC_DM_PERMISSION_RELAY: "maybe" }, /Invalid CC_DM_PERMISSION_RELAY "maybe"/],
    [{ CC_DM_PERMISSION_APPROVER: "bad name!" }, /Invalid CC_DM_PERMISSION_APPROVER "bad name!"/],
    [{ CC_DM_ACCEPT_FROM: "lead, role:" }, /Invalid CC_DM_ACCEPT_FROM entry "role:"/],
    [{ CC_DM_SESSION_NAME: "-dash" }, /Invalid session name "-dash"/],
  ];
  for (const [env, message] of cases) {
    assert.throws(() => channelConfig(env), (err: unknown) => {
      assert.ok(err instanceof CcDmError, String(err));
      assert.equal(err.exitCode, 2, `${JSON.stringify(env)}: exit code`);
      assert.match(err.message, message);
      return true;
    });
  }
});
