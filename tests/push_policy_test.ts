import assert from "node:assert/strict";
import { decidePush } from "../lib/channel/push_policy.ts";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { tempHome } from "./helpers/temp_home.ts";

const claude = (...flags: string[]) => () => [["/usr/bin/claude", ...flags]];

Deno.test("push policy: Claude Code without a channel flag pulls; with one it pushes", () => {
  const env = { CLAUDECODE: "1" };
  assert.equal(decidePush(env, claude()).delivery, "pull");
  assert.match(decidePush(env, claude()).reason, /without --channels/);
  assert.equal(decidePush(env, claude("--channels", "plugin:cc-dm@cc-dm")).delivery, "push");
  assert.equal(
    decidePush(env, claude("--dangerously-load-development-channels", "server:cc-dm")).delivery,
    "push",
  );
  // A launcher between Claude Code and us: the claude ancestor decides.
  const viaShell = () => [["sh", "/x/bin/cc-dm", "channel"], ["/opt/node_modules/.bin/claude", "-p"]];
  assert.equal(decidePush(env, viaShell).delivery, "pull");
  assert.equal(
    decidePush({ ...env, CLAUDE_CODE_USE_BEDROCK: "1" }, claude("--channels", "x")).delivery,
    "pull",
  );
  assert.equal(decidePush({}, claude()).delivery, "push", "other MCP clients get events");
  assert.equal(decidePush(env, () => [null]).delivery, "push", "unknown: push rather than hold back");
  assert.equal(decidePush({ ...env, CC_DM_PUSH: "always" }, claude()).delivery, "push");
  assert.equal(decidePush({ CC_DM_PUSH: "never" }, claude("--channels")).delivery, "pull");
});

Deno.test("a session in pull mode keeps its mail for inbox, and its instructions say so", async () => {
  const t = await tempHome();
  const a = await ChannelPeer.start({ env: t.env, name: "alpha" });
  const b = await ChannelPeer.start({ env: t.env, name: "beta", extraEnv: { CC_DM_PUSH: "never" } });
  try {
    assert.match(b.instructions, /NOT pushed.*call inbox/s);
    const sent = await a.call("dm", { to: "beta", content: "pull me" });
    assert.equal(sent.isError, false, sent.text);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(b.events.length, 0, "nothing pushed");
    const inbox = await b.call("inbox");
    const messages = inbox.data?.messages as { content: string; from_session: string; message_id: string }[];
    assert.deepEqual(messages.map((m) => [m.from_session, m.content]), [["alpha", "pull me"]]);
    assert.equal(messages[0].message_id, sent.data?.message_id);
    const again = await b.call("inbox");
    assert.deepEqual(again.data?.messages, [], "shown once");
  } finally {
    await a.close();
    await b.close();
    await t.cleanup();
  }
});
