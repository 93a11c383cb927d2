import assert from "node:assert/strict";
import { ChannelPeer, type ReceivedEvent } from "./helpers/channel_peer.ts";
import { tempHome } from "./helpers/temp_home.ts";
import { cc, ccIn, type CliResult, spawnCli, startIn, withUser } from "./cli_run.ts";
import { sessionRow, unclaimed, undelivered } from "./helpers/bus_reads.ts";

/** Answer event `index` the way a Claude session does: dm back with in_reply_to. */
async function answer(peer: ChannelPeer, index: number, content: string): Promise<ReceivedEvent> {
  const event = (await peer.waitForEvents(index + 1))[index];
  const reply = await peer.call("dm", {
    to: event.meta.from_session,
    content,
    in_reply_to: event.meta.message_id,
  });
  assert.equal(reply.isError, false, reply.text);
  return event;
}

/** The result of a spawned or an in-process (ccIn) run. */
async function finish(child: Deno.ChildProcess | Promise<CliResult>): Promise<CliResult> {
  if (child instanceof Promise) return await child;
  const out = await child.output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("cli ask: prints the reply the session sends in the thread, ignoring other mail", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  const tests = await ChannelPeer.start({ env: t.env, name: "tests" });
  try {
    const asking = spawnCli(env, ["ask", "tests", "are the integration tests green?", "--timeout", "20"]);
    const [event] = await tests.waitForEvents(1);
    assert.equal(event.content, "are the integration tests green?");
    assert.equal(event.meta.from_session, "cli:alice");
    assert.equal(event.meta.message_type, "question");
    // Unrelated mail to the asker first: not the answer, and it must not be lost.
    const other = await tests.call("dm", { to: "cli:alice", content: "unrelated note" });
    assert.equal(other.isError, false, other.text);
    const live = JSON.parse((await cc(env, ["who", "--json"])).stdout);
    assert.ok(
      live.sessions.some((s: { name: string; status: string }) =>
        s.name === "cli:alice" && s.status === "live"
      ),
      "the asker holds its name while it waits",
    );
    await answer(tests, 0, "yes, all 212 green");
    const result = await finish(asking);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "yes, all 212 green\n");

    const who = JSON.parse((await cc(env, ["who", "--all", "--json"])).stdout);
    const alice = who.sessions.find((s: { name: string }) => s.name === "cli:alice");
    assert.equal(alice?.status, "offline", "the name is released when ask ends");
    assert.equal(alice?.queued, 1, "the unrelated note still waits");
    assert.deepEqual(
      [await undelivered(t.ccDmHome, "cli:alice"), await unclaimed(t.ccDmHome, "cli:alice")],
      [1, 1],
      "and is unclaimed again for whoever reads cli:alice's mail next",
    );
  } finally {
    await tests.close();
    await t.cleanup();
  }
});

Deno.test("cli ask --json and send --wait print the reply", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  const backend = await ChannelPeer.start({ env: t.env, name: "backend", project: "web" });
  try {
    const asking = ccIn(env, ["ask", "backend", "which port?", "--json", "--timeout", "20"]);
    const event = await answer(backend, 0, "8080");
    const result = await finish(asking);
    assert.equal(result.code, 0, result.stderr);
    const reply = JSON.parse(result.stdout);
    assert.equal(reply.content, "8080");
    assert.equal(reply.from, "backend");
    assert.equal(reply.to, "cli:alice");
    assert.equal(reply.in_reply_to, event.meta.message_id);
    assert.equal(reply.thread_id, event.meta.thread_id);

    const waiting = ccIn(env, ["send", "backend", "deploy now?", "--wait", "--timeout", "20"]);
    await answer(backend, 1, "go");
    const sent = await finish(waiting);
    assert.equal(sent.code, 0, sent.stderr);
    assert.equal(sent.stdout, "go\n");
  } finally {
    await backend.close();
    await t.cleanup();
  }
});

Deno.test("cli ask: no reply in time is exit 3 with one error line; the name is released", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  const backend = await ChannelPeer.start({ env: t.env, name: "backend" });
  try {
    const started = Date.now();
    const result = await ccIn(env, ["ask", "backend", "anyone?", "--timeout", "1"]);
    assert.equal(result.code, 3, result.stderr);
    assert.ok(Date.now() - started < 4000, "gives up at the timeout");
    assert.equal(result.stdout, "");
    assert.match(
      result.stderr,
      /^Error: No reply from "backend" within 1 s to message \d+ \(sent as cli:alice\)\nTry: .*a later reply waits for you: cc-dm inbox\n$/,
    );
    assert.equal((await sessionRow(t.ccDmHome, "cli:alice"))?.instance, null);
  } finally {
    await backend.close();
    await t.cleanup();
  }
});

Deno.test("cli ask: two asks by one person at once each get their own reply (cli:NAME-2)", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  const backend = await ChannelPeer.start({ env: t.env, name: "backend" });
  try {
    const first = ccIn(env, ["ask", "backend", "first?", "--timeout", "20"]);
    await backend.waitForEvents(1);
    const second = ccIn(env, ["ask", "backend", "second?", "--timeout", "20"]);
    const events = await backend.waitForEvents(2);
    assert.deepEqual(events.map((e) => e.meta.from_session), ["cli:alice", "cli:alice-2"]);
    // Answer the second first: each ask must still print its own answer.
    await answer(backend, 1, "answer two");
    await answer(backend, 0, "answer one");
    const [a, b] = await Promise.all([finish(first), finish(second)]);
    assert.equal(a.stdout, "answer one\n", a.stderr);
    assert.equal(b.stdout, "answer two\n", b.stderr);
  } finally {
    await backend.close();
    await t.cleanup();
  }
});

Deno.test("cli ask: Ctrl-C ends the wait with exit 130 and releases the name", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  const backend = await ChannelPeer.start({ env: t.env, name: "backend" });
  try {
    const asking = spawnCli(env, ["ask", "backend", "still there?", "--timeout", "0"]);
    await backend.waitForEvents(1);
    asking.kill("SIGINT");
    const result = await finish(asking);
    assert.equal(result.code, 130, result.stderr);
    assert.equal(result.stdout, "");
    assert.equal((await sessionRow(t.ccDmHome, "cli:alice"))?.instance, null);
    // A late reply is not lost: it waits for cli:alice.
    const late = await backend.call("dm", {
      to: "cli:alice",
      content: "yes, sorry",
      in_reply_to: backend.events[0].meta.message_id,
    });
    assert.equal(late.isError, false, late.text);
    const tail = await cc(env, ["tail", "--no-follow", "--thread", backend.events[0].meta.thread_id]);
    assert.match(tail.stdout, /backend -> cli:alice {2}\[re #\d+\] {2}yes, sorry\n$/);
  } finally {
    await backend.close();
    await t.cleanup();
  }
});

Deno.test("cli ask: an offline recipient is noted on stderr; the question is queued", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  const first = await ChannelPeer.start({ env: t.env, name: "backend" });
  await first.close();
  let again: ChannelPeer | undefined;
  try {
    const asking = startIn(env, ["ask", "backend", "when you are back: status?", "--timeout", "20"]);
    // The note is the marker that the question is stored while backend is offline.
    const note = await asking.waitFor((err) => err.includes("\n"), { stream: "err", timeoutMs: 20_000 });
    assert.match(note, /"backend" is offline; question \d+ is queued/);
    again = await ChannelPeer.start({ env: t.env, name: "backend" });
    await answer(again, 0, "back and fine");
    const result = await asking.done;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "back and fine\n");
  } finally {
    await again?.close();
    await t.cleanup();
  }
});
