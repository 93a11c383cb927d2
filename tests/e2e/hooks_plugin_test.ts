import assert from "node:assert/strict";
import { dirname } from "node:path";
import { type ClaudeHome, e2e, inWorld, runCli, sleep, type World } from "./claude_harness.ts";
import { isConversation, type MessagesRequest, type MockAnthropic, newUserText } from "./mock_anthropic.ts";
import { busRows } from "../cli_run.ts";
import { sessionRow } from "../helpers/bus_reads.ts";

// The hooks the plugin ships (hooks/hooks.json, run through its launcher `sh bin/cc-dm`), in a
// real Claude Code with an API key and no channel flag: installed from this repository as a
// local marketplace, exactly as a user would.

const REPO = dirname(dirname(dirname(new URL(import.meta.url).pathname)));

function allText(request: MessagesRequest): string {
  const out: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === "string") out.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(request.messages);
  return out.join("\n");
}

/** A HOME with the cc-dm plugin installed from this checkout, the session named `name`. */
async function pluginHome(world: World, name: string, mock: MockAnthropic): Promise<ClaudeHome> {
  const home = await world.home(name, mock);
  // Deno and the base system only: no installed cc-dm stands in for the checkout's launcher.
  Object.assign(home.env, {
    PATH: `${dirname(Deno.execPath())}:/usr/bin:/bin`,
    CC_DM_HOME: world.ccDmHome,
    CC_DM_SESSION_NAME: name,
  });
  await home.claudeOk(["plugin", "marketplace", "add", REPO]);
  await home.claudeOk(["plugin", "install", "cc-dm@cc-dm"]);
  // The inbox socket would deliver first (tests/e2e/socket_*): these tests are about the hooks.
  await home.refuseInboxSocket();
  return home;
}

async function send(world: World, to: string, content: string): Promise<number> {
  const out = await runCli(world, ["send", to, content, "--json", "--queue"]);
  assert.equal(out.code, 0, out.stderr);
  return JSON.parse(out.stdout).message_id;
}

e2e.test("e2e plugin hooks (no channel flag, API key): an idle interactive session is woken through the launcher", async (claude) => {
  await inWorld(90_000, claude, async (world) => {
    const mock = world.mock({ fallback: "OK." });
    const home = await pluginHome(world, "pia", mock);
    const session = await home.startInteractive([], 80);
    await home.explainFailure(async () => {
      await world.waitForLive("pia", 30_000);
      await session.waitForScreen(/❯/, 30_000);
    }, () => session.screen());
    await sleep(1500);
    const id = await send(world, "pia", "for the plugin's hooks");
    await home.explainFailure(async () => {
      await mock.waitForRequest(
        (r) => isConversation(r) && allText(r).includes(`message_id="${id}"`),
        30_000,
        "the woken turn",
      );
    }, async () => `${await session.screen()}\n${mock.describe()}`);
    const woken = mock.requests.find((r) => isConversation(r) && allText(r).includes(`message_id="${id}"`))!;
    assert.match(
      newUserText(woken),
      /Stop hook blocking error from command "SessionStart:startup": cc-dm: 1 new message/,
    );
    assert.match(newUserText(woken), /\nfor the plugin's hooks\n<\/cc-dm-message>/);
    const [row] = busRows(
      world.ccDmHome,
      `SELECT claimed_by, delivered_at FROM deliveries WHERE message_id = ${id}`,
    );
    assert.match(String(row.claimed_by), /^hook:\d+$/);
    assert.ok(row.delivered_at !== null);
  });
});

e2e.test("e2e plugin hooks, headless (claude -p, stream-json): mail waiting at a prompt comes with it (UserPromptSubmit)", async (claude) => {
  await inWorld(90_000, claude, async (world) => {
    const mock = world.mock({ fallback: "OK." });
    const home = await pluginHome(world, "hal", mock);
    const session = home.startHeadless([]);
    await session.send("first turn");
    await session.waitForResults(1, 30_000);
    await world.waitForLive("hal", 10_000);
    // The first turn's Stop hook runs after its result is printed, and would rightly deliver
    // mail that is already waiting: send only once it has recorded the session idle.
    const deadline = Date.now() + 20_000;
    while ((await sessionRow(world.ccDmHome, "hal"))?.state !== "idle") {
      assert.ok(Date.now() < deadline, "the Stop hook recorded hal idle");
      await sleep(50);
    }
    // Headless sessions are not woken (Claude Code would hold its exit for a waiting hook):
    // the message waits for the next prompt.
    const id = await send(world, "hal", "waiting for the next prompt");
    await sleep(3000);
    assert.ok(
      !mock.requests.some((r) => allText(r).includes(`message_id="${id}"`)),
      "not delivered while the headless session is idle",
    );
    await session.send("second turn");
    await session.waitForResults(2, 30_000);
    const carrying = mock.requests.filter((r) =>
      isConversation(r) && allText(r).includes(`message_id="${id}"`)
    );
    assert.ok(carrying.length >= 1, mock.describe());
    const text = allText(carrying[0]);
    assert.match(text, /UserPromptSubmit hook additional context: cc-dm: 1 new message/);
    assert.match(text, /second turn/);
    assert.equal(text.split(`message_id="${id}"`).length - 1, 1);
  });
});
