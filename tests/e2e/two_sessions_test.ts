import assert from "node:assert/strict";
import { e2e, inWorld, mcpTool, PLUGIN_SOURCE, startHeadlessChannel } from "./claude_harness.ts";
import { hasNewToolResult, newChannelBlocks, newUserText, toolResults } from "./mock_anthropic.ts";

// Proof 2: two real Claude Code sessions talk through cc-dm. Each model is scripted by its own
// mock: alice's calls the dm tool when asked, bob's answers a channel message in its thread.

const DM = mcpTool("dm", true);

e2e.test("e2e: two Claude Code sessions talk: A's dm tool call reaches B as a channel event, B's threaded reply reaches A", async (claude) => {
  await inWorld(60_000, claude, async (world) => {
    const aliceModel = world.mock({
      respond: (request) => {
        if (hasNewToolResult(request)) return "Sent.";
        if (newUserText(request).includes("Ask bob for the build status")) {
          return [{
            type: "tool_use",
            name: DM,
            input: { to: "bob", content: "Is the build green?", message_type: "question" },
          }];
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
          input: {
            to: "alice",
            content: "Green: 120 tests pass.",
            in_reply_to: question.attributes.message_id,
          },
        }];
      },
    });
    const alice = await startHeadlessChannel(world, "alice", aliceModel, ["dm"]);
    await startHeadlessChannel(world, "bob", bobModel, ["dm"]);

    await alice.session.send("Ask bob for the build status");

    const question = await bobModel.waitForChannelBlock((b) => b.attributes.from_session === "alice", 20_000);
    assert.equal(question.content, "Is the build green?");
    assert.equal(question.attributes.source, PLUGIN_SOURCE);
    assert.equal(question.attributes.to_session, "bob");
    assert.equal(question.attributes.message_type, "question");
    assert.equal(question.attributes.thread_id, question.attributes.message_id);

    const answer = await aliceModel.waitForChannelBlock((b) => b.attributes.from_session === "bob", 20_000);
    assert.equal(answer.content, "Green: 120 tests pass.");
    assert.equal(answer.attributes.to_session, "alice");
    assert.equal(answer.attributes.in_reply_to, question.attributes.message_id);
    assert.equal(answer.attributes.thread_id, question.attributes.thread_id);
    assert.equal(answer.attributes.message_type, "reply");

    // Each dm call succeeded inside Claude Code: the tool result its model saw says delivered.
    // (Claude Code 2.1.330 shows the model the tool's structuredContent, not its text.)
    const sentByAlice = toolResults(aliceModel.requests[answer.requestIndex]);
    assert.equal(sentByAlice.length, 1);
    assert.equal(sentByAlice[0].isError, false);
    assert.match(sentByAlice[0].text, /"status":"sent"|\(live, /);
    const sentByBob = toolResults(
      await bobModel.waitForRequest(hasNewToolResult, 20_000, "request after bob's dm"),
    );
    assert.equal(sentByBob.length, 1);
    assert.match(sentByBob[0].text, /"status":"sent"|\(live, /);
  });
});
