// cc-dm who --watch: a live view (redrawn on a terminal, one line per change otherwise).
import assert from "node:assert/strict";
import { watchWho } from "../cmd/who_watch.ts";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { bufferIo } from "./helpers/buffer_io.ts";
import { tempHome } from "./helpers/temp_home.ts";
import { ccIn } from "./cli_run.ts";

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`never saw ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

Deno.test("who --watch, piped: one line per change, from a fresh machine on", async () => {
  const t = await tempHome();
  const io = bufferIo(t.env);
  const stop = new AbortController();
  const watching = watchWho(io, {
    includeOffline: false,
    viewerProject: undefined,
    signal: stop.signal,
    refreshMs: 50,
  });
  let peer: ChannelPeer | undefined;
  try {
    peer = await ChannelPeer.start({ env: t.env, name: "backend" });
    await until(() => /backend live unknown queued 0\n/.test(io.out()), "backend live");
    assert.equal((await peer.call("status", { text: "on it" })).isError, false);
    await until(() => io.out().includes('backend live unknown queued 0 status "on it"\n'), "the status");
    await peer.close();
    await until(() => /backend gone\n$/.test(io.out()), "backend gone");
    const lines = io.out().trimEnd().split("\n");
    assert.equal(lines.length, 3, io.out());
    for (const line of lines) assert.match(line, /^\d\d-\d\d \d\d:\d\d:\d\d {2}backend /);
  } finally {
    stop.abort();
    assert.equal(await watching, 0);
    await peer?.close();
    await t.cleanup();
  }
});

Deno.test("who --watch on a terminal: the table redrawn in place", async () => {
  const t = await tempHome();
  const peer = await ChannelPeer.start({ env: t.env, name: "backend" });
  const io = { ...bufferIo(t.env), stdoutIsTty: true };
  let out = "";
  io.stdout = (text: string) => (out += text);
  const stop = new AbortController();
  const watching = watchWho(io, {
    includeOffline: false,
    viewerProject: undefined,
    signal: stop.signal,
    refreshMs: 50,
  });
  try {
    await until(() => out.split("\x1b[H\x1b[2J").length >= 3, "two redraws");
    const frame = out.split("\x1b[H\x1b[2J")[1];
    assert.match(frame, /^cc-dm who --watch · .* · Ctrl-C to stop\n\nNAME +ROLE/);
    assert.match(frame, /\nbackend +worker /);
  } finally {
    stop.abort();
    assert.equal(await watching, 0);
    await peer.close();
    await t.cleanup();
  }
  const both = await ccIn(t.env, ["who", "--watch", "--json"]);
  assert.equal(both.code, 2);
});
