import assert from "node:assert/strict";
import { netnsLikely } from "./helpers/netns.ts";
import { startTeamLab } from "./helpers/team_lab.ts";

// Two machines for real: the PostgreSQL server on machine A, sessions on machines B and C (their
// own network namespaces, host names and HOMEs), each member connecting as their own role
// across a veth link. Everything else is the real channel and the real CLI.

Deno.test({
  name:
    "two machines: B and C dm each other, broadcast, the CLI joins in, queued mail reaches a session started later",
  ignore: !netnsLikely(),
  fn: async () => {
    const team = await startTeamLab();
    try {
      const planner = await team.channel("b", "alice", "planner", { role: "lead" });
      const worker = await team.channel("c", "bob", "worker", { role: "dev" });

      // B → C, and the reply C → B, threaded.
      const sent = await planner.call("dm", { to: "worker", content: "hello from B", message_type: "task" });
      assert.equal(sent.isError, false, sent.text);
      assert.equal(sent.data?.status, "sent");
      const [hello] = await worker.waitForEvents(1, 15_000);
      assert.equal(hello.content, "hello from B");
      assert.equal(hello.meta.from_session, "planner");
      assert.equal(hello.meta.from_role, "lead");
      assert.equal(hello.meta.message_type, "task");
      assert.equal(hello.meta.from_user, "alice", "the sender's role, as the server recorded it");
      const reply = await worker.call("dm", {
        to: "planner",
        content: "on it",
        in_reply_to: hello.meta.message_id,
      });
      assert.equal(reply.isError, false, reply.text);
      const [back] = await planner.waitForEvents(1, 15_000);
      assert.equal(back.content, "on it");
      assert.equal(back.meta.thread_id, hello.meta.thread_id);

      // A broadcast from C reaches both sessions on B (and not its sender).
      const second = await team.channel("b", "alice", "tester", { role: "qa" });
      const all = await worker.call("broadcast", { content: "all hands" });
      assert.equal(all.isError, false, all.text);
      assert.deepEqual([...(all.data?.recipients as string[])].sort(), ["planner", "tester"]);
      const [planner2] = (await planner.waitForEvents(2, 15_000)).slice(1);
      const [tester1] = await second.waitForEvents(1, 15_000);
      for (const e of [planner2, tester1]) {
        assert.equal(e.content, "all hands");
        assert.equal(e.meta.broadcast, "true");
        assert.equal(e.meta.from_session, "worker");
      }

      // The CLI on C sends to a session on B, as cli:<login>.
      const cli = await team.cli("c", "bob", ["send", "planner", "from a shell on C"]);
      assert.equal(cli.code, 0, cli.stderr);
      assert.match(cli.stdout, /^sent \d+ to planner \(live, events\)$/m);
      const [fromCli] = (await planner.waitForEvents(3, 15_000)).slice(2);
      assert.equal(fromCli.content, "from a shell on C");
      assert.equal(fromCli.meta.from_session, "cli:bob");
      assert.equal(fromCli.meta.from_user, "bob");

      // --bus is CC_DM_BUS_URL's twin: the same send with the URL only on the command line.
      const flag = await team.cli("c", "bob", ["--bus", team.busUrl("bob"), "send", "planner", "by --bus"], {
        extraEnv: { CC_DM_BUS_URL: "" },
      });
      assert.equal(flag.code, 0, flag.stderr);
      assert.equal((await planner.waitForEvents(4, 15_000))[3].content, "by --bus");

      // Mail for a name not started yet waits on the server, and arrives when it starts on C.
      const queued = await team.cli("b", "alice", [
        "send",
        "reviewer",
        "--queue",
        "please review when you start",
      ]);
      assert.equal(queued.code, 0, queued.stderr);
      assert.match(queued.stdout, /^queued \d+ for reviewer \(offline\)$/m);
      const reviewer = await team.channel("c", "bob", "reviewer");
      const [late] = await reviewer.waitForEvents(1, 15_000);
      assert.equal(late.content, "please review when you start");
      assert.equal(late.meta.from_session, "cli:alice");

      // Both machines see the same roster.
      for (const [id, member] of [["b", "alice"], ["c", "bob"]]) {
        const who = await team.cli(id, member, ["who", "--json"]);
        assert.equal(who.code, 0, who.stderr);
        const names = (JSON.parse(who.stdout).sessions as { name: string; status: string }[])
          .filter((s) => s.status === "live").map((s) => s.name).sort();
        assert.deepEqual(names, ["planner", "reviewer", "tester", "worker"]);
      }
      // Exactly once each: nothing delivered twice across the link.
      assert.equal(worker.events.length, 1);
      assert.equal(second.events.length, 1);
      assert.equal(reviewer.events.length, 1);
    } finally {
      await team.cleanup();
    }
  },
});

Deno.test({
  name: "two machines: `who` shows each session's machine and the database user the server vouches for",
  ignore: !netnsLikely(),
  fn: async () => {
    const team = await startTeamLab();
    try {
      await team.channel("b", "alice", "planner");
      await team.channel("c", "bob", "worker");
      const who = await team.cli("c", "bob", ["who", "--json"]);
      assert.equal(who.code, 0, who.stderr);
      const rows = Object.fromEntries(
        (JSON.parse(who.stdout).sessions as { name: string; host?: string; user?: string }[]).map((
          s,
        ) => [s.name, s]),
      );
      assert.equal(rows.planner.host, "machine-b");
      assert.equal(rows.worker.host, "machine-c");
      assert.equal(rows.planner.user, "alice");
      assert.equal(rows.worker.user, "bob");
      const table = await team.cli("b", "alice", ["who"]);
      assert.match(table.stdout, /^NAME +USER +HOST +ROLE/m);
      assert.match(table.stdout, /^planner +alice +machine-b /m);
      assert.match(table.stdout, /^worker +bob +machine-c /m);
    } finally {
      await team.cleanup();
    }
  },
});

Deno.test({
  name:
    "two machines over TLS (sslmode=require): mail crosses, and doctor on B reports TLS and every bus check ok",
  ignore: !netnsLikely(),
  fn: async () => {
    const team = await startTeamLab({ tls: true });
    try {
      const planner = await team.channel("b", "alice", "planner");
      const worker = await team.channel("c", "bob", "worker");
      const sent = await planner.call("dm", { to: "worker", content: "over TLS" });
      assert.equal(sent.isError, false, sent.text);
      assert.equal((await worker.waitForEvents(1, 15_000))[0].content, "over TLS");
      // The server takes only TLS from the lab's subnet (hostssl): a plain-text URL is refused clearly.
      const plain = await team.cli("c", "bob", ["who"], {
        extraEnv: { CC_DM_BUS_URL: team.pg.url("bob", "team", "sslmode=disable") },
      });
      assert.equal(plain.code, 1, plain.stdout);
      assert.match(plain.stderr, /^Error: /);
      assert.doesNotMatch(plain.stderr, /bob-pw/);
      const doctor = await team.cli("b", "alice", ["doctor", "--json"]);
      const checks = JSON.parse(doctor.stdout).checks as { id: string; status: string; message: string }[];
      const bus = checks.filter((c) => c.id.startsWith("bus."));
      const tls = bus.find((c) => c.id === "bus.tls");
      assert.match(tls?.message ?? "no bus.tls check", /^TLS TLSv1\.[23]/);
      assert.deepEqual(bus.filter((c) => c.status === "fail"), [], JSON.stringify(bus, null, 1));
      assert.doesNotMatch(doctor.stdout, /alice-pw/);
    } finally {
      await team.cleanup();
    }
  },
});

Deno.test({
  name:
    "two machines: the connection honours libpq's ways (~/.pgpass, PG* variables), and a bad URL is one clear error",
  ignore: !netnsLikely(),
  fn: async () => {
    const team = await startTeamLab({ members: ["alice"] });
    try {
      const env = team.env("b", "alice");
      const host = team.pg.host;
      const noPassword = `postgres://alice@${host}:${team.pg.port}/team`;
      const pgpass = `${env.HOME}/.pgpass`;
      await Deno.writeTextFile(pgpass, `${host}:${team.pg.port}:team:alice:alice-pw\n`, { mode: 0o600 });
      await Deno.chmod(pgpass, 0o600);
      const viaFile = await team.cli("b", "alice", ["who", "--json"], {
        extraEnv: { CC_DM_BUS_URL: noPassword },
      });
      assert.equal(viaFile.code, 0, viaFile.stderr);

      // libpq ignores a password file others can read; so does cc-dm, and says what failed.
      await Deno.chmod(pgpass, 0o644);
      const open = await team.cli("b", "alice", ["who"], { extraEnv: { CC_DM_BUS_URL: noPassword } });
      assert.equal(open.code, 1, open.stdout);
      assert.match(open.stderr, /^Error: .*password/im);
      assert.doesNotMatch(open.stderr, /alice-pw/);
      await Deno.remove(pgpass);

      // What the URL leaves out comes from PG* variables.
      const vars = await team.cli("b", "alice", ["who", "--json"], {
        extraEnv: {
          CC_DM_BUS_URL: "postgres://",
          PGHOST: host,
          PGPORT: String(team.pg.port),
          PGUSER: "alice",
          PGDATABASE: "team",
          PGPASSWORD: "alice-pw",
        },
      });
      assert.equal(vars.code, 0, vars.stderr);

      // The server's Unix socket directory as the host (libpq's ?host=/dir form).
      const socket = await team.cli("a", "alice", ["who", "--json"], {
        extraEnv: {
          CC_DM_BUS_URL: `postgres:///team?host=${encodeURIComponent(team.pg.socketDir)}&user=alice`,
        },
      });
      assert.equal(socket.code, 0, socket.stderr);

      // A parameter libpq does not have is named, not sent to the server as a setting.
      const typo = await team.cli("b", "alice", ["who"], {
        extraEnv: { CC_DM_BUS_URL: `${team.busUrl("alice")}?sslmod=require` },
      });
      assert.equal(typo.code, 1, typo.stdout);
      assert.match(typo.stderr, /unknown parameter "sslmod"/);
      assert.doesNotMatch(typo.stderr, /alice-pw/);
    } finally {
      await team.cleanup();
    }
  },
});
