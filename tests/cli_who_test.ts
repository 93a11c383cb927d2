import assert from "node:assert/strict";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { busEngine, tempHome } from "./helpers/temp_home.ts";
import { cc, ccIn, withUser } from "./cli_run.ts";
import { whoTable } from "../cmd/who.ts";
import type { RosterEntry } from "../lib/sessions/roster.ts";

Deno.test({
  name: "cli who: aligned table of live sessions; --all adds offline ones with mail",
  // On a shared bus the table adds USER and HOST (postgres_process_test and two_machines_test check it).
  ignore: busEngine() === "postgres",
  fn: async () => {
    const t = await tempHome();
    const env = withUser(t.env, "alice");
    const work = await Deno.makeTempDir({ dir: t.home, prefix: "proj-" });
    const planner = await ChannelPeer.start({
      env: t.env,
      name: "planner",
      role: "lead",
      project: "web",
      cwd: work,
    });
    const gone = await ChannelPeer.start({ env: t.env, name: "gone", role: "worker" });
    try {
      await gone.close();
      assert.equal((await ccIn(env, ["send", "gone", "for later"])).code, 0);
      assert.equal((await ccIn(env, ["send", "later", "--queue", "not started yet"])).code, 0);

      const live = await ccIn(env, ["who"]);
      assert.equal(live.code, 0, live.stderr);
      const lines = live.stdout.trimEnd().split("\n");
      assert.equal(lines.length, 2, live.stdout);
      assert.match(lines[0], /^NAME +ROLE +PROJECT +STATUS +STATE +GETS +LAST SEEN +QUEUED +CWD +DOING$/);
      assert.match(lines[1], /^planner +lead +web +live +unknown +events +\ds ago +0 +~\/proj-/);
      // Aligned: each column starts where its header does.
      for (const header of ["ROLE", "PROJECT", "STATUS", "STATE", "LAST SEEN", "QUEUED", "CWD"]) {
        const at = lines[0].indexOf(header);
        assert.notEqual(lines[1][at], " ", `${header} column`);
        assert.equal(lines[1][at - 1], " ", `${header} column`);
      }
      assert.ok(!live.stdout.includes("\x1b["), "no colour when stdout is not a terminal");

      const all = await ccIn(env, ["who", "--all"]);
      const rows = all.stdout.trimEnd().split("\n").slice(1);
      assert.equal(rows.length, 3, all.stdout);
      assert.match(rows[0], /^planner /);
      assert.match(rows[1], /^gone +worker +- +offline +- +events +\ds ago +1 /);
      assert.match(rows[2], /^later +- +- +offline +- +- +never +1 +-$/);

      const json = JSON.parse((await ccIn(env, ["who", "--all", "--json"])).stdout);
      assert.equal(json.count, 3);
      const [p, g, l] = json.sessions;
      assert.deepEqual(
        { name: p.name, role: p.role, project: p.project, kind: p.kind, status: p.status, queued: p.queued },
        { name: "planner", role: "lead", project: "web", kind: "claude", status: "live", queued: 0 },
      );
      assert.equal(p.cwd, work);
      assert.equal(typeof p.pid, "number");
      assert.match(p.last_seen, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(g.status, "offline");
      assert.equal(g.pid, null);
      assert.equal(g.queued, 1);
      assert.match(g.oldest_queued, /Z$/);
      assert.deepEqual([l.name, l.registered, l.last_seen], ["later", false, null]);

      const web = JSON.parse((await ccIn(env, ["who", "--all", "--json", "--project", "web"])).stdout);
      assert.deepEqual(web.sessions.map((s: { name: string }) => s.name), ["planner"]);
    } finally {
      await planner.close();
      await t.cleanup();
    }
  },
});

Deno.test("cli who (real process): nobody live prints nothing on stdout and a note on stderr", async () => {
  const t = await tempHome();
  const peer = await ChannelPeer.start({ env: t.env, name: "solo" });
  await peer.close();
  try {
    const result = await cc(t.env, ["who"]);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /No live sessions/);
    assert.deepEqual(JSON.parse((await cc(t.env, ["who", "--json"])).stdout), { sessions: [], count: 0 });
  } finally {
    await t.cleanup();
  }
});

Deno.test("who table: colour only when asked, alignment ignores escape codes", () => {
  const entry = (name: string, live: boolean): RosterEntry => ({
    name,
    role: "worker",
    project: "",
    kind: "claude",
    live,
    pid: live ? 1 : null,
    cwd: "/home/me/src/x",
    host: "box",
    user: null,
    lastSeen: 1_000_000,
    registered: true,
    delivery: live ? "events" : "inbox",
    deliveryReason: "",
    queued: live ? 0 : 12,
    oldestQueued: null,
    state: live ? "busy" : "offline",
    stateSince: live ? 990_000 : 1_000_000,
    statusText: live ? "migrating the users table, ~10 min" : null,
    statusAt: live ? 995_000 : null,
    health: null,
  });
  const entries = [entry("a", true), entry("longer-name", false)];
  const plain = whoTable(entries, 1_003_000, "/home/me", false);
  const colored = whoTable(entries, 1_003_000, "/home/me", true);
  assert.ok(!plain.includes("\x1b"));
  assert.ok(colored.includes("\x1b[32mlive\x1b[39m"));
  // deno-lint-ignore no-control-regex
  assert.equal(colored.replace(/\x1b\[[0-9;]*m/g, ""), plain);
  assert.equal(
    plain.split("\n")[1],
    "a            worker  -        live     busy 13s  events  3s ago     0       ~/src/x  migrating the users table, ~10 min",
  );
  assert.match(plain.split("\n")[2], /^longer-name {2}worker {2}- {8}offline {2}- {9}inbox {3}/);
});

Deno.test("cli who --project: a tagged viewer sees the live cli: sender it can reach (one scope rule)", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  const stop = new AbortController();
  // An untagged person waiting for an answer holds cli:alice, live, for the whole wait.
  const asking = ccIn(env, ["send", "later", "--queue", "--wait", "are you there?"], {
    interrupt: stop.signal,
  });
  try {
    const names = async (args: string[]) =>
      JSON.parse((await ccIn(env, ["who", "--json", ...args])).stdout).sessions.map((s: { name: string }) =>
        s.name
      );
    const deadline = Date.now() + 10_000;
    while (!(await names([])).includes("cli:alice")) {
      assert.ok(Date.now() < deadline, "the ask never held cli:alice");
      await new Promise((r) => setTimeout(r, 20));
    }
    // A session of project web can dm cli:alice (routing's rule), so its who lists it.
    assert.deepEqual(await names(["--project", "web"]), ["cli:alice"]);
    // The name mail waits for has no project yet: only an untagged viewer sees it.
    assert.deepEqual(await names(["--all", "--project", "web"]), ["cli:alice"]);
    assert.deepEqual(await names(["--all"]), ["cli:alice", "later"]);
  } finally {
    stop.abort();
    const ended = await asking;
    assert.equal(ended.code, 130, ended.stderr);
    await t.cleanup();
  }
});
