// A bounded soak (about 30 s): sessions join and leave, senders on the CLI and on the tools,
// faults injected (write lock held, SIGSTOP of a receiver, kill -9 of a sender and of a
// session). At the end every message is delivered exactly once to a session that never
// crashed and at least once to one that did, and the long-lived channels did not grow in fds
// or memory.
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { tempHome } from "./helpers/temp_home.ts";
import { cc, spawnCli } from "./cli_run.ts";

const SOAK_MS = 20_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function fds(pid: number): number {
  return [...Deno.readDirSync(`/proc/${pid}/fd`)].length;
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(Deno.readTextFileSync(`/proc/${pid}/status`));
  return m ? Number(m[1]) : 0;
}

Deno.test({
  name: "soak: churn, CLI and tool senders, lock held, SIGSTOP, kill -9: nothing lost or doubled, no growth",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const t = await tempHome();
    const receiverNames = ["r0", "r1", "r2"];
    const receivers = await Promise.all(receiverNames.map((name) => ChannelPeer.start({ env: t.env, name })));
    const nameOf = (peer: ChannelPeer) => receiverNames[receivers.indexOf(peer)];
    const tx = await ChannelPeer.start({ env: t.env, name: "tx" });
    let churn: ChannelPeer | undefined = await ChannelPeer.start({ env: t.env, name: "churn" });
    const churnEvents = new Set<string>();
    const sent = new Map<string, string>(); // message id -> recipient
    const db = new DatabaseSync(join(t.ccDmHome, "bus.db"));
    db.exec("PRAGMA busy_timeout = 5000");
    try {
      // Warm up, then take the baseline of the long-lived channels.
      for (const r of receivers) {
        const reply = await tx.call("dm", { to: nameOf(r), content: "warm-up" });
        sent.set(String(reply.data?.message_id), nameOf(r));
      }
      await Promise.all(receivers.map((r) => r.waitForEvents(1, 15_000)));
      const baseline = receivers.map((r) => ({ fds: fds(r.pid), rss: rssKb(r.pid) }));

      const names = ["r0", "r1", "r2", "churn"];
      const started = Date.now();
      let step = 0;
      const pending: Promise<unknown>[] = [];
      while (Date.now() - started < SOAK_MS) {
        step++;
        const to = names[step % names.length];
        const content = `m${step} for ${to}`;
        if (step % 3 === 0) {
          pending.push(
            cc(t.env, ["send", to, content, "--json", "--queue"]).then((out) => {
              if (out.code === 0) sent.set(String(JSON.parse(out.stdout).message_id), to);
              else assert.match(out.stderr, /locked/, out.stderr); // only the held lock may refuse
            }),
          );
        } else {
          const reply = await tx.call("dm", { to, content, queue: true });
          if (!reply.isError) sent.set(String(reply.data?.message_id), to);
          else assert.match(reply.text, /locked/, reply.text);
        }
        if (step % 40 === 10) {
          // Hold the write lock for 1.5 s.
          db.exec("BEGIN IMMEDIATE");
          db.exec("UPDATE sessions SET last_seen = last_seen");
          await sleep(1500);
          db.exec("COMMIT");
        }
        if (step % 40 === 20) {
          // Stop a receiver for 3 s (mail piles up for it), then let it go on.
          const r = receivers[step % receivers.length];
          Deno.kill(r.pid, "SIGSTOP");
          await sleep(3000);
          Deno.kill(r.pid, "SIGCONT");
        }
        if (step % 40 === 30) {
          // kill -9 a CLI sender in flight (its message is stored whole or not at all) ...
          const victim = spawnCli(t.env, ["send", "churn", `killed sender ${step}`, "--queue"]);
          await sleep(30 + (step % 7) * 20);
          try {
            victim.kill("SIGKILL");
          } catch {
            // It finished first: its message is stored like any other.
          }
          await victim.output();
          // ... and the churn session: it comes back and gets its mail at least once.
          if (churn) {
            churn.kill9();
            await churn.close();
            // After close: an event it wrote just before the kill is read from the pipe then.
            for (const e of churn.events) churnEvents.add(e.meta.message_id);
          }
          churn = await ChannelPeer.start({ env: t.env, name: "churn" });
        }
        if (step % 25 === 0) {
          // A session that joins for a moment and leaves cleanly.
          const visitor = await ChannelPeer.start({ env: t.env, name: `visitor${step}` });
          await visitor.close();
        }
        await sleep(40);
      }
      await Promise.all(pending);
      // Messages from the killed senders that were stored count too.
      const stored = db.prepare("SELECT id, to_name FROM messages WHERE to_name IS NOT NULL").all() as {
        id: number;
        to_name: string;
      }[];
      for (const row of stored) if (!sent.has(String(row.id))) sent.set(String(row.id), row.to_name);

      assert.ok(sent.size >= 100, `a meaningful load: ${sent.size} messages`);
      const expected = (name: string) => [...sent].filter(([, to]) => to === name).map(([id]) => id);
      const deadline = Date.now() + 30_000;
      for (const r of receivers) {
        const want = expected(nameOf(r));
        await r.waitForEvents(want.length, Math.max(1, deadline - Date.now()));
        const got = r.events.map((e) => e.meta.message_id);
        assert.deepEqual([...got].sort(), [...want].sort(), `${nameOf(r)}: exactly once`);
      }
      const wantChurn = expected("churn");
      while (Date.now() < deadline) {
        for (const e of churn!.events) churnEvents.add(e.meta.message_id);
        if (wantChurn.every((id) => churnEvents.has(id))) break;
        await sleep(100);
      }
      assert.deepEqual(wantChurn.filter((id) => !churnEvents.has(id)), [], "churn: at least once");

      for (const [i, r] of receivers.entries()) {
        const now = { fds: fds(r.pid), rss: rssKb(r.pid) };
        if (Deno.env.get("CC_DM_SOAK_REPORT")) {
          Deno.stderr.writeSync(new TextEncoder().encode(
            `${nameOf(r)}: ${r.events.length} events, fds ${baseline[i].fds}->${now.fds}, rss ${
              baseline[i].rss
            }->${now.rss} kB; total ${sent.size}\n`,
          ));
        }
        assert.ok(now.fds <= baseline[i].fds + 4, `${nameOf(r)} fds ${baseline[i].fds} -> ${now.fds}`);
        assert.ok(
          now.rss <= baseline[i].rss + 40_000,
          `${nameOf(r)} rss ${baseline[i].rss} -> ${now.rss} kB`,
        );
        assert.doesNotMatch(r.stderr.join(""), /stopping/);
      }
    } finally {
      try {
        db.exec("ROLLBACK");
      } catch { /* not in a transaction */ }
      db.close();
      for (const r of receivers) {
        try {
          Deno.kill(r.pid, "SIGCONT");
        } catch { /* gone */ }
      }
      await Promise.all([...receivers, tx, ...(churn ? [churn] : [])].map((p) => p.close()));
      await t.cleanup();
    }
  },
});
