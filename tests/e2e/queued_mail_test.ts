import assert from "node:assert/strict";
import { e2e, inWorld, runCli, startHeadlessChannel } from "./claude_harness.ts";

// A message sent to a session that is offline is queued; the dm tool and `cc-dm send` promise
// it arrives when the session starts again. Only a real Claude Code shows whether it does.

e2e.test("e2e: mail queued for an offline session reaches its model once Claude Code starts it", async (claude) => {
  await inWorld(60_000, claude, async (world) => {
    const mock = world.mock();
    const early = await runCli(world, ["send", "bob", "sent while bob was offline", "--queue", "--json"]);
    assert.equal(early.code, 0, early.stderr);
    const receipt = JSON.parse(early.stdout) as { message_id: number; status: string };
    assert.equal(receipt.status, "queued", early.stdout);

    await startHeadlessChannel(world, "bob", mock);
    const block = await mock.waitForChannelBlock(
      (b) => b.attributes.message_id === String(receipt.message_id),
      10_000,
    );
    assert.equal(block.content, "sent while bob was offline");
    assert.equal(block.attributes.to_session, "bob");
  });
});
