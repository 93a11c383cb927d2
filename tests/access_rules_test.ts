import assert from "node:assert/strict";
import { inProcessPeer } from "./helpers/channel_harness.ts";
import { tempHome } from "./helpers/temp_home.ts";
import { cc, ccIn, withUser } from "./cli_run.ts";
import { sessionRow, storedMessages } from "./helpers/bus_reads.ts";

// Access control between real channel processes and the real CLI: the sender's own rules
// (cc-dm 1.3.1's CC_DM_DM_ALLOWLIST / CC_DM_DM_BLOCKLIST / CC_DM_BROADCAST_ALLOWED_ROLES) and the
// receiver's published rules (CC_DM_ACCEPT_FROM / CC_DM_REJECT_FROM), checked at send time.

async function messageCount(ccDmHome: string): Promise<number> {
  return (await storedMessages(ccDmHome)).length;
}

Deno.test("access: CC_DM_DM_ALLOWLIST and CC_DM_DM_BLOCKLIST together stop the channel at start, naming both", async () => {
  const t = await tempHome();
  try {
    const out = await cc({
      ...t.env,
      CC_DM_SESSION_NAME: "worker",
      CC_DM_DM_ALLOWLIST: "lead",
      CC_DM_DM_BLOCKLIST: "intern",
    }, ["channel"]);
    assert.equal(out.code, 2);
    assert.match(
      out.stderr,
      /^Error: CC_DM_DM_ALLOWLIST and CC_DM_DM_BLOCKLIST are both set: use one of them/,
    );
    assert.match(out.stderr, /Try: Keep CC_DM_DM_ALLOWLIST .* or CC_DM_DM_BLOCKLIST/);
    const bad = await cc({ ...t.env, CC_DM_SESSION_NAME: "worker", CC_DM_ACCEPT_FROM: "lead, role:" }, [
      "channel",
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Invalid CC_DM_ACCEPT_FROM entry "role:": role: needs a value/);
    const badRole = await cc(
      { ...t.env, CC_DM_SESSION_NAME: "worker", CC_DM_BROADCAST_ALLOWED_ROLES: "lead,no way!" },
      ["channel"],
    );
    assert.equal(badRole.code, 2);
    assert.match(badRole.stderr, /Invalid CC_DM_BROADCAST_ALLOWED_ROLES entry/);
  } finally {
    await t.cleanup();
  }
});

Deno.test("access: a session's allowlist limits whom its model may dm (names and role: entries); nothing is stored when refused", async () => {
  const t = await tempHome();
  const worker = await inProcessPeer({
    env: t.env,
    name: "worker",
    extraEnv: { CC_DM_DM_ALLOWLIST: "lead, role:reviewer, cli:alice" },
  });
  const lead = await inProcessPeer({ env: t.env, name: "lead" });
  const rev = await inProcessPeer({ env: t.env, name: "rev", role: "reviewer" });
  const other = await inProcessPeer({ env: t.env, name: "other" });
  try {
    assert.equal((await worker.call("dm", { to: "lead", content: "hi" })).isError, false);
    assert.equal((await worker.call("dm", { to: "rev", content: "hi" })).isError, false);
    assert.equal((await worker.call("dm", { to: "cli:alice", content: "hi", queue: true })).isError, false);
    const before = await messageCount(t.ccDmHome);
    const refused = await worker.call("dm", { to: "other", content: "hi" });
    assert.equal(refused.isError, true);
    assert.match(
      refused.text,
      /Cannot message "other": "other" is not in CC_DM_DM_ALLOWLIST of this session \(lead, role:reviewer, cli:alice\); nothing was sent/,
    );
    const never = await worker.call("dm", { to: "ghost", content: "hi", queue: true });
    assert.equal(never.isError, true);
    assert.match(never.text, /"ghost" is not in CC_DM_DM_ALLOWLIST/);
    assert.equal(await messageCount(t.ccDmHome), before);

    // A broadcast skips (and reports) everyone the allowlist leaves out.
    const all = await worker.call("broadcast", { content: "standup" });
    assert.equal(all.isError, false, all.text);
    assert.deepEqual((all.data?.recipients as string[]).sort(), ["lead", "rev"]);
    assert.deepEqual(all.data?.refused, [
      {
        name: "other",
        reason: '"other" is not in CC_DM_DM_ALLOWLIST of this session (lead, role:reviewer, cli:alice)',
      },
    ]);
    assert.match(all.text, /not sent to "other": "other" is not in CC_DM_DM_ALLOWLIST/);
    // Positive marker: a later dm from an allowed sender arrives first, so the refused one never will.
    await lead.call("dm", { to: "other", content: "marker" });
    await other.waitForEvents(1);
    assert.deepEqual(other.events.map((e) => e.content), ["marker"]);
  } finally {
    for (const p of [worker, lead, rev, other]) await p.close();
    await t.cleanup();
  }
});

Deno.test("access: a session's blocklist refuses the blocked recipients, and the CLI is not bound by it", async () => {
  const t = await tempHome();
  const worker = await inProcessPeer({
    env: t.env,
    name: "worker",
    extraEnv: { CC_DM_DM_BLOCKLIST: "project:secret, Intern" },
  });
  const intern = await inProcessPeer({ env: t.env, name: "intern" });
  const vault = await inProcessPeer({ env: t.env, name: "vault", project: "secret" });
  const lead = await inProcessPeer({ env: t.env, name: "lead" });
  try {
    const blocked = await worker.call("dm", { to: "intern", content: "hi" });
    assert.equal(blocked.isError, true);
    assert.match(blocked.text, /CC_DM_DM_BLOCKLIST of this session blocks "intern" \(entry intern\)/);
    const tagged = await worker.call("dm", { to: "vault", content: "hi" });
    assert.equal(tagged.isError, true);
    assert.match(tagged.text, /blocks "vault" \(entry project:secret\)/);
    assert.equal((await worker.call("dm", { to: "lead", content: "hi" })).isError, false);
    const cli = await ccIn(
      { ...withUser(t.env, "alice"), CC_DM_DM_BLOCKLIST: "intern" },
      ["send", "intern", "hello from a person"],
    );
    assert.equal(cli.code, 0, cli.stderr);
    const [event] = await intern.waitForEvents(1);
    assert.equal(event.meta.from_session, "cli:alice");
  } finally {
    for (const p of [worker, intern, vault, lead]) await p.close();
    await t.cleanup();
  }
});

Deno.test("access: CC_DM_BROADCAST_ALLOWED_ROLES lets only the listed roles broadcast", async () => {
  const t = await tempHome();
  const rules = { CC_DM_BROADCAST_ALLOWED_ROLES: "lead, planner" };
  const worker = await inProcessPeer({ env: t.env, name: "worker", role: "worker", extraEnv: rules });
  const lead = await inProcessPeer({ env: t.env, name: "lead", role: "lead", extraEnv: rules });
  try {
    const refused = await worker.call("broadcast", { content: "all hands" });
    assert.equal(refused.isError, true);
    assert.match(
      refused.text,
      /Cannot broadcast: role "worker" may not broadcast: CC_DM_BROADCAST_ALLOWED_ROLES of this session allows only lead, planner; nothing was sent/,
    );
    assert.equal(await messageCount(t.ccDmHome), 0);
    // A dm is not a broadcast.
    assert.equal((await worker.call("dm", { to: "lead", content: "may I?" })).isError, false);
    const sent = await lead.call("broadcast", { content: "all hands" });
    assert.equal(sent.isError, false, sent.text);
    assert.deepEqual(sent.data?.recipients, ["worker"]);
  } finally {
    await worker.close();
    await lead.close();
    await t.cleanup();
  }
});

Deno.test("access: receiver rules are published in the session row and refuse other senders' dm (tool isError, CLI exit 1, nothing stored)", async () => {
  const t = await tempHome();
  const guarded = await inProcessPeer({
    env: t.env,
    name: "guarded",
    extraEnv: { CC_DM_ACCEPT_FROM: "role:lead, cli:alice", CC_DM_REJECT_FROM: "mole" },
  });
  const lead = await inProcessPeer({ env: t.env, name: "lead", role: "lead" });
  const mole = await inProcessPeer({ env: t.env, name: "mole", role: "lead" });
  const worker = await inProcessPeer({ env: t.env, name: "worker" });
  try {
    const row = (await sessionRow(t.ccDmHome, "guarded"))!;
    assert.deepEqual(row.acceptFrom, ["role:lead", "cli:alice"]);
    assert.deepEqual(row.rejectFrom, ["mole"]);

    const refused = await worker.call("dm", { to: "guarded", content: "hi" });
    assert.equal(refused.isError, true);
    assert.match(
      refused.text,
      /Cannot message "guarded": "guarded" accepts messages only from role:lead, cli:alice \(its CC_DM_ACCEPT_FROM\), not from "worker"; nothing was sent/,
    );
    const rejected = await mole.call("dm", { to: "guarded", content: "hi" });
    assert.equal(rejected.isError, true);
    assert.match(rejected.text, /"guarded" refuses messages from "mole" \(its CC_DM_REJECT_FROM: mole\)/);
    assert.equal(await messageCount(t.ccDmHome), 0);

    const bob = await ccIn(withUser(t.env, "bob"), ["send", "guarded", "hello"]);
    assert.equal(bob.code, 1);
    assert.match(bob.stderr, /^Error: Cannot message "guarded": "guarded" accepts messages only from/);
    assert.equal(await messageCount(t.ccDmHome), 0);
    assert.equal(await sessionRow(t.ccDmHome, "cli:bob"), undefined);
    const ask = await ccIn(withUser(t.env, "bob"), ["ask", "guarded", "hello?", "--timeout", "1"]);
    assert.equal(ask.code, 1, ask.stderr);
    assert.match(ask.stderr, /accepts messages only from/);

    assert.equal((await lead.call("dm", { to: "guarded", content: "from the lead" })).isError, false);
    assert.equal((await ccIn(withUser(t.env, "alice"), ["send", "guarded", "from alice"])).code, 0);
    const events = await guarded.waitForEvents(2);
    assert.deepEqual(events.map((e) => e.meta.from_session), ["lead", "cli:alice"]);

    // Offline, the rules still hold for mail queued for it.
    await guarded.close();
    const queued = await worker.call("dm", { to: "guarded", content: "later" });
    assert.equal(queued.isError, true);
    assert.match(queued.text, /accepts messages only from/);
  } finally {
    for (const p of [guarded, lead, mole, worker]) await p.close();
    await t.cleanup();
  }
});

Deno.test("access: a broadcast skips recipients whose rules refuse the sender and reports them; the CLI broadcast too", async () => {
  const t = await tempHome();
  const open = await inProcessPeer({ env: t.env, name: "open" });
  const picky = await inProcessPeer({
    env: t.env,
    name: "picky",
    extraEnv: { CC_DM_REJECT_FROM: "role:cli, noisy" },
  });
  const noisy = await inProcessPeer({ env: t.env, name: "noisy" });
  try {
    const sent = await noisy.call("broadcast", { content: "news" });
    assert.equal(sent.isError, false, sent.text);
    assert.deepEqual(sent.data?.recipients, ["open"]);
    assert.deepEqual(sent.data?.refused, [
      { name: "picky", reason: '"picky" refuses messages from "noisy" (its CC_DM_REJECT_FROM: noisy)' },
    ]);
    assert.match(sent.text, /not sent to "picky": "picky" refuses messages from "noisy"/);
    assert.deepEqual((await storedMessages(t.ccDmHome)).flatMap((m) => m.recipients), ["open"]);

    const cli = await ccIn(withUser(t.env, "alice"), ["send", "--broadcast", "from a person", "--json"]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(JSON.parse(cli.stdout).live.sort(), ["noisy", "open"]);
    await open.waitForEvents(2);
    // Positive marker: a sender picky accepts gets through after both refused broadcasts.
    await open.call("dm", { to: "picky", content: "marker" });
    await picky.waitForEvents(1);
    assert.deepEqual(picky.events.map((e) => e.content), ["marker"]);
  } finally {
    for (const p of [open, picky, noisy]) await p.close();
    await t.cleanup();
  }
});

Deno.test("access: receiver rules apply to the permission relay too; project: entries match tagged senders only", async () => {
  const t = await tempHome();
  const boss = await inProcessPeer({
    env: t.env,
    name: "boss",
    project: "web",
    extraEnv: { CC_DM_ACCEPT_FROM: "project:web" },
  });
  const worker = await inProcessPeer({
    env: t.env,
    name: "worker",
    extraEnv: { CC_DM_PERMISSION_RELAY: "1", CC_DM_PERMISSION_APPROVER: "boss" },
  });
  try {
    await worker.notify("notifications/claude/channel/permission_request", {
      request_id: "pqrst",
      tool_name: "Bash",
      description: "x",
      input_preview: "{}",
    });
    for (let i = 0; i < 50 && !/pqrst .*not relayed/.test(worker.stderr.join("")); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.match(
      worker.stderr.join(""),
      /permission request pqrst \(Bash\) not relayed: Cannot message "boss": "boss" accepts messages only from project:web/,
    );
    assert.equal(await messageCount(t.ccDmHome), 0);
    assert.equal(boss.events.length, 0);
  } finally {
    await worker.close();
    await boss.close();
    await t.cleanup();
  }
});
