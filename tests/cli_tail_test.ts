import assert from "node:assert/strict";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { tempHome } from "./helpers/temp_home.ts";
import { ccIn, cliArgs, startIn, withUser } from "./cli_run.ts";
import { unclaimed } from "./helpers/bus_reads.ts";

const LINE = /^\d\d-\d\d \d\d:\d\d:\d\d {2}#\d+ {2}\S+ -> .+$/;

async function sendAll(env: Record<string, string>, sends: string[][]): Promise<void> {
  for (const args of sends) {
    const result = await ccIn(env, ["send", ...args]);
    assert.equal(result.code, 0, `${args.join(" ")}: ${result.stderr}`);
  }
}

Deno.test("cli tail --no-follow: the last N messages, human and NDJSON, with filters", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  const peers = await Promise.all([
    ChannelPeer.start({ env: t.env, name: "web-a", project: "web" }),
    ChannelPeer.start({ env: t.env, name: "ops" }),
  ]);
  try {
    await sendAll(env, [
      ["web-a", "one"],
      ["ops", "two", "--priority", "urgent", "--type", "task"],
      ["web-a", "three\nsecond line", "--thread", "t1"],
      ["--broadcast", "four"],
    ]);
    const human = await ccIn(env, ["tail", "--no-follow", "-n", "3"]);
    assert.equal(human.code, 0, human.stderr);
    const lines = human.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 4, human.stdout);
    assert.match(lines[0], /#2 {2}cli:alice -> ops {2}\[urgent task\] {2}two$/);
    assert.match(lines[1], /#3 {2}cli:alice -> web-a {2}\[thread t1\] {2}three$/);
    assert.equal(lines[2], "    second line");
    assert.match(lines[3], /#4 {2}cli:alice -> \* \(ops, web-a\) {2}four$/);
    for (const line of [lines[0], lines[1], lines[3]]) assert.match(line, LINE);

    const json = await ccIn(env, ["tail", "--no-follow", "--json"]);
    const messages = json.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(messages.map((m) => m.content), ["one", "two", "three\nsecond line", "four"]);
    assert.deepEqual(messages.map((m) => m.id), [1, 2, 3, 4]);
    assert.equal(messages[3].broadcast, true);
    assert.equal(messages[3].to, null);

    const bySession = await ccIn(env, ["tail", "--no-follow", "--json", "--session", "ops"]);
    assert.deepEqual(bySession.stdout.trimEnd().split("\n").map((l) => JSON.parse(l).content), [
      "two",
      "four",
    ]);
    const byThread = await ccIn(env, ["tail", "--no-follow", "--json", "--thread", "t1"]);
    assert.deepEqual(byThread.stdout.trimEnd().split("\n").map((l) => JSON.parse(l).content), [
      "three\nsecond line",
    ]);
    const byProject = await ccIn(env, ["tail", "--no-follow", "--json", "--project", "web"]);
    assert.deepEqual(byProject.stdout.trimEnd().split("\n").map((l) => JSON.parse(l).content), [
      "one",
      "three\nsecond line",
      "four",
    ]);
    const none = await ccIn(env, ["tail", "--no-follow", "-n", "0"]);
    assert.deepEqual([none.code, none.stdout], [0, ""]);
  } finally {
    await Promise.all(peers.map((p) => p.close()));
    await t.cleanup();
  }
});

Deno.test("cli tail: follows new traffic and leaves every delivery to its recipient", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  const first = await ChannelPeer.start({ env: t.env, name: "backend" });
  await first.close(); // offline: its mail waits in the bus while tail watches
  const tail = startIn(env, ["tail", "--json", "--session", "backend"]);
  const lines = async (n: number) => {
    const text = await tail.waitFor((out) => out.split("\n").length > n);
    return text.trimEnd().split("\n").map((l) => JSON.parse(l));
  };
  let again: ChannelPeer | undefined;
  try {
    // The first line is the marker that tail runs; the second was sent after it, so it
    // can only have come by following.
    await sendAll(env, [["backend", "seen by tail first"]]);
    await lines(1);
    await sendAll(env, [["backend", "and again"]]);
    assert.deepEqual((await lines(2)).map((m) => m.content), ["seen by tail first", "and again"]);
    assert.equal(await unclaimed(t.ccDmHome, "backend"), 2, "tail claimed nothing");

    again = await ChannelPeer.start({ env: t.env, name: "backend" });
    const events = await again.waitForEvents(2);
    assert.deepEqual(events.map((e) => e.content), ["seen by tail first", "and again"]);

    const reply = await again.call("dm", {
      to: "cli:alice",
      content: "got both",
      in_reply_to: events[1].meta.message_id,
    });
    assert.equal(reply.isError, false, reply.text);
    const third = (await lines(3))[2];
    assert.equal(third.content, "got both");
    assert.equal(third.in_reply_to, events[1].meta.message_id);

    tail.interrupt();
    assert.equal((await tail.done).code, 130);
  } finally {
    tail.interrupt();
    await tail.done;
    await again?.close();
    await t.cleanup();
  }
});

Deno.test("cli tail | head: ends promptly with exit 0, also when no traffic follows", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  const peer = await ChannelPeer.start({ env: t.env, name: "backend" });
  try {
    await sendAll(env, [["backend", "m1"], ["backend", "m2"], ["backend", "m3"], ["backend", "m4"]]);
    const quoted = [Deno.execPath(), ...cliArgs(["tail"])].map((a) => `'${a}'`).join(" ");
    for (const n of ["4", "3"]) {
      // -n 4: the write after head exits fails (EPIPE). -n 3: nothing more is written, so
      // tail must notice the closed pipe by itself.
      const script = `${quoted} -n ${n} | head -3; echo "tail=\${PIPESTATUS[0]}" >&2`;
      const started = Date.now();
      const out = await new Deno.Command("bash", {
        args: ["-c", script],
        env,
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      })
        .output();
      const elapsed = Date.now() - started;
      const stderr = new TextDecoder().decode(out.stderr);
      assert.equal(new TextDecoder().decode(out.stdout).trimEnd().split("\n").length, 3);
      assert.match(stderr, /tail=0\n$/, stderr);
      assert.ok(elapsed < 5000, `-n ${n}: took ${elapsed} ms`);
    }
  } finally {
    await peer.close();
    await t.cleanup();
  }
});
