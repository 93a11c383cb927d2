import assert from "node:assert/strict";
import {
  e2e,
  inWorld,
  runCli,
  SERVER,
  startHeadlessChannel,
  startInteractiveChannel,
} from "./claude_harness.ts";
import { arrival, assertDeliveredOnce, settle, uniqueBody } from "./delivery_check.ts";
import { findChannelBlocks } from "./mock_anthropic.ts";

// A message sent to a session that is offline is queued; the dm tool and `cc-dm send` promise
// it arrives when the session starts again, once. Only a real Claude Code shows whether it does:
// it drops events that come before its channel handler is set (docs/delivery.md, "The first
// push"). Headless, the channel keeps a margin after the tools/list answer; interactive, it
// pushes once Claude Code asks tools/list again after a tools/list_changed, which it does only
// once the channel handler is set.

e2e.test("e2e: mail queued for an offline headless session reaches its model once Claude Code starts it", async (claude) => {
  await inWorld(90_000, claude, async (world) => {
    const mock = world.mock();
    const body = uniqueBody("sent while bob was offline");
    const early = await runCli(world, ["send", "bob", body, "--queue", "--json"]);
    assert.equal(early.code, 0, early.stderr);
    const receipt = JSON.parse(early.stdout) as { message_id: number; status: string };
    assert.equal(receipt.status, "queued", early.stdout);

    const { home } = await startHeadlessChannel(world, "bob", mock);
    await arrival(mock, body, 30_000);
    await settle(mock);
    assertDeliveredOnce(world, mock, "bob", [{ id: receipt.message_id, body }]);
    // Usually as a channel event. Headless Claude Code sets the channel handler when a turn
    // starts, for the servers connected by then: when its first turn began before the channel
    // connected (a loaded machine), the first push is dropped and the receipts hand the mail
    // to the inbox socket (docs/delivery.md), which starts the next turn. Either way: once.
    const asEvent = findChannelBlocks(mock.requests).some((b) =>
      b.attributes.message_id === String(receipt.message_id)
    );
    Deno.stderr.writeSync(
      new TextEncoder().encode(
        `queued mail reached headless bob ${asEvent ? "as a channel event" : "through the inbox socket"}\n`,
      ),
    );
    if (!asEvent) {
      const log = await Deno.readTextFile(home.debugFile);
      assert.match(log, /Channel notifications re-registered/, "the channel registered eventually");
    }
  });
});

e2e.test("e2e: mail queued for an offline interactive session is pushed right after Claude Code sets its channel handler, once", async (claude) => {
  await inWorld(90_000, claude, async (world) => {
    const mock = world.mock();
    const early = await runCli(world, ["send", "bob", "queued for interactive bob", "--queue", "--json"]);
    assert.equal(early.code, 0, early.stderr);
    const receipt = JSON.parse(early.stdout) as { message_id: number; status: string };
    assert.equal(receipt.status, "queued", early.stdout);

    const home = await world.home("bob", mock);
    const entry = world.channelServer("bob");
    const env = Object.entries(entry.env).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
    await home.claudeOk(["mcp", "add", "-s", "user", SERVER, ...env, "--", entry.command, ...entry.args]);
    await startInteractiveChannel(home, "bob");
    const block = await mock.waitForChannelBlock(
      (b) => b.attributes.message_id === String(receipt.message_id),
      20_000,
    );
    assert.equal(block.content, "queued for interactive bob");

    // Claude Code's own log: the channel handler first, then the refetch our notification
    // caused (the signal the push waited for), and the event after both.
    const log = (await Deno.readTextFile(home.debugFile)).split("\n");
    const at = (pattern: RegExp) => {
      const line = log.find((l) => pattern.test(l));
      assert.ok(line, `Claude Code's debug log has ${pattern}`);
      return Date.parse(line.slice(0, 24));
    };
    const registered = at(/MCP server "cc-dm": Channel notifications registered/);
    const refetch = at(/MCP server "cc-dm": Received tools\/list_changed notification, refreshing tools/);
    const received = at(/MCP server "cc-dm": notifications\/claude\/channel \(/);
    assert.ok(registered <= refetch && refetch <= received, `${registered} <= ${refetch} <= ${received}`);

    // Once: a second push would carry another receipt token, so another block.
    await new Promise((r) => setTimeout(r, 3000));
    const copies = findChannelBlocks(mock.requests).filter((b) =>
      b.attributes.message_id === String(receipt.message_id)
    );
    assert.equal(copies.length, 1, "the message reached the model once");
    await settle(mock);
    assertDeliveredOnce(world, mock, "bob", [{ id: receipt.message_id, body: "queued for interactive bob" }]);
  });
});

e2e.test("e2e: mail queued for a headless session whose host prompts only later reaches its model once", async (claude) => {
  await inWorld(120_000, claude, async (world) => {
    const mock = world.mock();
    const body = uniqueBody("queued for a late prompt");
    const early = await runCli(world, ["send", "bob", body, "--queue", "--json"]);
    assert.equal(early.code, 0, early.stderr);
    const receipt = JSON.parse(early.stdout) as { message_id: number; status: string };

    // Headless Claude Code sets the channel handler when a turn starts: with no prompt yet,
    // the channel's first push finds none and is dropped (docs/delivery.md, "The first push").
    const home = await world.home("bob", mock);
    const channels = await home.installChannelPlugin("bob");
    const session = home.startHeadless(["--channels", channels]);
    await world.waitForLive("bob", 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    await session.send("You are bob on cc-dm.");
    await arrival(mock, body, 90_000);
    await settle(mock);
    assertDeliveredOnce(world, mock, "bob", [{ id: receipt.message_id, body }]);
  });
});
