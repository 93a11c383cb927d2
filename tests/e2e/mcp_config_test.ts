import assert from "node:assert/strict";
import { join } from "node:path";
import {
  type ClaudeHome,
  e2e,
  inWorld,
  mcpTool,
  SERVER,
  startInteractiveChannel,
  type World,
} from "./claude_harness.ts";
import { hasNewToolResult, newChannelBlocks, newUserText } from "./mock_anthropic.ts";

// Proof 3: cc-dm configured the two ways a user does it by hand, `claude mcp add -s user` and a
// project `.mcp.json`, is reported connected by `claude mcp list` and carries a conversation
// between two real Claude Code sessions, with events labelled by the server name (source="cc-dm").
// Such servers are channels only through the development flag, which needs an interactive
// session (it is ignored under -p), so both run in tmux.

const DM = mcpTool("dm", false);
const CONNECTED = new RegExp(`^${SERVER}: .* - ✔ Connected$`, "m");

e2e.test("e2e: cc-dm added with `claude mcp add -s user` and with a project .mcp.json: mcp list says connected, and two sessions talk", async (claude) => {
  await inWorld(90_000, claude, async (world) => {
    const aliceModel = world.mock({
      respond: (request) => {
        if (hasNewToolResult(request)) return "Sent.";
        if (newUserText(request).includes("Ask bob for the build status")) {
          return [{ type: "tool_use", name: DM, input: { to: "bob", content: "Is the build green?" } }];
        }
        return undefined;
      },
    });
    const bobModel = world.mock({
      respond: (request) => {
        if (hasNewToolResult(request)) return "Answered.";
        const question = newChannelBlocks(request).find((b) => b.attributes.from_session === "alice");
        if (!question) return undefined;
        return [{
          type: "tool_use",
          name: DM,
          input: { to: "alice", content: "Green.", in_reply_to: question.attributes.message_id },
        }];
      },
    });
    const [aliceHome, bobHome] = await Promise.all([
      userScopeHome(world, aliceModel),
      projectScopeHome(world, bobModel),
    ]);

    const [alice] = await Promise.all([
      startInteractiveChannel(aliceHome, "alice", ["dm"]),
      startInteractiveChannel(bobHome, "bob", ["dm"]),
    ]);
    await alice.submit("Ask bob for the build status");

    const question = await bobModel.waitForChannelBlock((b) => b.attributes.from_session === "alice", 30_000);
    assert.equal(question.attributes.source, SERVER);
    assert.equal(question.attributes.to_session, "bob");
    assert.equal(question.content, "Is the build green?");
    const answer = await aliceModel.waitForChannelBlock((b) => b.attributes.from_session === "bob", 30_000);
    assert.equal(answer.attributes.source, SERVER);
    assert.equal(answer.attributes.in_reply_to, question.attributes.message_id);
    assert.equal(answer.attributes.thread_id, question.attributes.thread_id);
    assert.equal(answer.content, "Green.");
  });
});

/** alice: cc-dm in the user's ~/.claude.json through `claude mcp add -s user`. */
async function userScopeHome(world: World, model: ReturnType<World["mock"]>): Promise<ClaudeHome> {
  const home = await world.home("alice", model);
  const entry = world.channelServer("alice");
  const env = Object.entries(entry.env).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
  await home.claudeOk(["mcp", "add", "-s", "user", SERVER, ...env, "--", entry.command, ...entry.args]);
  const servers = (await home.readClaudeJson()).mcpServers as Record<
    string,
    { command: string; env: object }
  >;
  assert.equal(servers[SERVER].command, entry.command);
  assert.deepEqual(servers[SERVER].env, entry.env);

  const list = await home.claudeOk(["mcp", "list"]);
  assert.match(list, CONNECTED);
  // The health check started (and registered) a cc-dm server as alice: let it go first.
  await home.waitForNoProcesses();
  return home;
}

/** bob: cc-dm in the project's .mcp.json, approved the way Claude Code records approval. */
async function projectScopeHome(world: World, model: ReturnType<World["mock"]>): Promise<ClaudeHome> {
  const home = await world.home("bob", model);
  await home.writeJson(join(home.project, ".mcp.json"), {
    mcpServers: { [SERVER]: world.channelServer("bob") },
  });
  assert.match(await home.claudeOk(["mcp", "list"]), /Pending approval/);

  // What the approval dialog writes when the user picks "yes": the local project settings.
  await Deno.mkdir(join(home.project, ".claude"), { recursive: true });
  await home.writeJson(join(home.project, ".claude", "settings.local.json"), {
    enabledMcpjsonServers: [SERVER],
  });
  const list = await home.claudeOk(["mcp", "list"]);
  assert.match(list, CONNECTED);
  await home.waitForNoProcesses();
  return home;
}
