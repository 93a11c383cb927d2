// wait (a peer's state), inbox (a person's unread mail) and send --when-idle.
import assert from "node:assert/strict";
import { run as inbox } from "../cmd/inbox.ts";
import { run as wait } from "../cmd/wait.ts";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { bufferIo } from "./helpers/buffer_io.ts";
import { type TempHome, tempHome } from "./helpers/temp_home.ts";
import { cc, ccIn, spawnCli, startIn, withUser } from "./cli_run.ts";
import { storedMessages, undelivered } from "./helpers/bus_reads.ts";

const SESSION = "5f0c8e9a-0000-4000-8000-0000000000bb";

function pullPeer(t: TempHome, name: string) {
  return ChannelPeer.start({
    env: t.env,
    name,
    extraEnv: { CC_DM_PUSH: "never", CLAUDE_CODE_SESSION_ID: SESSION },
  });
}

/** Run the hook Claude Code would run for `event`, so the session's state changes. */
async function hookEvent(t: TempHome, event: "UserPromptSubmit" | "Stop") {
  const stdin = JSON.stringify({ session_id: SESSION, hook_event_name: event, cwd: "/tmp" });
  const out = await ccIn(t.env, ["hook", event === "Stop" ? "stop" : "user-prompt-submit"], { stdin });
  assert.equal(out.code, 0, out.stderr);
}

Deno.test("wait: times out with exit 3 while busy, returns when the session goes idle", async () => {
  const t = await tempHome();
  const peer = await pullPeer(t, "backend");
  try {
    await hookEvent(t, "UserPromptSubmit");
    const late = await ccIn(t.env, ["wait", "backend", "--idle", "--timeout", "0.5"]);
    assert.equal(late.code, 3, late.stderr);
    assert.equal(late.stdout, "");
    assert.match(
      late.stderr,
      /^Error: "backend" is still busy, not idle, after 0\.5 s\nTry: .*cc-dm peek backend/,
    );

    const waiter = spawnCli(t.env, ["wait", "backend", "--json", "--timeout", "60"]);
    await hookEvent(t, "Stop");
    const out = await waiter.output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const reached = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.deepEqual([reached.name, reached.state], ["backend", "idle"]);
    assert.equal(typeof reached.waited_ms, "number");
  } finally {
    await peer.close();
    await t.cleanup();
  }
});

Deno.test("wait (in-process): offline state, unknown names, bad flags", async () => {
  const t = await tempHome();
  const peer = await pullPeer(t, "backend");
  try {
    const unknown = bufferIo(t.env);
    await assert.rejects(wait(["bakcend"], unknown), /No session named "bakcend" has ever registered/);
    await assert.rejects(
      wait(["backend", "--state", "sleepy"], bufferIo(t.env)),
      /--state "sleepy": expected one of/,
    );
    await assert.rejects(wait([], bufferIo(t.env)), /missing the session name/);
    // Without hooks the state is unknown: said once on stderr, and a timeout still ends the wait.
    const blind = bufferIo(t.env);
    await assert.rejects(
      wait(["backend", "--timeout", "0.3"], blind),
      (e: Error & { exitCode?: number }) => e.exitCode === 3,
    );
    assert.match(blind.err(), /state of "backend" is unknown .*setup --hooks/);
    await peer.close();
    const gone = bufferIo(t.env);
    assert.equal(await wait(["backend", "--state", "offline", "--timeout", "10"], gone), 0);
    assert.equal(gone.out(), "backend offline\n");
  } finally {
    await peer.close();
    await t.cleanup();
  }
});

Deno.test("inbox: unread messages to cli:<you>, marked read, --json; empty on a fresh machine", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  const fresh = bufferIo(env);
  assert.equal(await inbox(["--json"], fresh), 0);
  assert.deepEqual(JSON.parse(fresh.out()), { for: "cli:alice", messages: [], count: 0 });
  const peer = await ChannelPeer.start({ env: t.env, name: "backend" });
  try {
    assert.equal((await ccIn(env, ["send", "backend", "ping"])).code, 0);
    assert.equal((await peer.call("dm", { to: "cli:alice", content: "first" })).isError, false);
    assert.equal((await peer.call("dm", { to: "cli:alice", content: "second\nline two" })).isError, false);

    // As a person runs it: its own process.
    const text = await cc(env, ["inbox"]);
    assert.equal(text.code, 0, text.stderr);
    const lines = text.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 3, text.stdout);
    assert.match(lines[0], /#\d+ {2}backend -> cli:alice {2}first$/);
    assert.match(lines[1], /backend -> cli:alice {2}second$/);
    assert.equal(lines[2], "    line two");

    const again = bufferIo(env);
    assert.equal(await inbox([], again), 0);
    assert.deepEqual([again.out(), again.err()], ["", "No unread messages for cli:alice.\n"]);

    assert.equal((await peer.call("dm", { to: "cli:alice", content: "third" })).isError, false);
    const json = bufferIo(env);
    assert.equal(await inbox(["--json"], json), 0);
    const doc = JSON.parse(json.out());
    assert.deepEqual([doc.for, doc.count, doc.messages[0].content, doc.messages[0].from], [
      "cli:alice",
      1,
      "third",
      "backend",
    ]);
    assert.equal(await undelivered(t.ccDmHome, "cli:alice"), 0);
    // Someone else's inbox is theirs.
    const bob = bufferIo(withUser(t.env, "bob"));
    assert.equal(await inbox([], bob), 0);
    assert.equal(bob.out(), "");
  } finally {
    await peer.close();
    await t.cleanup();
  }
});

Deno.test("inbox: a reply that comes after ask timed out waits there; a running ask keeps its reply", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  const peer = await ChannelPeer.start({ env: t.env, name: "backend" });
  try {
    const asked = await ccIn(env, ["ask", "backend", "port?", "--timeout", "0.5"]);
    assert.equal(asked.code, 3);
    assert.match(asked.stderr, /Try: .*a later reply waits for you: cc-dm inbox\n$/);
    await peer.waitForEvents(1, 20_000);
    const question = peer.events[0];
    await peer.call("dm", { to: "cli:alice", content: "8080", in_reply_to: question.meta.message_id });
    const later = await ccIn(env, ["inbox", "--json"]);
    assert.equal(later.code, 0, later.stderr);
    const doc = JSON.parse(later.stdout);
    assert.deepEqual([doc.count, doc.messages[0].content, doc.messages[0].in_reply_to], [
      1,
      "8080",
      question.meta.message_id,
    ]);

    // While an ask holds cli:alice, inbox refuses rather than take the reply from under it.
    const asking = startIn(env, ["ask", "backend", "still there?", "--timeout", "60"]);
    while (peer.events.length < 2) await peer.waitForEvents(2, 20_000);
    const held = await ccIn(env, ["inbox"]);
    assert.equal(held.code, 1);
    assert.match(held.stderr, /cli:alice is held by a running cc-dm ask/);
    await peer.call("dm", { to: "cli:alice", content: "yes", in_reply_to: peer.events[1].meta.message_id });
    assert.equal((await asking.done).stdout, "yes\n");
  } finally {
    await peer.close();
    await t.cleanup();
  }
});

Deno.test("send --when-idle: held while the session is busy, sent when it goes idle; a timeout sends nothing", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  const peer = await pullPeer(t, "backend");
  const count = async () => (await storedMessages(t.ccDmHome)).length;
  try {
    await hookEvent(t, "UserPromptSubmit");
    const late = await ccIn(env, ["send", "backend", "not now", "--when-idle", "--timeout", "0.5"]);
    assert.equal(late.code, 3);
    assert.match(late.stderr, /holding the message until it is idle/);
    assert.match(late.stderr, /still busy after 0\.5 s; nothing was sent/);
    assert.equal(await count(), 0);

    const sender = startIn(env, ["send", "backend", "when you are free", "--when-idle"]);
    // Positive marker: it holds.
    const held = await sender.waitFor((err) => err.includes("\n"), { stream: "err", timeoutMs: 20_000 });
    assert.match(held, /^cc-dm: backend is busy; holding/);
    assert.equal(await count(), 0);
    await hookEvent(t, "Stop");
    const result = await sender.done;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^sent \d+ to backend \(live, inbox\)\n$/);
    assert.equal(await count(), 1);
  } finally {
    await peer.close();
    await t.cleanup();
  }
});

Deno.test("ask progress: a line redrawn on stderr only when it is a terminal, erased before the reply", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  const peer = await pullPeer(t, "backend");
  const { run: ask } = await import("../cmd/ask.ts");
  try {
    await hookEvent(t, "UserPromptSubmit");
    let err = "";
    // The pull-mode session answers from its inbox tool, as its model would: once the question
    // is there and, on a terminal, once the progress line has been drawn (the positive marker).
    const answer = async (drawn: () => boolean) => {
      for (let i = 0; i < 400; i++) {
        const messages = (await peer.call("inbox")).data?.messages as { message_id: string }[];
        if (messages.length) {
          while (!drawn()) await new Promise((r) => setTimeout(r, 25));
          return await peer.call("dm", {
            to: "cli:alice",
            content: "42",
            in_reply_to: messages[0].message_id,
          });
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error("the question never arrived");
    };
    const terminal = { ...bufferIo(env), stderrIsTty: true };
    terminal.stderr = (text) => (err += text);
    let out = "";
    terminal.stdout = (text) => (out += text);
    const [code] = await Promise.all([
      ask(["backend", "answer?", "--timeout", "30"], terminal),
      answer(() => err.includes("Ctrl-C to stop")),
    ]);
    assert.equal(code, 0);
    assert.equal(out, "42\n");
    assert.match(
      err,
      // deno-lint-ignore no-control-regex
      /\r\x1b\[Kcc-dm: waiting for the reply to #\d+: backend is live, busy · \d+s · Ctrl-C to stop/,
    );
    assert.ok(err.endsWith("\r\x1b[K"), "the line is erased at the end");

    const piped = bufferIo(env);
    const [plain] = await Promise.all([
      ask(["backend", "again?", "--timeout", "30"], piped),
      answer(() => true),
    ]);
    assert.equal(plain, 0);
    assert.equal(piped.err(), "", "no progress when stderr is not a terminal");
  } finally {
    await peer.close();
    await t.cleanup();
  }
});
