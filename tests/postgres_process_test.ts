// The real CLI and channel on a PostgreSQL bus, as a team sets it up: the owner runs `cc-dm bus
// init` and `cc-dm bus grant --apply`; each member's channel and CLI connect as their own role
// (CC_DM_BUS_URL). Nothing else in cc-dm changes: tools, events, who, send, inbox.
import assert from "node:assert/strict";
import { cc } from "./cli_run.ts";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { freshDatabase } from "./helpers/pg_server.ts";
import { tempHome } from "./helpers/temp_home.ts";

Deno.test("postgres process: bus init and grant by the owner; two members' channels and CLIs message each other, the server vouches for from_user", async () => {
  const db = await freshDatabase({ roles: ["alice", "bob"] });
  const homeA = await tempHome();
  const homeB = await tempHome();
  const peers: ChannelPeer[] = [];
  try {
    const init = await cc(homeA.env, ["bus", "init", db.adminUrl]);
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stderr, /created at version 1/);
    assert.match(init.stdout, /GRANT USAGE ON SCHEMA cc_dm TO "member";/);
    const password = new URL(db.adminUrl).password;
    assert.ok(!init.stdout.includes(password) && !init.stderr.includes(password), "no password printed");
    for (const short of ["alice", "bob"]) {
      const grant = await cc(homeA.env, ["bus", "grant", db.roles[short], db.adminUrl, "--apply"]);
      assert.equal(grant.code, 0, grant.stderr);
    }
    const envA = { ...homeA.env, CC_DM_BUS_URL: db.urlAs("alice"), USER: "alice" };
    const envB = { ...homeB.env, CC_DM_BUS_URL: db.urlAs("bob"), USER: "bob" };

    const a = await ChannelPeer.start({ env: envA, name: "alice-laptop", role: "frontend" });
    peers.push(a);
    const b = await ChannelPeer.start({ env: envB, name: "bob-server", role: "backend" });
    peers.push(b);

    const sent = await a.call("dm", { to: "bob-server", content: "schema ready?" });
    assert.equal(sent.isError, false, sent.text);
    const [event] = await b.waitForEvents(1, 20_000);
    assert.equal(event.content, "schema ready?");
    assert.equal(event.meta.from_session, "alice-laptop");
    assert.equal(event.meta.from_user, db.roles.alice);

    // A member's CLI: who shows both, with whose role and which host.
    const who = await cc(envB, ["who", "--json"]);
    assert.equal(who.code, 0, who.stderr);
    const rows = JSON.parse(who.stdout).sessions as { name: string; user: string; status: string }[];
    assert.deepEqual(
      rows.map((r) => [r.name, r.user, r.status]).sort(),
      [["alice-laptop", db.roles.alice, "live"], ["bob-server", db.roles.bob, "live"]],
    );
    const table = await cc(envB, ["who"]);
    assert.match(table.stdout, /USER\s+HOST/);

    // CLI send from bob's machine reaches alice's channel; alice replies to cli:bob's inbox.
    const cli = await cc(envB, ["send", "alice-laptop", "from bob's shell"]);
    assert.equal(cli.code, 0, cli.stderr);
    const events = await a.waitForEvents(1, 20_000);
    const fromCli = events.find((e) => e.content === "from bob's shell");
    assert.ok(fromCli, JSON.stringify(events));
    assert.equal(fromCli.meta.from_session, "cli:bob");
    assert.equal(fromCli.meta.from_user, db.roles.bob);
    const reply = await a.call("dm", {
      to: "cli:bob",
      content: "got it",
      in_reply_to: fromCli.meta.message_id,
    });
    assert.equal(reply.isError, false, reply.text);
    const inbox = await cc(envB, ["inbox", "--json"]);
    const mail = JSON.parse(inbox.stdout).messages as { content: string; from_user: string }[];
    assert.deepEqual(mail.map((m) => [m.content, m.from_user]), [["got it", db.roles.alice]]);

    // Alice cannot send as bob's names, nor read bob's mail.
    const forged = await cc(envA, ["send", "bob-server", "as bob", "--from", "bob"]);
    assert.equal(forged.code, 1);
    assert.match(forged.stderr, /belongs to database user/);
    const note = await cc(envB, ["send", "bob-server", "between bob and bob"]);
    assert.equal(note.code, 0, note.stderr);
    await b.waitForEvents(2, 20_000);
    const tail = await cc(envA, ["tail", "--no-follow", "--json", "-n", "50"]);
    const seen = tail.stdout.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l).content);
    assert.deepEqual(seen, ["schema ready?", "from bob's shell", "got it"], "alice sees only her own mail");

    // Alice's channel ends: her name is free at once (its connection is gone).
    await a.close();
    peers.shift();
    const deadline = Date.now() + 15_000;
    for (;;) {
      const live = JSON.parse((await cc(envB, ["who", "--json"])).stdout).sessions as { name: string }[];
      if (!live.some((r) => r.name === "alice-laptop")) break;
      assert.ok(Date.now() < deadline, "alice-laptop still live 15 s after its channel ended");
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    for (const p of peers) await p.close();
    await homeA.cleanup();
    await homeB.cleanup();
    await db.drop();
  }
});
