// cc-dm peek: the last assistant text blocks of a session's transcript.
import assert from "node:assert/strict";
import { join } from "node:path";
import { run as peek } from "../cmd/peek.ts";
import { assistantTexts } from "../lib/claude_code/transcript_peek.ts";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { bufferIo } from "./helpers/buffer_io.ts";
import { tempHome } from "./helpers/temp_home.ts";
import { cc, ccIn } from "./cli_run.ts";
import { readBus } from "./helpers/bus_reads.ts";

const SESSION = "5f0c8e9a-0000-4000-8000-0000000000cc";

function transcript(texts: string[]): string {
  const lines = [
    JSON.stringify({ type: "user", message: { role: "user", content: "hello" } }),
    "not json",
  ];
  texts.forEach((text, i) => {
    lines.push(JSON.stringify({
      type: "assistant",
      timestamp: `2026-01-01T00:00:0${i}.000Z`,
      message: {
        role: "assistant",
        content: [{ type: "text", text }, { type: "tool_use", name: "Bash", input: {} }],
      },
    }));
    lines.push(
      JSON.stringify({ type: "user", message: { content: [{ type: "tool_result", content: "ok" }] } }),
    );
  });
  return lines.join("\n") + "\n";
}

Deno.test("peek: the last N assistant texts of the transcript the hooks reported", async () => {
  const t = await tempHome();
  const peer = await ChannelPeer.start({
    env: t.env,
    name: "backend",
    extraEnv: { CC_DM_PUSH: "never", CLAUDE_CODE_SESSION_ID: SESSION },
  });
  try {
    const file = join(t.home, "session.jsonl");
    await Deno.writeTextFile(file, transcript(["one", "two", "three\nwith a second line"]));
    const stdin = JSON.stringify({ session_id: SESSION, hook_event_name: "Stop", transcript_path: file });
    assert.equal((await ccIn(t.env, ["hook", "stop"], { stdin })).code, 0);

    const io = bufferIo(t.env);
    assert.equal(await peek(["backend", "-n", "2"], io), 0);
    // The same from its own process, as a person runs it.
    const real = await cc(t.env, ["peek", "backend", "-n", "2"]);
    assert.deepEqual([real.code, real.stdout], [0, io.out()], real.stderr);
    const out = io.out().split("\n");
    assert.equal(out.length, 7, io.out());
    assert.match(out[0], /^-- \d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.deepEqual([out[1], out[2], out[4], out[5], out[6]], [
      "two",
      "",
      "three",
      "with a second line",
      "",
    ]);
    assert.match(out[3], /^-- /);

    const json = bufferIo(t.env);
    assert.equal(await peek(["backend", "--json"], json), 0);
    const doc = JSON.parse(json.out());
    assert.deepEqual(doc.blocks.map((b: { text: string }) => b.text), [
      "one",
      "two",
      "three\nwith a second line",
    ]);
    assert.equal(doc.transcript, file);
    assert.equal(doc.blocks[0].at, "2026-01-01T00:00:00.000Z");
  } finally {
    await peer.close();
    await t.cleanup();
  }
});

Deno.test("peek: without hooks, Claude Code's own transcript place; refusals say why", async () => {
  const t = await tempHome();
  const cwd = await Deno.makeTempDir({ dir: t.home, prefix: "proj." });
  const peer = await ChannelPeer.start({
    env: t.env,
    name: "backend",
    cwd,
    extraEnv: { CLAUDE_CODE_SESSION_ID: SESSION },
  });
  try {
    const missing = bufferIo(t.env);
    await assert.rejects(
      peek(["backend"], missing),
      /No transcript for "backend" at .*\.jsonl \(not written yet/,
    );

    const dir = join(t.home, ".claude", "projects", cwd.replace(/[^a-zA-Z0-9]/g, "-"));
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(join(dir, `${SESSION}.jsonl`), transcript(["derived"]));
    const io = bufferIo(t.env);
    assert.equal(await peek(["backend", "-n", "1"], io), 0);
    assert.match(io.out(), /\nderived\n$/);

    await assert.rejects(peek(["nobody"], bufferIo(t.env)), /No session named "nobody"/);
    await assert.rejects(peek(["backend", "-n", "0"], bufferIo(t.env)), /-n "0": expected a whole number/);
    await ccIn({ ...t.env, USER: "alice" }, ["send", "backend", "hi"]);
    await assert.rejects(peek(["cli:alice"], bufferIo(t.env)), /a person or script, not a Claude session/);

    // The same holder, as seen from another machine: its row names another host.
    await readBus(t.ccDmHome, async (bus) => {
      const row = (await bus.session("backend"))!;
      await bus.claimSession({ ...row, pid: row.pid!, instance: row.instance!, host: "elsewhere" });
    }, true);
    await assert.rejects(peek(["backend"], bufferIo(t.env)), /runs on elsewhere, not on this machine/);
  } finally {
    await peer.close();
    await t.cleanup();
  }
});

Deno.test("assistantTexts: only text blocks of assistant entries, blank ones skipped", () => {
  const lines = transcript(["a", "  ", "b"]).split("\n");
  assert.deepEqual(assistantTexts(lines).map((b) => b.text), ["a", "b"]);
});
