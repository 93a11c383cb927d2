import assert from "node:assert/strict";
import { join } from "node:path";
import {
  type ClaudeHome,
  e2e,
  inWorld,
  runCli,
  sleep,
  startInteractiveChannel,
  type World,
} from "./claude_harness.ts";
import {
  findChannelBlocks,
  hasNewToolResult,
  isConversation,
  type MessagesRequest,
  type MockAnthropic,
  newUserText,
} from "./mock_anthropic.ts";
import { openBus } from "../../lib/bus/open_bus.ts";
import { selfCommand } from "../../lib/self_command.ts";
import { busRows } from "../cli_run.ts";

// Delivery without channels, proven with the real Claude Code: API-key login against the mock
// API, cc-dm installed with `cc-dm setup --hooks` (MCP entry + hooks in ~/.claude/settings.json),
// and Claude Code started with no channel flag at all and its inbox socket refused
// (`crossSessionInbound: "refuse"`), so the channel pushes nothing and only the hooks can deliver. Interactive (tmux): asyncRewake hooks wake an idle session
// only there (under -p Claude Code runs them in the foreground).

const SLOW_PROMPT = "run the slow command";

/** Every string in a request's messages (text blocks, tool results, reminders), flattened. */
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

/** Text of every message after the last assistant message, system ones included. */
function addedText(request: MessagesRequest): string {
  const last = request.messages.findLastIndex((m) => m.role === "assistant");
  return allText({ ...request, messages: request.messages.slice(last + 1) });
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** `cc-dm setup --hooks` run as the user of `home` would (its HOME, the pinned claude). */
async function setupHooks(home: ClaudeHome, world: World): Promise<string> {
  const self = selfCommand();
  const out = await new Deno.Command("timeout", {
    args: ["-k", "2", "60", self.command, ...self.args, "setup", "--hooks", "--claude", world.claudeBin],
    cwd: home.project,
    env: home.env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, text);
  return text;
}

async function send(world: World, content: string): Promise<number> {
  const out = await runCli(world, ["send", "bob", content, "--json"]);
  assert.equal(out.code, 0, out.stderr);
  return JSON.parse(out.stdout).message_id;
}

/** The first conversation request that carries `message_id="id"`, waited for. */
async function arrival(mock: MockAnthropic, id: number, timeoutMs: number): Promise<number> {
  const tag = `message_id="${id}"`;
  await mock.waitForRequest(
    (r) => isConversation(r) && allText(r).includes(tag),
    timeoutMs,
    `request with ${tag}`,
  );
  return mock.requests.findIndex((r) => isConversation(r) && allText(r).includes(tag));
}

e2e.test("e2e hooks (no channel flag, API key): idle sessions are woken, a busy one gets mail with the next tool result, nothing twice", async (claude) => {
  await inWorld(150_000, claude, async (world) => {
    const mock = world.mock({
      fallback: "OK.",
      respond: (request) => {
        if (!isConversation(request)) return undefined;
        if (newUserText(request).includes(SLOW_PROMPT) && !hasNewToolResult(request)) {
          return [{ type: "tool_use", name: "Bash", input: { command: "sleep 3", description: "slow" } }];
        }
        return "OK.";
      },
    });
    const home = await world.home("bob", mock);
    Object.assign(home.env, { CC_DM_HOME: world.ccDmHome, CC_DM_SESSION_NAME: "bob" });
    const said = await setupHooks(home, world);
    assert.match(said, /Added cc-dm's hooks in .*settings\.json/);
    await home.refuseInboxSocket();
    const settings = JSON.parse(await Deno.readTextFile(join(home.home, ".claude", "settings.json")));
    assert.deepEqual(Object.keys(settings.hooks).sort(), [
      "Notification",
      "PostToolUse",
      "SessionStart",
      "Stop",
      "UserPromptSubmit",
    ]);

    const session = await home.startInteractive(["--allowedTools", "Bash"], 140);
    await home.explainFailure(async () => {
      await world.waitForLive("bob", 30_000);
      await session.waitForScreen(/❯/, 30_000);
    }, () => session.screen());
    const bus = await openBus({ CC_DM_HOME: world.ccDmHome });
    try {
      const row = await bus.session("bob");
      assert.equal(row?.delivery, "hooks", "no channel flag, socket refused: only the hooks deliver");
      assert.ok(row?.claudeSessionId, "the channel recorded Claude Code's session id");
    } finally {
      await bus.close();
    }
    await sleep(1000); // SessionStart's waiter has found the session's name

    // (1) Idle, before any prompt: the SessionStart hook wakes the session.
    const first = await send(world, "first: sent while bob was idle at start");
    let firstAt = -1;
    await home.explainFailure(async () => {
      firstAt = await arrival(mock, first, 30_000);
    }, async () => `${await session.screen()}\n${mock.describe()}`);
    // An asyncRewake hook's stderr, as Claude Code injects it: a notification that starts a turn.
    const woken = mock.requests[firstAt];
    assert.match(
      newUserText(woken),
      /Stop hook blocking error from command "SessionStart:startup": cc-dm: 1 new message for this session \(cc-dm name "bob"\)/,
    );
    assert.match(newUserText(woken), /\nfirst: sent while bob was idle at start\n<\/cc-dm-message>/);
    assert.ok(!hasNewToolResult(woken), "it started a turn of its own");
    await mock.waitForRequest((_, i) => i > firstAt, 5000).catch(() => {});
    await sleep(1500); // the turn ended; the Stop hook now waits

    // (1b) Idle after a turn: the Stop hook wakes it.
    const second = await send(world, "second: sent while bob was idle after a turn");
    const secondAt = await arrival(mock, second, 30_000);
    assert.match(
      newUserText(mock.requests[secondAt]),
      /Stop hook blocking error from command "Stop": cc-dm: 1 new/,
    );
    assert.match(newUserText(mock.requests[secondAt]), /\nsecond: sent while bob was idle after a turn\n/);
    await sleep(1500);

    // (2) Busy: a message sent while a tool runs comes with that tool's result (PostToolUse).
    const before = mock.requests.length;
    await session.submit(SLOW_PROMPT);
    await mock.waitForRequest(
      (r, i) => i >= before && isConversation(r) && newUserText(r).includes(SLOW_PROMPT),
      30_000,
      "the slow prompt",
    );
    await sleep(1000); // the Bash tool (sleep 3) is running
    const third = await send(world, "third: sent while bob was busy");
    const thirdAt = await arrival(mock, third, 30_000);
    const withResult = mock.requests[thirdAt];
    assert.ok(hasNewToolResult(withResult), "delivered with the tool result, not as a new turn");
    // Claude Code 2.1.330 puts a PostToolUse hook's additionalContext in a system message right
    // after the tool result: "PostToolUse:Bash hook additional context: ...".
    const added = addedText(withResult);
    assert.match(added, /PostToolUse:Bash hook additional context: cc-dm: 1 new message for this session/);
    assert.match(added, /\nthird: sent while bob was busy\n<\/cc-dm-message>/);
    await sleep(2000); // let the turn end, and any stray wake-up show itself

    // (3) Nothing twice: the last request holds the whole conversation.
    const conversation = mock.requests.filter(isConversation);
    const last = allText(conversation.at(-1)!);
    for (const id of [first, second, third]) {
      assert.equal(count(last, `message_id="${id}"`), 1, `message ${id} once in the conversation`);
    }
    const rows = busRows(
      world.ccDmHome,
      "SELECT message_id, claimed_by, delivered_at FROM deliveries ORDER BY id",
    );
    assert.deepEqual(rows.map((r) => r.message_id), [first, second, third]);
    for (const r of rows) {
      assert.ok(r.delivered_at !== null, `message ${r.message_id} marked delivered`);
      assert.match(String(r.claimed_by), /^hook:\d+$/, "delivered by a hook");
    }
  });
});

e2e.test("e2e hooks and a channel together (dev channel flag): each message reaches the model once, pushed by the channel", async (claude) => {
  await inWorld(120_000, claude, async (world) => {
    const mock = world.mock({
      fallback: "OK.",
      respond: (request) => {
        if (!isConversation(request)) return undefined;
        if (newUserText(request).includes(SLOW_PROMPT) && !hasNewToolResult(request)) {
          return [{ type: "tool_use", name: "Bash", input: { command: "sleep 3", description: "slow" } }];
        }
        return "OK.";
      },
    });
    const home = await world.home("bob", mock);
    Object.assign(home.env, { CC_DM_HOME: world.ccDmHome, CC_DM_SESSION_NAME: "bob" });
    await setupHooks(home, world);
    const session = await startInteractiveChannel(home, "bob", []);
    const bus = await openBus({ CC_DM_HOME: world.ccDmHome });
    try {
      assert.equal(
        (await bus.session("bob"))?.delivery,
        "events",
        "the channel flag is on: the channel pushes",
      );
    } finally {
      await bus.close();
    }
    await sleep(1500);

    const idle = await send(world, "to an idle session with a channel and hooks");
    const idleAt = await arrival(mock, idle, 30_000);
    assert.ok(
      findChannelBlocks([mock.requests[idleAt]]).some((b) => b.attributes.message_id === String(idle)),
    );
    await sleep(2500);

    const before = mock.requests.length;
    await session.submit(SLOW_PROMPT);
    await mock.waitForRequest(
      (r, i) => i >= before && isConversation(r) && newUserText(r).includes(SLOW_PROMPT),
      30_000,
      "the slow prompt",
    );
    await sleep(1000);
    const busy = await send(world, "to a busy session with a channel and hooks");
    await arrival(mock, busy, 30_000);
    await sleep(3000);

    const last = allText(mock.requests.filter(isConversation).at(-1)!);
    for (const id of [idle, busy]) assert.equal(count(last, `message_id="${id}"`), 1, `message ${id} once`);
    const rows = busRows(world.ccDmHome, "SELECT message_id, claimed_by FROM deliveries ORDER BY id");
    for (const r of rows) {
      assert.doesNotMatch(String(r.claimed_by), /^hook:/, "the channel pushed it, not a hook");
    }
  });
});
