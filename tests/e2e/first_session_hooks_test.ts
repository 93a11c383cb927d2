import assert from "node:assert/strict";
import { e2e, inWorld } from "./claude_harness.ts";
import {
  assertDeliveredOnce,
  reachesModel,
  send,
  sessionHome,
  settle,
  setupCcDm,
  startInteractive,
  uniqueBody,
} from "./delivery_check.ts";

// Issue 11, "What was seen" 4: the first session on a new machine. `cc-dm setup --hooks`, no
// ~/.cc-dm yet, Claude Code started with no flag and its inbox socket off
// (CLAUDE_CODE_HARBOR_KITE=0), so only the hooks can wake an idle session. The waiting
// SessionStart hook starts about when the channel creates the bus; whichever comes first, the
// first mail must wake the session and reach the model once.

e2e.test("e2e first session on a new machine (setup --hooks, no bus yet, no socket): the first mail wakes the idle session, once", async (claude) => {
  await inWorld(120_000, claude, async (world) => {
    const mock = world.mock({ fallback: "OK." });
    const home = await sessionHome(world, "bob", mock);
    home.env.CLAUDE_CODE_HARBOR_KITE = "0";
    await setupCcDm(home, true);
    await assert.rejects(Deno.stat(world.ccDmHome), Deno.errors.NotFound, "setup must not have made the bus");
    // startInteractive waits for the bus without opening it: the session makes it.
    await startInteractive(home, "bob", []);
    await settle(mock, 1500);
    const first = await send(world, "bob", uniqueBody("first mail on a new machine"));
    await reachesModel(home, mock, "bob", [first], first, 30_000);
    await settle(mock);
    assertDeliveredOnce(world, mock, "bob", [first]);
  });
});
