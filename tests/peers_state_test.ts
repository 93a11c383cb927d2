// Sessions say what they are doing: state kept by the hooks on the session row, the status tool,
// and `who` (CLI and tool) showing both.
import assert from "node:assert/strict";
import { SqliteEngine } from "../lib/bus/sqlite/engine.ts";
import type { SessionClaim } from "../lib/bus/bus.ts";
import { STATUS_FRESH_MS } from "../lib/hook/session_state.ts";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { type TempHome, tempHome } from "./helpers/temp_home.ts";
import { cc, ccIn } from "./cli_run.ts";
import { sessionRow } from "./helpers/bus_reads.ts";

const SESSION = "5f0c8e9a-0000-4000-8000-0000000000aa";

function claim(name: string, instance: string): SessionClaim {
  return {
    name,
    role: "worker",
    project: "",
    kind: "claude",
    pid: Deno.pid,
    pidStart: null,
    host: "h",
    instance,
    cwd: "/tmp",
    claudeSessionId: null,
    delivery: "inbox",
    deliveryReason: "test",
    acceptFrom: null,
    rejectFrom: null,
  };
}

/** A bus whose engine clock reads `at(ms)`: the test sets the time of each write. */
async function timedBus(t: TempHome) {
  let now = 0;
  const bus = await new SqliteEngine(t.ccDmHome).open({ clock: { now: () => now } });
  return { bus, at: (ms: number) => (now = ms, bus) };
}

Deno.test("bus state: set once per change, kept by its holder, reset for a new holder", async () => {
  const t = await tempHome();
  const { bus, at } = await timedBus(t);
  try {
    await at(1000).claimSession(claim("backend", "i1"));
    assert.equal((await bus.session("backend"))!.state, null, "unknown until a hook says");
    assert.equal(await at(2000).setState("backend", "busy", { transcriptPath: "/t.jsonl" }), true);
    assert.equal(await at(3000).setState("backend", "busy"), true, "same state: still held");
    let row = (await bus.session("backend"))!;
    assert.deepEqual([row.state, row.stateSince, row.transcriptPath], ["busy", 2000, "/t.jsonl"]);
    assert.equal(await at(4000).setState("backend", "idle"), true);
    row = (await bus.session("backend"))!;
    assert.deepEqual([row.state, row.stateSince, row.transcriptPath], ["idle", 4000, "/t.jsonl"]);

    assert.equal(await bus.setStatus("backend", "other-instance", "x"), false);
    assert.equal(await bus.setStatus("backend", "i1", "migrating"), true);
    // Renewing its own claim (register again) keeps what its hooks said.
    await at(5000).claimSession(claim("backend", "i1"));
    assert.equal((await bus.session("backend"))!.statusText, "migrating");
    // A new process taking the name starts unknown, without the old status.
    await at(6000).leaveSession("backend", "i1");
    assert.equal(await at(6500).setState("backend", "busy"), false, "offline: nothing recorded");
    await at(7000).claimSession(claim("backend", "i2"));
    row = (await bus.session("backend"))!;
    assert.deepEqual([row.state, row.statusText, row.transcriptPath], [null, null, null]);
  } finally {
    await bus.close();
    await t.cleanup();
  }
});

Deno.test("bus state: going idle clears a stale status, keeps a fresh one", async () => {
  const t = await tempHome();
  const { bus, at } = await timedBus(t);
  try {
    await at(0).claimSession(claim("a", "i1"));
    await at(1000).setStatus("a", "i1", "old news");
    await at(STATUS_FRESH_MS + 5000).setState("a", "idle", { statusFreshMs: STATUS_FRESH_MS });
    assert.equal((await bus.session("a"))!.statusText, null);
    await at(STATUS_FRESH_MS + 10_000).setStatus("a", "i1", "fresh");
    await at(STATUS_FRESH_MS + 11_000).setState("a", "busy", { statusFreshMs: STATUS_FRESH_MS });
    await at(STATUS_FRESH_MS + 12_000).setState("a", "idle", { statusFreshMs: STATUS_FRESH_MS });
    assert.equal((await bus.session("a"))!.statusText, "fresh");
  } finally {
    await bus.close();
    await t.cleanup();
  }
});

function hookInput(event: string, extra: Record<string, string> = {}): string {
  return JSON.stringify({
    session_id: SESSION,
    hook_event_name: event,
    cwd: "/tmp",
    transcript_path: "/tmp/transcript.jsonl",
    ...extra,
  });
}

async function whoState(t: TempHome, name: string) {
  const out = await ccIn(t.env, ["who", "--json"]);
  assert.equal(out.code, 0, out.stderr);
  return JSON.parse(out.stdout).sessions.find((s: { name: string }) => s.name === name);
}

Deno.test("hooks keep the state: unknown, busy, idle, waiting; who shows it, offline after exit", async () => {
  const t = await tempHome();
  const peer = await ChannelPeer.start({
    env: t.env,
    name: "backend",
    extraEnv: { CC_DM_PUSH: "never", CLAUDE_CODE_SESSION_ID: SESSION },
  });
  try {
    let s = await whoState(t, "backend");
    assert.deepEqual([s.state, s.state_since], ["unknown", null], "no hook ran: unknown, not idle");

    const hook = (args: string[], stdin: string) => cc(t.env, ["hook", ...args], { stdin });
    assert.equal((await hook(["user-prompt-submit"], hookInput("UserPromptSubmit"))).code, 0);
    s = await whoState(t, "backend");
    assert.equal(s.state, "busy");
    const since = s.state_since;
    assert.match(since, /Z$/);
    assert.equal((await hook(["post-tool-use"], hookInput("PostToolUse"))).code, 0);
    assert.equal((await whoState(t, "backend")).state_since, since, "still busy: unchanged");

    const waiting = await hook(
      ["notification"],
      hookInput("Notification", { notification_type: "permission_prompt" }),
    );
    assert.deepEqual([waiting.code, waiting.stdout], [0, ""]);
    assert.equal((await whoState(t, "backend")).state, "waiting");
    await hook(["notification"], hookInput("Notification", { notification_type: "idle_prompt" }));
    assert.equal((await whoState(t, "backend")).state, "waiting", "other notices say nothing");

    assert.equal((await hook(["stop"], hookInput("Stop"))).code, 0);
    assert.equal((await whoState(t, "backend")).state, "idle");
    assert.equal((await sessionRow(t.ccDmHome, "backend"))?.transcriptPath, "/tmp/transcript.jsonl");

    const table = await ccIn(t.env, ["who"]);
    assert.match(table.stdout.split("\n")[1], /^backend +(\S+ +\S+ +)?worker +- +live +idle \d+s +inbox /);
  } finally {
    await peer.close();
  }
  try {
    const all = JSON.parse((await ccIn(t.env, ["who", "--all", "--json"])).stdout);
    assert.equal(all.count, 0, "offline without mail: not listed");
    await ccIn({ ...t.env, USER: "alice" }, ["send", "backend", "later"]);
    const offline = (JSON.parse((await ccIn(t.env, ["who", "--all", "--json"])).stdout)).sessions[0];
    assert.equal(offline.state, "offline");
  } finally {
    await t.cleanup();
  }
});

Deno.test("status tool: set, shown by who (CLI and tool), cleared by empty text, long text refused", async () => {
  const t = await tempHome();
  const a = await ChannelPeer.start({ env: t.env, name: "backend" });
  const b = await ChannelPeer.start({ env: t.env, name: "planner" });
  try {
    const set = await a.call("status", { text: "  migrating the users table,\n ~10 min " });
    assert.equal(set.isError, false, set.text);
    assert.equal(set.data?.status, "migrating the users table, ~10 min");
    const cli = await whoState(t, "backend");
    assert.equal(cli.status_text, "migrating the users table, ~10 min");
    assert.match(cli.status_at, /Z$/);
    const table = (await ccIn(t.env, ["who"])).stdout;
    assert.match(table, /^backend .* migrating the users table, ~10 min$/m);
    const seen = await b.call("who");
    assert.match(
      seen.text,
      /backend( \(\S+ on \S+\))?: worker, live, unknown, status "migrating the users table, ~10 min"/,
    );

    const long = await a.call("status", { text: "x".repeat(201) });
    assert.equal(long.isError, true);
    assert.match(long.text, /201 characters, at most 200/);
    assert.equal((await whoState(t, "backend")).status_text, "migrating the users table, ~10 min");

    assert.equal((await a.call("status", { text: "" })).isError, false);
    assert.equal((await whoState(t, "backend")).status_text, null);
  } finally {
    await a.close();
    await b.close();
    await t.cleanup();
  }
});

Deno.test("status tool: an unregistered session is told to register", async () => {
  const t = await tempHome();
  const a = await ChannelPeer.start({ env: t.env });
  try {
    const result = await a.call("status", { text: "hi" });
    assert.equal(result.isError, true);
    assert.match(result.text, /not registered/);
  } finally {
    await a.close();
    await t.cleanup();
  }
});
