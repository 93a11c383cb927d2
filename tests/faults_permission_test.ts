// Defect 3 of issue 13: a permission verdict counts only from an identity that cannot be
// squatted, for the very request it answers, and an ambiguous id is never guessed.
import assert from "node:assert/strict";
import type { ChannelPeer } from "./helpers/channel_peer.ts";
import { inProcessPeer } from "./helpers/channel_harness.ts";
import { tempHome } from "./helpers/temp_home.ts";
import { cc, ccIn } from "./cli_run.ts";
import { readBus, storedMessages } from "./helpers/bus_reads.ts";
import { newMessage } from "./helpers/bus_contract.ts";

/** The relayed permission requests stored so far. */
async function requests(ccDmHome: string) {
  return (await storedMessages(ccDmHome)).filter((m) => m.messageType === "permission_request");
}

const REQUEST = "notifications/claude/channel/permission_request";
const relay = (approver: string) => ({ CC_DM_PERMISSION_RELAY: "1", CC_DM_PERMISSION_APPROVER: approver });
const request = (id: string, tool = "Bash") => ({
  request_id: id,
  tool_name: tool,
  description: "d",
  input_preview: "{}",
});

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

Deno.test("permission: an approver that is offline is not relayed to, so a session taking its name gets nothing to answer", async () => {
  const t = await tempHome();
  const worker = await inProcessPeer({ env: t.env, name: "worker", extraEnv: relay("lead") });
  try {
    await worker.notify(REQUEST, request("abcde"));
    await until(
      "the refusal to relay",
      () => /abcde .*not relayed: approver "lead" is not running/.test(worker.stderr.join("")),
    );
    const squatter = await inProcessPeer({ env: t.env, name: "lead" });
    try {
      const tried = await squatter.call("approve", { request_id: "abcde" });
      assert.equal(tried.isError, true);
      assert.equal(
        (await requests(t.ccDmHome)).length,
        0,
      );
    } finally {
      await squatter.close();
    }
    assert.equal(worker.permissions.length, 0);
  } finally {
    await worker.close();
    await t.cleanup();
  }
});

Deno.test("permission: a session that takes the approver's name after the request was relayed cannot answer it", async () => {
  const t = await tempHome();
  const lead = await inProcessPeer({ env: t.env, name: "lead" });
  const worker = await inProcessPeer({ env: t.env, name: "worker", extraEnv: relay("lead") });
  let squatter: ChannelPeer | undefined;
  try {
    await worker.notify(REQUEST, request("bcdef"));
    await lead.waitForEvents(1);
    await lead.close(); // the real lead goes away; its name is free at once
    squatter = await inProcessPeer({ env: t.env, name: "lead" });
    const sent = await squatter.call("approve", { request_id: "bcdef" });
    assert.equal(sent.isError, false, sent.text); // only the worker can tell
    const refusal = await squatter.waitForEvents(1, 10_000);
    assert.match(refusal[0].content, /not sent by the session that held the name "lead"/);
    assert.equal(worker.permissions.length, 0);
  } finally {
    await squatter?.close();
    await worker.close();
    await t.cleanup();
  }
});

Deno.test("permission: an id open in two sessions is refused until the worker is named; --to answers the right one", async () => {
  const t = await tempHome();
  const w1 = await inProcessPeer({ env: t.env, name: "w1", extraEnv: relay("cli:alice") });
  const w2 = await inProcessPeer({ env: t.env, name: "w2", extraEnv: relay("cli:alice") });
  try {
    await w1.notify(REQUEST, request("cdefg", "Read"));
    await w2.notify(REQUEST, request("cdefg", "Bash"));
    await until(
      "both requests",
      async () => (await requests(t.ccDmHome)).length === 2,
    );
    const vague = await cc(t.env, ["approve", "cdefg", "--from", "alice"]);
    assert.equal(vague.code, 1);
    assert.match(vague.stderr, /open in 2 sessions, "w\d" \(message \d+\), "w\d" \(message \d+\)/);
    const precise = await cc(t.env, ["approve", "cdefg", "--from", "alice", "--to", "w1"]);
    assert.equal(precise.code, 0, precise.stderr);
    await w1.waitForPermissions(1);
    // Positive marker: w2's own answer (a deny) is the first verdict w2 gets.
    const other = await ccIn(t.env, ["deny", "cdefg", "--from", "alice", "--to", "w2"]);
    assert.equal(other.code, 0, other.stderr);
    await w2.waitForPermissions(1);
    assert.deepEqual(
      w2.permissions.map((p) => p.behavior),
      ["deny"],
      "the other worker's Bash was not allowed",
    );
  } finally {
    await Promise.all([w1.close(), w2.close()]);
    await t.cleanup();
  }
});

Deno.test("permission: a verdict for an earlier request is not applied to a later one that reuses the id", async () => {
  const t = await tempHome();
  const worker = await inProcessPeer({ env: t.env, name: "worker", extraEnv: relay("cli:alice") });
  try {
    await worker.notify(REQUEST, request("defgh", "Read"));
    const first = await until(
      "request 1",
      async () => (await requests(t.ccDmHome))[0],
    );
    await worker.notify(REQUEST, request("defgh", "Bash"));
    await until(
      "request 2",
      async () => (await requests(t.ccDmHome)).length === 2,
    );
    // A late verdict that answered request 1 arrives now (as stored by `cc-dm approve` then).
    // Stored as is (the bus wakes the worker): no tool or command checks it on the way.
    await readBus(t.ccDmHome, (bus) =>
      bus.insertMessage({
        ...newMessage("cli:alice", "worker", "yes defgh", { fromRole: "cli", messageType: "verdict" }),
        threadId: String(first.id),
        inReplyTo: String(first.id),
        meta: { request_id: "defgh", behavior: "allow" },
      }), true);
    await until(
      "the refusal",
      () => /verdict refused: message \d+ .*not request message/.test(worker.stderr.join("")),
    );
    assert.equal(worker.permissions.length, 0);
    // The answer to request 2 counts.
    const now = await cc(t.env, ["deny", "defgh", "--from", "alice"]);
    assert.equal(now.code, 0, now.stderr);
    const [verdict] = await worker.waitForPermissions(1);
    assert.equal(verdict.behavior, "deny");
  } finally {
    await worker.close();
    await t.cleanup();
  }
});
