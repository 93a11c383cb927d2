// Defects 4, 8 and 10 of issue 13: bytes that cannot be stored as sent are refused clearly;
// read-only commands work under a held write lock and a lock is named as one; an endless
// JSON-RPC line is bounded and answered.
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { MAX_LINE_CHARS } from "../lib/mcp/stdio_transport.ts";
import { inProcessPeer } from "./helpers/channel_harness.ts";
import { tempHome } from "./helpers/temp_home.ts";
import { cc, ccIn, cliArgs, LineReader } from "./cli_run.ts";
import { storedMessages } from "./helpers/bus_reads.ts";

Deno.test("NUL, invalid UTF-8 and lone surrogates are refused with the reason; nothing is stored", async () => {
  const t = await tempHome();
  const rx = await inProcessPeer({ env: t.env, name: "rx" });
  const tx = await inProcessPeer({ env: t.env, name: "tx" });
  try {
    const tool = await tx.call("dm", { to: "rx", content: "a\0b" });
    assert.equal(tool.isError, true);
    assert.match(tool.text, /NUL character \(U\+0000\) at character 1/);
    const surrogate = await tx.call("dm", { to: "rx", content: "x\ud800y" });
    assert.equal(surrogate.isError, true);
    assert.match(surrogate.text, /lone UTF-16 surrogate at character 1/);

    const nul = await ccIn(t.env, ["send", "rx"], { stdin: new Uint8Array([0x61, 0, 0x62]) });
    assert.equal(nul.code, 1);
    assert.match(nul.stderr, /NUL character/);
    const latin1 = await ccIn(t.env, ["send", "rx"], { stdin: new Uint8Array([0x63, 0x61, 0x66, 0xe9]) });
    assert.equal(latin1.code, 1);
    assert.match(latin1.stderr, /stdin is not valid UTF-8 \(byte 0xe9 at offset 3\)/);
    // argv bytes that are not UTF-8 (Deno would turn them into U+FFFD).
    const argv = await new Deno.Command("sh", {
      args: ["-c", `exec "$0" "$@" "$(printf 'caf\\351')"`, Deno.execPath(), ...cliArgs(["send", "rx"])],
      env: t.env,
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(argv.code, 1);
    assert.match(
      new TextDecoder().decode(argv.stderr),
      /an argument is not valid UTF-8 \(byte 0xe9 at offset 3/,
    );
    // A real U+FFFD is text like any other.
    assert.equal((await ccIn(t.env, ["send", "rx", "a \uFFFD b"])).code, 0);
    const [event] = await rx.waitForEvents(1, 10_000);
    assert.equal(event.content, "a \uFFFD b");
    assert.deepEqual((await storedMessages(t.ccDmHome)).map((r) => r.content), [
      "a \uFFFD b",
    ]);
  } finally {
    await Promise.all([rx.close(), tx.close()]);
    await t.cleanup();
  }
});

Deno.test("under a held write lock: who, tail and hooks work; send and dm say 'locked', not an internal error", async () => {
  const t = await tempHome();
  const tx = await inProcessPeer({ env: t.env, name: "tx" });
  const db = new DatabaseSync(join(t.ccDmHome, "bus.db"));
  try {
    assert.equal((await ccIn(t.env, ["send", "--queue", "rx", "hello"])).code, 0);
    db.exec("BEGIN IMMEDIATE");
    db.exec("UPDATE sessions SET last_seen = last_seen");
    const started = Date.now();
    const [who, tail, hook, send, dm] = await Promise.all([
      cc(t.env, ["who", "--json"]),
      cc(t.env, ["tail", "--no-follow"]),
      cc(t.env, ["hook", "post-tool-use"], {
        stdin: JSON.stringify({ session_id: "s1", hook_event_name: "PostToolUse" }),
      }),
      cc(t.env, ["send", "tx", "while locked"]),
      tx.call("dm", { to: "rx", content: "while locked", queue: true }),
    ]);
    db.exec("ROLLBACK");
    assert.equal(who.code, 0, who.stderr);
    assert.equal(JSON.parse(who.stdout).sessions[0].name, "tx");
    assert.equal(tail.code, 0, tail.stderr);
    assert.match(tail.stdout, /hello/);
    assert.equal(hook.code, 0, hook.stderr);
    assert.equal(send.code, 1);
    assert.match(send.stderr, /locked by another process/);
    assert.equal(dm.isError, true);
    assert.match(dm.text, /locked by another process/);
    assert.doesNotMatch(dm.text, /internal error/);
    assert.ok(Date.now() - started < 20_000);
    assert.deepEqual((await storedMessages(t.ccDmHome)).map((r) => r.content), ["hello"]);
  } finally {
    try {
      db.exec("ROLLBACK");
    } catch { /* done */ }
    db.close();
    await tx.close();
    await t.cleanup();
  }
});

Deno.test("a JSON-RPC line over the limit gets an error answer to its id, and the channel goes on", async () => {
  const t = await tempHome();
  const child = new Deno.Command(Deno.execPath(), {
    args: cliArgs(["channel"]),
    env: { ...t.env, CC_DM_SESSION_NAME: "rx" },
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const out = new LineReader(child.stdout);
  const writer = child.stdin.getWriter();
  const enc = new TextEncoder();
  try {
    await writer.write(enc.encode(
      JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "0" } },
      }) + "\n",
    ));
    await out.waitForLines(1, 15_000);
    const started = performance.now();
    // 8 Mi characters in one line, written in pieces as a runaway client would.
    await writer.write(
      enc.encode(
        `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"dm","arguments":{"content":"`,
      ),
    );
    const piece = enc.encode("x".repeat(1024 * 1024));
    for (let i = 0; i < 8; i++) await writer.write(piece);
    await writer.write(
      enc.encode(`"}}}\n` + JSON.stringify({ jsonrpc: "2.0", id: 8, method: "ping" }) + "\n"),
    );
    const lines = await out.waitForLines(3, 15_000);
    const answers = lines.slice(1).map((l) => JSON.parse(l));
    const seven = answers.find((a) => a.id === 7);
    assert.equal(seven?.error?.code, -32600);
    assert.match(seven.error.message, new RegExp(`over the limit of ${MAX_LINE_CHARS}`));
    assert.deepEqual(answers.find((a) => a.id === 8)?.result, {});
    assert.ok(performance.now() - started < 10_000, "answered promptly");
  } finally {
    await writer.close().catch(() => {});
    await out.cancel();
    await child.status;
    await t.cleanup();
  }
});
