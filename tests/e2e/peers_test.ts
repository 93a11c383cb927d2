import assert from "node:assert/strict";
import { type ClaudeHome, e2e, inWorld, runCli, sleep, type World } from "./claude_harness.ts";
import { hasNewToolResult, isConversation, newUserText } from "./mock_anthropic.ts";
import { selfCommand } from "../../lib/self_command.ts";

// Knowing your peers, proven with the real Claude Code (interactive, in tmux, API-key login, no
// channel flag): the hooks keep the session's state on the bus (idle -> busy while the mock's
// tool runs -> idle), `cc-dm wait` returns on it, `cc-dm peek` reads the model's last text from
// the transcript, and `cc-dm statusline` shows on Claude Code's screen with the unread count.

const SLOW_PROMPT = "run the slow command";
const DONE_TEXT = "SLOW DONE: the answer is 42.";

/** `cc-dm <args>` as the user of `home` (its HOME, the pinned claude). */
async function ccDmAs(home: ClaudeHome, args: string[]): Promise<string> {
  const self = selfCommand();
  const out = await new Deno.Command("timeout", {
    args: ["-k", "2", "60", self.command, ...self.args, ...args],
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

async function stateOf(world: World, name: string): Promise<string | undefined> {
  const out = await runCli(world, ["who", "--json"]);
  return JSON.parse(out.stdout).sessions.find((s: { name: string }) => s.name === name)?.state;
}

async function waitForState(world: World, name: string, state: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  while (Date.now() < deadline) {
    last = await stateOf(world, name);
    if (last === state) return;
    await sleep(100);
  }
  throw new Error(`"${name}" never became ${state} within ${timeoutMs} ms (last: ${last})`);
}

function spawnCli(world: World, args: string[]): Deno.ChildProcess {
  const self = selfCommand();
  return new Deno.Command("timeout", {
    args: ["-k", "2", "90", self.command, ...self.args, ...args],
    env: world.env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

e2e.test("e2e peers (hooks, no channel flag): who shows idle -> busy -> idle, wait --idle returns, peek shows the last text", async (claude) => {
  await inWorld(150_000, claude, async (world) => {
    const mock = world.mock({
      fallback: "OK.",
      respond: (request) => {
        if (!isConversation(request)) return undefined;
        if (newUserText(request).includes(SLOW_PROMPT) && !hasNewToolResult(request)) {
          return [{ type: "tool_use", name: "Bash", input: { command: "sleep 4", description: "slow" } }];
        }
        if (hasNewToolResult(request)) return DONE_TEXT;
        return "OK.";
      },
    });
    const home = await world.home("bob", mock);
    Object.assign(home.env, { CC_DM_HOME: world.ccDmHome, CC_DM_SESSION_NAME: "bob" });
    await ccDmAs(home, ["setup", "--hooks", "--claude", world.claudeBin]);
    const session = await home.startInteractive(["--allowedTools", "Bash"], 140);
    await home.explainFailure(async () => {
      await world.waitForLive("bob", 30_000);
      await session.waitForScreen(/❯/, 30_000);
      // Idle at start: the SessionStart hook said so once the channel registered.
      await waitForState(world, "bob", "idle", 30_000);
    }, () => session.screen());

    const busy = spawnCli(world, ["wait", "bob", "--state", "busy", "--timeout", "60"]);
    await session.submit(SLOW_PROMPT);
    const wentBusy = await busy.output();
    assert.equal(wentBusy.code, 0, new TextDecoder().decode(wentBusy.stderr));
    assert.equal(new TextDecoder().decode(wentBusy.stdout), "bob busy\n");
    assert.equal(await stateOf(world, "bob"), "busy", "the Bash tool (sleep 4) is running");
    const table = await runCli(world, ["who"]);
    assert.match(table.stdout, /^bob +worker +- +live +busy \d+s +\w+ /m);

    const idle = await runCli(world, ["wait", "bob", "--idle", "--timeout", "25", "--json"]);
    assert.equal(idle.code, 0, idle.stderr);
    assert.equal(JSON.parse(idle.stdout).state, "idle");
    assert.ok(mock.requests.some((r) => isConversation(r) && hasNewToolResult(r)), "the tool ran first");

    const peek = await runCli(world, ["peek", "bob", "-n", "1", "--json"]);
    assert.equal(peek.code, 0, peek.stderr);
    const blocks = JSON.parse(peek.stdout).blocks;
    assert.deepEqual(blocks.map((b: { text: string }) => b.text), [DONE_TEXT]);
  });
});

e2e.test("e2e status line: cc-dm statusline on the real screen shows the unread count change", async (claude) => {
  await inWorld(120_000, claude, async (world) => {
    const mock = world.mock({ fallback: "OK." });
    const home = await world.home("carol", mock);
    Object.assign(home.env, { CC_DM_HOME: world.ccDmHome, CC_DM_SESSION_NAME: "carol" });
    // Registered and with the status line, but no hooks and no channel flag: mail stays unread.
    await ccDmAs(home, ["setup", "--claude", world.claudeBin]);
    assert.match(await ccDmAs(home, ["setup", "--statusline"]), /Added cc-dm's status line/);
    // Claude Code's inbox socket would deliver at once; refused, mail waits for the inbox tool.
    await home.refuseInboxSocket();
    const session = await home.startInteractive([], 110);
    await home.explainFailure(async () => {
      await world.waitForLive("carol", 30_000);
      // Drawn at start, maybe before the channel registered: "cc-dm: not registered".
      await session.waitForScreen(/cc-dm: not registered|cc-dm carol · /, 30_000);
      await session.submit("hello");
      await session.waitForScreen(/cc-dm carol · inbox · 0 unread · 0 peers/, 30_000);
    }, () => session.screen());

    for (const text of ["one for carol", "two for carol"]) {
      assert.equal((await runCli(world, ["send", "carol", text])).code, 0);
    }
    // Claude Code refreshes its status line when the conversation changes.
    await session.submit("anything new?");
    await home.explainFailure(
      () => session.waitForScreen(/cc-dm carol · inbox · 2 unread · 0 peers/, 30_000).then(() => {}),
      () => session.screen(),
    );
  });
});
