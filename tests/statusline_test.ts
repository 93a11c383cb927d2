// cc-dm statusline (Claude Code's statusLine command) and setup --statusline.
import assert from "node:assert/strict";
import { join } from "node:path";
import { statusLine } from "../cmd/statusline.ts";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { tempHome } from "./helpers/temp_home.ts";
import { cc, ccIn, withUser } from "./cli_run.ts";

const SESSION = "5f0c8e9a-0000-4000-8000-0000000000dd";
const INPUT = JSON.stringify({ session_id: SESSION, cwd: "/tmp", model: { id: "x" }, workspace: {} });

Deno.test("statusline: name, delivery, unread count and live peers of this session", async () => {
  const t = await tempHome();
  assert.equal(await statusLine(INPUT, t.env), "", "no bus: nothing");
  const me = await ChannelPeer.start({
    env: t.env,
    name: "backend",
    extraEnv: { CC_DM_PUSH: "never", CLAUDE_CODE_SESSION_ID: SESSION },
  });
  const other = await ChannelPeer.start({ env: t.env, name: "planner" });
  const elsewhere = await ChannelPeer.start({ env: t.env, name: "web-only", project: "web" });
  try {
    // backend is untagged: it reaches planner and web-only.
    assert.equal(await statusLine(INPUT, t.env), "cc-dm backend · inbox · 0 unread · 2 peers");
    await ccIn(withUser(t.env, "alice"), ["send", "backend", "one"]);
    await ccIn(withUser(t.env, "alice"), ["send", "backend", "two"]);
    // As Claude Code runs it: its own process.
    const out = await cc(t.env, ["statusline"], { stdin: INPUT });
    assert.deepEqual([out.code, out.stdout, out.stderr], [
      0,
      "cc-dm backend · inbox · 2 unread · 2 peers\n",
      "",
    ]);
    await other.close();
    assert.equal(await statusLine(INPUT, t.env), "cc-dm backend · inbox · 2 unread · 1 peer");

    const stranger = await ccIn(t.env, ["statusline"], { stdin: JSON.stringify({ session_id: "other" }) });
    assert.deepEqual([stranger.code, stranger.stdout], [0, "cc-dm: not registered\n"]);
    const garbage = await ccIn(t.env, ["statusline"], { stdin: "not json {" });
    assert.deepEqual([garbage.code, garbage.stderr], [0, ""]);
  } finally {
    await me.close();
    await other.close();
    await elsewhere.close();
    await t.cleanup();
  }
});

Deno.test("statusline: silent on a broken bus", async () => {
  const t = await tempHome();
  try {
    await Deno.mkdir(t.ccDmHome, { recursive: true, mode: 0o700 });
    await Deno.writeTextFile(join(t.ccDmHome, "bus.db"), "this is not a database, just text ".repeat(200));
    const out = await ccIn(t.env, ["statusline"], { stdin: INPUT });
    assert.deepEqual([out.code, out.stdout, out.stderr], [0, "", ""]);
  } finally {
    await t.cleanup();
  }
});

Deno.test("setup --statusline: adds, is idempotent, never replaces another one silently, --force and --uninstall", async () => {
  const t = await tempHome();
  const settings = join(t.home, ".claude", "settings.json");
  const read = async () => JSON.parse(await Deno.readTextFile(settings));
  try {
    await Deno.mkdir(join(t.home, ".claude"));
    const mine = { type: "command", command: "~/bin/my-status.sh" };
    await Deno.writeTextFile(settings, JSON.stringify({ model: "opus", statusLine: mine }));

    const refused = await ccIn(t.env, ["setup", "--statusline"]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /already has a statusLine \(.*my-status\.sh.*\); cc-dm does not replace it/);
    assert.match(refused.stderr, /Try: .*--statusline --force/);
    assert.deepEqual((await read()).statusLine, mine, "left alone");

    const dry = await ccIn(t.env, ["setup", "--statusline", "--force", "--dry-run"]);
    assert.match(dry.stdout, /^Would replace the status line/);
    assert.deepEqual((await read()).statusLine, mine);

    const forced = await ccIn(t.env, ["setup", "--statusline", "--force"]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /it replaced: \{"type":"command","command":"~\/bin\/my-status\.sh"\}/);
    const written = await read();
    assert.equal(written.model, "opus");
    assert.equal(written.statusLine.type, "command");
    assert.match(written.statusLine.command, /(main\.ts|cc-dm) statusline$/);

    // The command works as Claude Code runs it (sh -c, JSON on stdin).
    const probe = await new Deno.Command("sh", {
      args: ["-c", written.statusLine.command],
      env: t.env,
      clearEnv: true,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const w = probe.stdin.getWriter();
    await w.write(new TextEncoder().encode(INPUT));
    await w.close();
    const probed = await probe.output();
    assert.deepEqual([probed.code, probed.stderr.length], [0, 0]);

    const again = await ccIn(t.env, ["setup", "--statusline"]);
    assert.match(again.stdout, /already in .*nothing to change/);

    const removed = await ccIn(t.env, ["setup", "--statusline", "--uninstall"]);
    assert.match(removed.stdout, /^Removed cc-dm's status line/);
    assert.deepEqual(await read(), { model: "opus" });
    const fresh = await ccIn(t.env, ["setup", "--statusline"]);
    assert.match(fresh.stdout, /^Added cc-dm's status line/);
  } finally {
    await t.cleanup();
  }
});
