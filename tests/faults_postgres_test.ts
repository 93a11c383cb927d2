import assert from "node:assert/strict";
import { netnsLikely } from "./helpers/netns.ts";
import { startTeamLab, type TeamLab } from "./helpers/team_lab.ts";
import type { ChannelPeer } from "./helpers/channel_peer.ts";
import { KEEPALIVE_BOUND_S } from "../lib/bus/postgres/connect.ts";

// Faults on a team bus, with nothing lost: the server restarts in the middle of a stream, a
// machine's link is cut and restored, a session is killed, a member tries another's mail. Each
// runs on a netns lab (server on A, sessions on B and C) with the real channel and CLI.

const ignore = !netnsLikely();

/** Poll `check` until it returns a value (not undefined), or throw after `timeoutMs` with `what`. */
async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Send `content` by the dm tool until the channel says it is stored; the failures it answered. */
async function sendUntilStored(
  peer: ChannelPeer,
  to: string,
  content: string,
  errors: string[],
): Promise<void> {
  for (let attempt = 0;; attempt++) {
    const reply = await peer.call("dm", { to, content }).catch((err) => ({
      isError: true,
      text: String(err),
    }));
    if (!reply.isError) return;
    errors.push(reply.text);
    if (attempt > 200) throw new Error(`dm ${content} never stored: ${reply.text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Distinct contents received and how many arrived more than once. */
function tally(peer: ChannelPeer): { distinct: Set<string>; duplicates: number } {
  const distinct = new Set(peer.events.map((e) => e.content));
  return { distinct, duplicates: peer.events.length - distinct.size };
}

async function withTeam(fn: (team: TeamLab) => Promise<void>): Promise<void> {
  const team = await startTeamLab();
  try {
    await fn(team);
  } finally {
    await team.cleanup();
  }
}

Deno.test({
  name: "faults (postgres): pg_ctl restart in the middle of a 1,000-message stream loses nothing",
  ignore,
  fn: () =>
    withTeam(async (team) => {
      const sender = await team.channel("b", "alice", "sender");
      const receiver = await team.channel("c", "bob", "receiver");
      const errors: string[] = [];
      let restart: Promise<void> | undefined;
      let restartedBy = -1;
      let stored = 0;
      const bootedBefore = await team.pg.sql("select pg_postmaster_start_time()");
      const total = 1000;
      for (let i = 0; i < total; i++) {
        if (i === 300) restart = team.pg.restart().then(() => void (restartedBy = stored));
        await sendUntilStored(sender, "receiver", `m-${i}`, errors);
        stored++;
      }
      await restart;
      assert.notEqual(
        await team.pg.sql("select pg_postmaster_start_time()"),
        bootedBefore,
        "the server restarted",
      );
      assert.ok(
        restartedBy >= 300 && restartedBy < total,
        `restart finished mid-stream (at message ${restartedBy})`,
      );
      await until("every message at the receiver", 60_000, () => {
        return Promise.resolve(tally(receiver).distinct.size >= total ? true : undefined);
      });
      const { distinct, duplicates } = tally(receiver);
      for (let i = 0; i < total; i++) assert.ok(distinct.has(`m-${i}`), `m-${i} lost`);
      // deno-lint-ignore no-console
      console.error(
        `restart (done by message ${restartedBy}): ${total} sent, ${distinct.size} distinct received, ${duplicates} duplicates, ${errors.length} tool errors during the restart`,
      );
      for (const text of new Set(errors)) assert.match(text, /bus|server|PostgreSQL|connect/i, text);
      // Still working afterwards, both ways.
      await sendUntilStored(receiver, "sender", "after", []);
      await sender.waitForEvents(1, 15_000);
    }),
});

Deno.test({
  name:
    "faults (postgres): a machine's link cut for 10 s and restored: all mail arrives; meanwhile send fails clearly",
  ignore,
  fn: () =>
    withTeam(async (team) => {
      const onB = await team.channel("b", "alice", "onb");
      const onC = await team.channel("c", "bob", "onc");
      // Prove the link first.
      await sendUntilStored(onC, "onb", "before", []);
      await onB.waitForEvents(1, 15_000);

      await team.lab.cut("b");
      const cutAt = Date.now();
      // C keeps sending to B while B is cut off: stored on the server, B cannot hear the NOTIFYs.
      for (let i = 0; i < 20; i++) await sendUntilStored(onC, "onb", `during-${i}`, []);
      // On B the CLI cannot reach the bus: exit 1, a reason and what to check, in bounded time.
      const started = Date.now();
      const send = await team.cli("b", "alice", ["send", "onc", "from the cut machine"]);
      const tookMs = Date.now() - started;
      assert.equal(send.code, 1, send.stdout + send.stderr);
      assert.match(send.stderr, /^Error: .*(reach|connect|unreachable|timed out|timeout)/im, send.stderr);
      assert.match(send.stderr, /\nTry: /, send.stderr);
      assert.doesNotMatch(send.stderr, /bob-pw|alice-pw/);
      assert.ok(tookMs < 30_000, `send took ${tookMs} ms to fail`);
      const waited = 10_000 - (Date.now() - cutAt);
      if (waited > 0) await new Promise((r) => setTimeout(r, waited));
      await team.lab.restore("b");
      const restoredAt = Date.now();
      const events = await onB.waitForEvents(21, 60_000);
      const { distinct, duplicates } = tally(onB);
      for (let i = 0; i < 20; i++) assert.ok(distinct.has(`during-${i}`), `during-${i} lost`);
      // deno-lint-ignore no-console
      console.error(
        `link cut ${(restoredAt - cutAt) / 1000} s: 20 sent to the cut machine, all arrived ${
          ((events.at(-1)!.at - restoredAt) / 1000).toFixed(1)
        } s after the link came back, ${duplicates} duplicates`,
      );
      // And B can send again.
      await sendUntilStored(onB, "onc", "back", []);
      assert.equal((await onC.waitForEvents(1, 30_000))[0].content, "back");
    }),
});

Deno.test({
  name:
    "faults (postgres): kill -9 of a session on B frees its name for C within the keepalive bound; so does losing B",
  ignore,
  fn: () =>
    withTeam(async (team) => {
      const claimOnC = async (peer: ChannelPeer, name: string, boundMs: number): Promise<number> => {
        const started = Date.now();
        return await until(`"${name}" free on C`, boundMs, async () => {
          const reply = await peer.call("register", { name, role: "dev" });
          return reply.isError ? undefined : Date.now() - started;
        });
      };
      const victim = await team.channel("b", "alice", "worker");
      const waiting = await team.channel("c", "alice", "standby");
      const taken = await waiting.call("register", { name: "worker", role: "dev" });
      assert.equal(taken.isError, true, "the name is held while its session lives");
      assert.match(taken.text, /worker/);
      assert.doesNotMatch(taken.text, /Invalid arguments/);

      victim.kill9();
      const afterKill = await claimOnC(waiting, "worker", 20_000);

      // Now the machine itself goes: C's session holds "worker"; its link is cut for good.
      const onB = await team.channel("b", "alice", "standby-b");
      await team.lab.cut("c");
      const cutAt = Date.now();
      const afterLoss = await until(`"worker" free on B after C was lost`, 60_000, async () => {
        const reply = await onB.call("register", { name: "worker", role: "dev" });
        return reply.isError ? undefined : Date.now() - cutAt;
      });
      // deno-lint-ignore no-console
      console.error(
        `name free on the other machine: ${afterKill} ms after kill -9, ${afterLoss} ms after the machine's link was cut`,
      );
      assert.ok(afterKill < 15_000, `kill -9: ${afterKill} ms`);
      // The server's keepalives as cc-dm sets them (idle 5 s + 3 probes 2 s apart = 11 s), plus the
      // 0.1 s polling here and room for a loaded machine; the lab server keeps its 2 h defaults.
      const bound = KEEPALIVE_BOUND_S * 1000;
      assert.ok(afterLoss < bound + 10_000, `machine lost: ${afterLoss} ms, bound ${bound} ms`);
    }),
});

/** psql on machine `id` with `url`; returns its exit code, stdout and stderr. */
async function psql(team: TeamLab, id: string, url: string, sql: string) {
  const m = team.machine(id);
  const out = await new Deno.Command(m.prefix[0], {
    args: [...m.prefix.slice(1), "psql", url, "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout).trim(),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test({
  name: "faults (postgres): one member cannot read another's direct mail or send as them: the server refuses",
  ignore,
  fn: () =>
    withTeam(async (team) => {
      const planner = await team.channel("b", "alice", "planner");
      const worker = await team.channel("c", "bob", "worker");
      await sendUntilStored(worker, "planner", "for alice only", []);
      await planner.waitForEvents(1, 15_000);
      const sent = await team.cli("b", "alice", ["send", "planner", "a note to myself"]);
      assert.equal(sent.code, 0, sent.stderr);

      // Bob, with his own credentials, straight at the tables from his machine.
      const bob = team.busUrl("bob");
      const read = await psql(team, "c", bob, "select content from cc_dm.messages order by id");
      assert.equal(read.code, 0, read.stderr);
      assert.deepEqual(read.stdout.split("\n"), ["for alice only"], "bob sees only the message he sent");
      const take = await psql(
        team,
        "c",
        bob,
        "update cc_dm.deliveries set delivered_at = 1 where recipient = 'planner' returning id",
      );
      assert.equal(take.code, 0, take.stderr);
      assert.equal(take.stdout, "", "bob cannot acknowledge (so hide) alice's mail");

      const forged = await psql(
        team,
        "c",
        bob,
        "insert into cc_dm.messages (from_name, from_user, content, created_at) values ('planner', 'alice', 'forged', 0)",
      );
      assert.notEqual(forged.code, 0);
      assert.match(forged.stderr, /cannot send as "planner"/);

      // Through cc-dm: bob cannot take alice's name, nor send as her CLI name.
      const squat = await worker.call("register", { name: "planner", role: "dev" });
      assert.equal(squat.isError, true, squat.text);
      assert.match(squat.text, /planner/);
      assert.doesNotMatch(squat.text, /Invalid arguments/);
      const asAlice = await team.cli("c", "bob", ["send", "worker", "hi"], {
        extraEnv: { CC_DM_FROM: "alice" },
      });
      assert.equal(asAlice.code, 1, asAlice.stdout);
      assert.match(asAlice.stderr, /^Error: .*cli:alice/m, asAlice.stderr);
      assert.doesNotMatch(asAlice.stderr, /duplicate key|sessions_pkey/, "a reason in cc-dm's words");
      // What bob did send carries his identity, set by the server.
      const who = await psql(
        team,
        "b",
        team.busUrl("alice"),
        "select from_name, from_user from cc_dm.messages order by id",
      );
      assert.match(who.stdout, /^worker\|bob$/m);
      assert.doesNotMatch(who.stdout, /forged/);
    }),
});

Deno.test({
  name:
    "faults (postgres): while the bus is unreachable the channel's tools answer with a clear error, then work again",
  ignore,
  fn: () =>
    withTeam(async (team) => {
      const onB = await team.channel("b", "alice", "onb");
      await team.channel("c", "bob", "onc");
      await team.lab.cut("b");
      // The dm first: it meets the connection that went silent mid-use; then who, on a fresh attempt.
      for (const [tool, args] of [["dm", { to: "onc", content: "lost?" }], ["who", {}]] as const) {
        const started = Date.now();
        const reply = await onB.call(tool, args).catch((err) => ({
          isError: true,
          text: `no answer: ${err}`,
        }));
        const took = Date.now() - started;
        assert.equal(reply.isError, true, reply.text);
        assert.doesNotMatch(reply.text, /no answer/, `${tool} did not answer within the MCP timeout`);
        assert.match(reply.text, /reach|unreachable|connect|server/i, reply.text);
        assert.ok(took < 30_000, `${tool} took ${took} ms to fail`);
        // deno-lint-ignore no-console
        console.error(`unreachable bus: the ${tool} tool answered with an error after ${took} ms`);
        assert.match(reply.text, /\nTry: /, "and what to check");
      }
      await team.lab.restore("b");
      await sendUntilStored(onB, "onc", "back", []);
    }),
});
