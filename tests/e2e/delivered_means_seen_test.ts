import assert from "node:assert/strict";
import { dirname } from "node:path";
import { type ClaudeHome, e2e, inWorld, SERVER, type World } from "./claude_harness.ts";
import type { MockAnthropic } from "./mock_anthropic.ts";
import {
  assertDeliveredOnce,
  assertNotDeliveredUnseen,
  diagnosis,
  reachesModel,
  send,
  type Sent,
  sessionHome,
  settle,
  setupCcDm,
  startInteractive,
  uniqueBody,
  waitForBus,
  waitForLog,
  whoDelivery,
} from "./delivery_check.ts";

/** This checkout: its `.claude-plugin/` is the cc-dm plugin and marketplace users install. */
const REPO = dirname(dirname(dirname(new URL(import.meta.url).pathname)));

// Issue 11, "What was seen" 1-3, with the real Claude Code: setups people really use in which
// Claude Code drops cc-dm's channel events without telling the server. In each, every message
// must still reach the model (by whichever route fits: the inbox socket here, as no hooks are
// installed), once, and never be marked delivered on the bus before the model has it.

/**
 * Send `count` messages to bob, each waited for at the model, then check them all; and that
 * `who` does not claim the events route Claude Code drops here.
 */
async function proveDelivery(
  world: World,
  home: ClaudeHome,
  mock: MockAnthropic,
  label: string,
  count = 2,
): Promise<void> {
  const routes = await proveDeliveryAnyRoute(world, home, mock, label, count);
  const delivery = await whoDelivery(world, "bob");
  assert.ok(
    delivery !== "events" && delivery !== "push",
    `who says bob gets "${delivery}", but Claude Code drops cc-dm's events in this session`,
  );
  // What `cc-dm send` told the sender about the way each message went.
  for (const route of routes) {
    assert.ok(route !== "events", `send said "events", but Claude Code drops cc-dm's events in this session`);
  }
}

e2e.test("e2e delivered means seen: the dev flag names another channel (server:other): each message reaches the model once, none marked delivered unseen", async (claude) => {
  await inWorld(120_000, claude, async (world) => {
    const mock = world.mock({ fallback: "OK." });
    const home = await sessionHome(world, "bob", mock);
    await setupCcDm(home);
    await startInteractive(home, "bob", ["--dangerously-load-development-channels", "server:other"]);
    // The setup is what the issue describes: Claude Code will not show cc-dm's events.
    await waitForLog(
      home,
      /MCP server "cc-dm": Channel notifications skipped: server cc-dm not in --channels list/,
    );
    await proveDelivery(world, home, mock, "to bob, whose channel flag names another server");
  });
});

e2e.test("e2e delivered means seen: the cc-dm plugin and a `cc-dm setup` entry both installed, started with --channels plugin:cc-dm@cc-dm: each message reaches the model once", async (claude) => {
  await inWorld(150_000, claude, async (world) => {
    const mock = world.mock({ fallback: "OK." });
    const home = await sessionHome(world, "bob", mock);
    // deno for the plugin's launcher (bin/cc-dm runs this checkout's main.ts), no other cc-dm.
    home.env.PATH = `${dirname(Deno.execPath())}:/usr/bin:/bin`;
    await setupCcDm(home);
    await home.claudeOk(["plugin", "marketplace", "add", REPO]);
    await home.claudeOk(["plugin", "install", "cc-dm@cc-dm"]);
    await home.updateClaudeJson((config) => {
      const features = config.cachedGrowthBookFeatures as Record<string, unknown>;
      features.tengu_harbor_ledger = [{ marketplace: "cc-dm", plugin: "cc-dm" }];
    });
    await startInteractive(home, "bob", ["--channels", "plugin:cc-dm@cc-dm"]);
    await home.explainFailure(async () => {
      // Both servers run; Claude Code shows the plugin's events and drops the setup entry's.
      await home.waitForChannel("plugin:cc-dm:cc-dm", 30_000);
      await waitForLog(home, new RegExp(`MCP server "${SERVER}": Channel notifications skipped`));
    }, () => diagnosis(world, home, mock, "bob"));
    await proveDeliveryAnyRoute(world, home, mock, "to bob with the plugin and a setup entry", 3);
  });
});

/**
 * Send `count` messages to bob, one at a time, each waited for at the model (none may be
 * marked delivered before), then check them all once the session settled.
 */
async function proveDeliveryAnyRoute(
  world: World,
  home: ClaudeHome,
  mock: MockAnthropic,
  label: string,
  count: number,
): Promise<(string | undefined)[]> {
  const sent: Sent[] = [];
  const routes: (string | undefined)[] = [];
  for (let i = 0; i < count; i++) {
    const m = await send(world, "bob", uniqueBody(`${label} #${i + 1}`));
    sent.push(m);
    await reachesModel(home, mock, "bob", sent, m, 30_000);
    routes.push(m.route);
    assertNotDeliveredUnseen(world, mock, "bob", sent);
    await settle(mock, 1500);
  }
  await settle(mock);
  assertDeliveredOnce(world, mock, "bob", sent);
  return routes;
}

/** Setups where the flag is there but Claude Code drops every channel event anyway. */
const DROPPED_ANYWAY: { what: string; prepare: (home: ClaudeHome) => Promise<void> }[] = [
  {
    what: "the account's channels feature is off (cachedGrowthBookFeatures.tengu_harbor false)",
    prepare: (home) =>
      home.updateClaudeJson((config) => {
        (config.cachedGrowthBookFeatures as Record<string, unknown>).tengu_harbor = false;
      }),
  },
  {
    what: "DISABLE_TELEMETRY=1 (the features lookup is off, channels read as off)",
    prepare: (home) => {
      home.env.DISABLE_TELEMETRY = "1";
      return Promise.resolve();
    },
  },
];

for (const { what, prepare } of DROPPED_ANYWAY) {
  e2e.test(`e2e delivered means seen: dev flag server:cc-dm but ${what}: each message reaches the model once`, async (claude) => {
    await inWorld(120_000, claude, async (world) => {
      const mock = world.mock({ fallback: "OK." });
      const home = await sessionHome(world, "bob", mock);
      await setupCcDm(home);
      await prepare(home);
      await startInteractive(home, "bob", ["--dangerously-load-development-channels", `server:${SERVER}`]);
      await proveDelivery(world, home, mock, `to bob (${what})`);
    });
  });
}

e2e.test("e2e delivered means seen: headless claude -p with the dev flag (ignored under -p): each message reaches the model once", async (claude) => {
  await inWorld(120_000, claude, async (world) => {
    const mock = world.mock({ fallback: "OK." });
    const home = await sessionHome(world, "bob", mock);
    await setupCcDm(home);
    const session = home.startHeadless(["--dangerously-load-development-channels", `server:${SERVER}`], 110);
    await session.send("You are bob on cc-dm.");
    await home.explainFailure(async () => {
      await waitForBus(world, 30_000);
      await world.waitForLive("bob", 30_000);
      await session.waitForResults(1, 30_000);
    }, () => `claude stderr: ${session.stderr}`);
    await proveDelivery(world, home, mock, "to headless bob");
  });
});
