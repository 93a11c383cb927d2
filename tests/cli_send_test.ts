import assert from "node:assert/strict";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { busEngine, tempHome } from "./helpers/temp_home.ts";
import { cc, ccIn, withUser } from "./cli_run.ts";
import { sessionRows, storedMessages } from "./helpers/bus_reads.ts";

const ONE_ERROR = /^Error: [^\n]+\nTry: [^\n]+\n$/;

Deno.test("cli send: a piped message arrives as a channel event with cli: meta", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  const backend = await ChannelPeer.start({ env: t.env, name: "backend", role: "worker" });
  try {
    const sent = await cc(env, [
      "send",
      "backend",
      "--priority",
      "urgent",
      "--type",
      "status",
      "--meta",
      "ticket=7",
    ], {
      stdin: "3 tests failed\nsee log\n",
    });
    assert.equal(sent.code, 0, sent.stderr);
    assert.match(sent.stdout, /^sent (\d+) to backend \(live, events\)\n$/);
    const id = sent.stdout.match(/^sent (\d+)/)![1];
    const [event] = await backend.waitForEvents(1);
    assert.equal(event.content, "3 tests failed\nsee log", "one trailing newline of stdin is dropped");
    assert.equal(event.meta.from_session, "cli:alice");
    assert.equal(event.meta.from_role, "cli");
    assert.equal(event.meta.to_session, "backend");
    assert.equal(event.meta.message_id, id);
    assert.equal(event.meta.priority, "urgent");
    assert.equal(event.meta.message_type, "status");
    assert.equal(event.meta.ticket, "7");

    const json = await cc(env, ["send", "backend", "second", "--from", "ci", "--json"]);
    assert.equal(json.code, 0, json.stderr);
    const receipt = JSON.parse(json.stdout);
    assert.equal(receipt.status, "sent");
    assert.equal(receipt.from, "cli:ci");
    assert.deepEqual(receipt.live, ["backend"]);
    assert.deepEqual(receipt.queued, []);
    const events = await backend.waitForEvents(2);
    assert.equal(events[1].meta.from_session, "cli:ci");
    assert.equal(events[1].meta.message_id, String(receipt.message_id));
  } finally {
    await backend.close();
    await t.cleanup();
  }
});

Deno.test("cli send: to an offline session says queued, and it arrives when the session starts", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  const first = await ChannelPeer.start({ env: t.env, name: "backend" });
  await first.close();
  let again: ChannelPeer | undefined;
  try {
    const sent = await ccIn(env, ["send", "backend", "while you were out"]);
    assert.equal(sent.code, 0, sent.stderr);
    assert.match(sent.stdout, /^queued \d+ for backend \(offline\)\n$/);
    const json = await ccIn(env, ["send", "backend", "and this", "--json"]);
    assert.equal(JSON.parse(json.stdout).status, "queued");
    assert.deepEqual(JSON.parse(json.stdout).queued, ["backend"]);

    again = await ChannelPeer.start({ env: t.env, name: "backend" });
    const events = await again.waitForEvents(2);
    assert.deepEqual(events.map((e) => e.content), ["while you were out", "and this"]);

    const never = await ccIn(env, ["send", "reviewer", "--queue", "review PR 42 when you start"]);
    assert.equal(never.code, 0, never.stderr);
    assert.match(never.stdout, /^queued \d+ for reviewer \(offline\)\n$/);
  } finally {
    await again?.close();
    await t.cleanup();
  }
});

Deno.test("cli send: a session's reply to the cli sender is accepted and waits on the bus", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  // A tagged session: routing refuses its dm to an untagged name, so the untagged CLI
  // sender's row takes the recipient's project.
  const backend = await ChannelPeer.start({ env: t.env, name: "backend", project: "web" });
  try {
    const sent = await ccIn(env, ["send", "backend", "which port?"]);
    assert.equal(sent.code, 0, sent.stderr);
    const [event] = await backend.waitForEvents(1);
    const reply = await backend.call("dm", {
      to: event.meta.from_session,
      content: "8080",
      in_reply_to: event.meta.message_id,
    });
    assert.equal(reply.isError, false, reply.text);
    assert.equal(reply.data?.status, "queued", "the cli sender is offline between commands");
    const who = JSON.parse((await ccIn(env, ["who", "--all", "--json"])).stdout);
    const alice = who.sessions.find((s: { name: string }) => s.name === "cli:alice");
    assert.equal(alice?.queued, 1);
    assert.equal(alice?.kind, "cli");
    const tail = await ccIn(env, ["tail", "--no-follow", "--session", "cli:alice", "--json"]);
    const lines = tail.stdout.trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((m) => m.content), ["which port?", "8080"]);
  } finally {
    await backend.close();
    await t.cleanup();
  }
});

Deno.test("cli send: an unknown recipient is exit 1, one error line, nothing stored", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  const backend = await ChannelPeer.start({ env: t.env, name: "backend" });
  try {
    const result = await ccIn(env, ["send", "bakcend", "hello"]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, ONE_ERROR);
    assert.match(result.stderr, /No session named "bakcend".*nothing was sent/);
    assert.match(result.stderr, /Known sessions: backend/);
    assert.deepEqual(await storedMessages(t.ccDmHome), []);
    assert.deepEqual((await sessionRows(t.ccDmHome)).filter((s) => s.kind === "cli"), []);
  } finally {
    await backend.close();
    await t.cleanup();
  }
});

Deno.test("cli send: empty and oversized messages are refused with exit 1, nothing stored", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  const backend = await ChannelPeer.start({ env: t.env, name: "backend" });
  try {
    const cases: [string, string[], string | undefined, RegExp][] = [
      ["empty argument", ["send", "backend", "  "], undefined, /content is empty/],
      ["empty stdin", ["send", "backend"], "", /content is empty/],
      [
        "oversized argument",
        ["send", "backend", "x".repeat(65_537)],
        undefined,
        /65537 bytes is over the limit of 65536/,
      ],
      ["oversized stdin", ["send", "backend"], "y".repeat(200_000), /more than 65536 bytes/],
    ];
    for (const [what, args, stdin, reason] of cases) {
      const result = await ccIn(env, args, { stdin });
      assert.equal(result.code, 1, `${what}: ${result.stderr}`);
      assert.equal(result.stdout, "", what);
      assert.match(result.stderr, ONE_ERROR, what);
      assert.match(result.stderr, reason, what);
    }
    assert.deepEqual(await storedMessages(t.ccDmHome), []);

    // Exactly the limit, with the newline a pipe adds, is accepted.
    const atLimit = await ccIn(env, ["send", "backend"], { stdin: "z".repeat(65_536) + "\n" });
    assert.equal(atLimit.code, 0, atLimit.stderr);
    const [event] = await backend.waitForEvents(1);
    assert.equal(event.content.length, 65_536);
  } finally {
    await backend.close();
    await t.cleanup();
  }
});

Deno.test("cli send: broadcast reaches the live sessions in reach", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  const peers = await Promise.all([
    ChannelPeer.start({ env: t.env, name: "w1" }),
    ChannelPeer.start({ env: t.env, name: "w2" }),
  ]);
  try {
    const result = await ccIn(env, ["send", "--broadcast", "standup", "in", "5"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^sent \d+ to 2 live sessions: w1, w2\n$/);
    for (const peer of peers) {
      const [event] = await peer.waitForEvents(1);
      assert.equal(event.content, "standup in 5");
      assert.equal(event.meta.broadcast, "true");
      assert.equal(event.meta.from_session, "cli:alice");
    }
  } finally {
    await Promise.all(peers.map((p) => p.close()));
    await t.cleanup();
  }
});

Deno.test("cli usage errors: exit 2 with a Try: line, nothing stored", async () => {
  const t = await tempHome();
  try {
    const cases = [
      ["send"],
      ["send", "--bogus", "x"],
      ["send", "--broadcast", "--queue", "hi"],
      ["send", "--broadcast", "--wait", "hi"],
      ["send", "backend", "hi", "--timeout", "5"],
      ["send", "backend", "hi", "--priority", "asap"],
      ["send", "backend", "hi", "--from", "no way!"],
      ["send", "backend", "hi", "--meta", "novalue"],
      ["ask"],
      ["ask", "backend", "q?", "--timeout", "soon"],
      ["who", "extra"],
      ["tail", "-n", "many"],
      ["tail", "--session", "Bad Name!"],
    ];
    for (const args of cases) {
      const result = await ccIn(t.env, args);
      assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.equal(result.stdout, "", args.join(" "));
      assert.match(result.stderr, ONE_ERROR, args.join(" "));
    }
    // A terminal on stdin and no message: a usage error, not a silent wait (checked in-process).
    const { run } = await import("../cmd/send.ts");
    const io = {
      stdout: () => {},
      stderr: () => {},
      stdin: new ReadableStream<Uint8Array>(),
      stdinIsTty: true,
      stdoutIsTty: false,
      env: t.env,
      cwd: t.home,
    };
    await assert.rejects(run(["backend"], io), (err: Error & { exitCode?: number }) => err.exitCode === 2);
    await assert.rejects(Deno.stat(t.ccDmHome), Deno.errors.NotFound, "usage errors create no bus");
  } finally {
    await t.cleanup();
  }
});

Deno.test({
  name: "cli ask: a missing bus is one clear error, exit 1, and is not created",
  // A file that does not exist yet is the SQLite engine's case; a team bus is created by `bus init`.
  ignore: busEngine() === "postgres",
  fn: async () => {
    const t = await tempHome();
    try {
      for (const args of [["ask", "backend", "hi", "--timeout", "1"]]) {
        const result = await ccIn(t.env, args);
        assert.equal(result.code, 1, args.join(" "));
        assert.match(
          result.stderr,
          /^Error: Cannot open bus "[^"]+bus\.db": file does not exist\nTry: .+\n$/,
        );
      }
      await assert.rejects(Deno.stat(t.ccDmHome), Deno.errors.NotFound);
    } finally {
      await t.cleanup();
    }
  },
});
