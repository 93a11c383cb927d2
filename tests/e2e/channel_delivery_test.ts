import assert from "node:assert/strict";
import { ChannelPeer } from "../helpers/channel_peer.ts";
import { e2e, inWorld, PLUGIN_SOURCE, runCli, startHeadlessChannel } from "./claude_harness.ts";
import { isConversation, newChannelBlocks } from "./mock_anthropic.ts";

// Proof 1: a message sent to a running Claude Code session reaches that session's next model
// request as a <channel> block with the routing attributes cc-dm set and the content intact.

// Everything Claude Code might be tempted to touch: lines, indentation, quotes, ampersands,
// markup-like text, non-ASCII.
const CONTENT = 'Build report:\n  step 1 "ok" & step 2 <b>failed</b>\n\tünïcödé — 🚀 done';

e2e.test("e2e: cc-dm send and a peer's dm reach a running Claude Code's next model request as <channel> blocks", async (claude) => {
  await inWorld(60_000, claude, async (world) => {
    const mock = world.mock();
    await startHeadlessChannel(world, "bob", mock);

    const sent = await runCli(world, ["send", "bob", CONTENT, "--from", "tester", "--json"]);
    assert.equal(sent.code, 0, sent.stderr);
    const receipt = JSON.parse(sent.stdout) as { message_id: number; thread_id: string; status: string };
    assert.equal(receipt.status, "sent", sent.stdout);
    const fromCli = await mock.waitForChannelBlock(
      (b) => b.attributes.message_id === String(receipt.message_id),
      20_000,
    );
    assert.deepEqual(
      pick(fromCli.attributes, [
        "source",
        "from_session",
        "to_session",
        "message_id",
        "thread_id",
        "message_type",
      ]),
      {
        source: PLUGIN_SOURCE,
        from_session: "cli:tester",
        to_session: "bob",
        message_id: String(receipt.message_id),
        thread_id: String(receipt.thread_id),
        message_type: "chat",
      },
    );
    assert.equal(fromCli.content, CONTENT);
    // It is what the session's next conversation turn is about, not history or a side query.
    const turn = mock.requests[fromCli.requestIndex];
    assert.ok(isConversation(turn));
    assert.deepEqual(newChannelBlocks(turn).map((b) => b.attributes.message_id), [
      String(receipt.message_id),
    ]);

    // A Claude session's dm (a second `cc-dm channel`), answering in the CLI message's thread.
    const alice = await ChannelPeer.start({ env: world.env, name: "alice", role: "planner" });
    world.onCleanup(() => alice.close());
    const reply = await alice.call("dm", {
      to: "bob",
      content: "second: <i>same thread</i>",
      in_reply_to: String(receipt.message_id),
    });
    assert.equal(reply.isError, false, reply.text);
    const fromPeer = await mock.waitForChannelBlock(
      (b) => b.attributes.message_id === reply.data?.message_id,
      20_000,
    );
    assert.deepEqual(
      pick(fromPeer.attributes, [
        "source",
        "from_session",
        "from_role",
        "to_session",
        "thread_id",
        "in_reply_to",
      ]),
      {
        source: PLUGIN_SOURCE,
        from_session: "alice",
        from_role: "planner",
        to_session: "bob",
        thread_id: String(receipt.thread_id),
        in_reply_to: String(receipt.message_id),
      },
    );
    assert.equal(fromPeer.content, "second: <i>same thread</i>");
    assert.ok(fromPeer.requestIndex > fromCli.requestIndex);
  });
});

function pick(record: Record<string, string>, keys: string[]): Record<string, string | undefined> {
  return Object.fromEntries(keys.map((k) => [k, record[k]]));
}
