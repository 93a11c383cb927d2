import assert from "node:assert/strict";
import type { Bus, NewMessage, SessionClaim } from "../../lib/bus/bus.ts";
import { BusError } from "../../lib/bus/errors.ts";
import { NameTakenError } from "../../lib/errors.ts";
import { RETENTION } from "../../lib/mail/retention.ts";
import { thisProcess } from "../../lib/sessions/liveness.ts";

// The contract every bus engine keeps (litestream's RunWithReplicaClient habit): one suite,
// run unchanged on each engine by tests/bus_contract_test.ts with that engine's harness.
// Cases speak only to the Bus interface; what only one engine has (file modes, the 1.x bus,
// busy timeouts) stays in that engine's own tests.

/** The engine-level test clock: every stored time comes from it, and tests move it. */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

/** How the suite gets buses of one engine. */
export interface BusHarness {
  /**
   * Open the current bus (a new connection each call) with the engine clock `clock`; with
   * `mustExist`, as read commands do (BusError "missing" when it was never created).
   */
  open(clock: TestClock, options?: { mustExist?: boolean }): Promise<Bus>;
  /** Make a new, empty bus the current one (before each case). */
  fresh(): Promise<void>;
  /** Remove the current bus (after each case). */
  cleanup(): Promise<void>;
  /** Environment under which a child process (`openBus(env)`) opens the current bus. */
  childEnv(): Record<string, string>;
}

/** What a case gets: connections to one fresh bus, sharing one clock. */
export interface ContractContext {
  clock: TestClock;
  /** A new connection to the case's bus; closed after the case. */
  open(options?: { mustExist?: boolean }): Promise<Bus>;
  childEnv(): Record<string, string>;
}

export interface ContractCase {
  name: string;
  run(ctx: ContractContext): Promise<void>;
}

/** A clock an hour behind the system's: times that came from it are told apart from Date.now(). */
export function testClock(start = Math.floor(Date.now() - 3_600_000)): TestClock {
  let now = start;
  return { now: () => now, advance: (ms) => (now += ms) };
}

/** A dm from `from` to `to` (or a broadcast to `recipients`). */
export function newMessage(
  from: string,
  to: string | null,
  content: string,
  extra: Partial<NewMessage> = {},
): NewMessage {
  return {
    from,
    fromRole: "worker",
    fromProject: "",
    to,
    recipients: to === null ? [] : [to],
    content,
    priority: "normal",
    messageType: "chat",
    threadId: null,
    inReplyTo: null,
    meta: {},
    ...extra,
  };
}

/** A claim of `name` by this process under a new instance id. */
export function claimOf(name: string, extra: Partial<SessionClaim> = {}): SessionClaim {
  return {
    name,
    role: "worker",
    project: "",
    kind: "claude",
    ...thisProcess(),
    instance: crypto.randomUUID(),
    cwd: "/work",
    claudeSessionId: null,
    delivery: "events",
    deliveryReason: "",
    acceptFrom: null,
    rejectFrom: null,
    ...extra,
  };
}

const LEASE_MS = 30_000;
const WAKE_WAIT_MS = 10_000;
/** How close an engine's stamp must be to its clock (PostgreSQL adds an offset to its own now()). */
const CLOCK_SLACK_MS = 2_000;

function near(actual: number, expected: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) < CLOCK_SLACK_MS,
    `${what}: ${actual} is not the engine clock's ${expected}`,
  );
}

const HOLD_AND_DIE = new URL("./hold_and_die.ts", import.meta.url).pathname;

/** A child process claims `name` and exits without leaving (as a killed session does). */
async function holderThatDies(env: Record<string, string>, name: string): Promise<void> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--quiet", HOLD_AND_DIE, name],
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  assert.equal(text.trim(), "claimed");
}

export const busContractCases: ContractCase[] = [
  {
    name: "claim atomicity: two claimers racing on one recipient get each delivery once",
    async run({ open }) {
      const writer = await open();
      const total = 300;
      for (let i = 0; i < total; i++) await writer.insertMessage(newMessage("s", "r", `m${i}`));
      const [a, b] = [await open(), await open()];
      const race = async (bus: Bus, claimer: string) => {
        const ids: number[] = [];
        for (;;) {
          const batch = await bus.claimDeliveries("r", claimer, LEASE_MS, 3);
          if (batch.length === 0) return ids;
          ids.push(...batch.map((d) => d.message.id));
          await bus.ackDeliveries(batch.map((d) => d.deliveryId), claimer);
        }
      };
      const lists = await Promise.all([race(a, "A"), race(b, "B")]);
      const all = lists.flat();
      assert.equal(all.length, total, `claimed ${lists.map((l) => l.length).join(" + ")}`);
      assert.equal(new Set(all).size, total, "no message claimed twice");
      assert.ok(lists.every((l) => l.length > 0), "both claimers took part in the race");
      assert.deepEqual(await writer.queuedMail(), []);
    },
  },
  {
    name: "lease expiry: an unacknowledged claim is handed out again after its lease, by the engine clock",
    async run({ open, clock }) {
      const bus = await open();
      const m = await bus.insertMessage(newMessage("s", "r", "once"));
      const first = await bus.claimDeliveries("r", "crashed", LEASE_MS, 10);
      assert.deepEqual(first.map((d) => d.message.id), [m.id]);
      clock.advance(LEASE_MS - 1000);
      assert.deepEqual(await bus.claimDeliveries("r", "other", LEASE_MS, 10), [], "claimed, lease running");
      clock.advance(2000);
      const again = await bus.claimDeliveries("r", "other", LEASE_MS, 10);
      assert.deepEqual(again.map((d) => d.message.id), [m.id], "the lease ran out");
      await bus.ackDeliveries([first[0].deliveryId], "crashed");
      assert.equal((await bus.queuedMail())[0]?.count, 1, "a stale claimer's ack is ignored");
      await bus.ackDeliveries([again[0].deliveryId], "other");
      assert.deepEqual(await bus.queuedMail(), []);
    },
  },
  {
    name: "renewed and released claims: renew restarts the lease, release hands the mail back at once",
    async run({ open, clock }) {
      const bus = await open();
      await bus.insertMessage(newMessage("s", "r", "kept"));
      const [d] = await bus.claimDeliveries("r", "me", LEASE_MS, 10);
      clock.advance(LEASE_MS - 1000);
      await bus.renewDeliveries([d.deliveryId], "me");
      clock.advance(2000);
      assert.deepEqual(await bus.claimDeliveries("r", "other", LEASE_MS, 10), [], "renewed: still mine");
      await bus.releaseDeliveries([d.deliveryId], "me");
      assert.deepEqual(
        (await bus.claimDeliveries("r", "other", LEASE_MS, 10)).map((x) => x.message.content),
        [
          "kept",
        ],
      );
    },
  },
  {
    name: "ackAndClaim acknowledges one batch and claims the next; only the claimer's acks count",
    async run({ open }) {
      const bus = await open();
      for (let i = 0; i < 3; i++) await bus.insertMessage(newMessage("s", "r", `m${i}`));
      const first = await bus.ackAndClaim([], "r", "me", LEASE_MS, 2);
      assert.deepEqual(first.map((d) => d.message.content), ["m0", "m1"]);
      const next = await bus.ackAndClaim(first.map((d) => d.deliveryId), "r", "me", LEASE_MS, 2);
      assert.deepEqual(next.map((d) => d.message.content), ["m2"]);
      await bus.ackAndClaim(next.map((d) => d.deliveryId), "r", "someone-else", LEASE_MS, 2);
      assert.equal((await bus.queuedMail())[0]?.count, 1);
      await bus.ackDeliveries(next.map((d) => d.deliveryId), "me");
      assert.deepEqual(await bus.queuedMail(), []);
      assert.deepEqual(
        (await bus.deliveryStates(first[0].message.id)).map((s) => s.delivered),
        [true],
      );
    },
  },
  {
    name: "reply filter: only the answers to one message are claimed, other mail stays queued",
    async run({ open }) {
      const bus = await open();
      const question = await bus.insertMessage(newMessage("cli:asker", "w", "question?"));
      await bus.insertMessage(newMessage("x", "cli:asker", "unrelated"));
      const threaded = await bus.insertMessage(
        newMessage("w", "cli:asker", "in its thread", { threadId: question.threadId }),
      );
      const reply = await bus.insertMessage(
        newMessage("w", "cli:asker", "names it", { inReplyTo: String(question.id) }),
      );
      const only = { threadId: question.threadId, messageId: question.id };
      const got = await bus.claimDeliveries("cli:asker", "ask", LEASE_MS, 10, only);
      assert.deepEqual(got.map((d) => d.message.id), [threaded.id, reply.id]);
      const rest = await bus.claimDeliveries("cli:asker", "inbox", LEASE_MS, 10);
      assert.deepEqual(rest.map((d) => d.message.content), ["unrelated"]);
    },
  },
  {
    name: "wake after commit: when the wake-up arrives, another connection can claim the message",
    async run({ open }) {
      const [reader, writer] = [await open(), await open()];
      const sub = await reader.subscribe("r");
      try {
        const woken = sub.next(WAKE_WAIT_MS);
        const m = await writer.insertMessage(newMessage("s", "r", "visible"));
        assert.equal(await woken, true, "woken");
        const got = await reader.claimDeliveries("r", "reader", LEASE_MS, 10);
        assert.deepEqual(
          got.map((d) => d.message.id),
          [m.id],
          "the message is committed when the wake-up comes",
        );
      } finally {
        await sub.close();
      }
    },
  },
  {
    name:
      "subscribe before insert: a message stored right after subscribe resolves wakes the recipient and traffic",
    async run({ open }) {
      const [reader, writer] = [await open(), await open()];
      const mine = await reader.subscribe("r");
      const traffic = await reader.subscribe(null);
      try {
        // No wait between: "subscribe, then send" is what ask and tail rely on.
        await writer.insertMessage(newMessage("s", "r", "right away"));
        assert.equal(await mine.next(WAKE_WAIT_MS), true, "the recipient is woken");
        assert.equal(await traffic.next(WAKE_WAIT_MS), true, "the traffic follower is woken");
      } finally {
        await mine.close();
        await traffic.close();
      }
      assert.equal(await mine.next(10), false, "a closed subscription wakes no more");
    },
  },
  {
    name: "prune: old delivered mail and old offline sessions go, undelivered mail and the newest N stay",
    async run({ open, clock }) {
      const bus = await open();
      const day = 24 * 3600_000;
      const old = await bus.insertMessage(newMessage("s", "r", "old, delivered"));
      const waiting = await bus.insertMessage(newMessage("s", "q", "old, undelivered"));
      const claimed = await bus.claimDeliveries("r", "c", LEASE_MS, 10);
      await bus.ackDeliveries(claimed.map((d) => d.deliveryId), "c");
      const gone = claimOf("gone");
      await bus.claimSession(gone);
      await bus.leaveSession("gone", gone.instance);
      const kept = claimOf("q");
      await bus.claimSession(kept);
      await bus.leaveSession("q", kept.instance); // offline, but mail waits for it
      assert.deepEqual(await bus.prune(RETENTION), { messages: 0, sessions: 0 }, "nothing is old yet");
      clock.advance(31 * day);
      const fresh = await bus.insertMessage(newMessage("s", "r", "new"));
      const pruned = await bus.prune(RETENTION);
      assert.deepEqual(pruned, { messages: 1, sessions: 1 });
      assert.equal(await bus.message(old.id), undefined);
      assert.ok(await bus.message(waiting.id));
      assert.ok(await bus.message(fresh.id));
      assert.deepEqual((await bus.sessions()).map((s) => s.name), ["q"]);

      const byCount = { ...RETENTION, deliveredMaxCount: 2 };
      for (let i = 0; i < 4; i++) await bus.insertMessage(newMessage("s", "r", `n${i}`));
      const rest = await bus.claimDeliveries("r", "c", LEASE_MS, 10);
      await bus.ackDeliveries(rest.map((d) => d.deliveryId), "c");
      assert.equal((await bus.prune(byCount)).messages, 3);
      // The undelivered one is kept though it is older than the newest two.
      assert.deepEqual((await bus.history({ limit: 10 })).map((m) => m.content), [
        "old, undelivered",
        "n2",
        "n3",
      ]);
      assert.deepEqual(await bus.prune(byCount), { messages: 0, sessions: 0 });
    },
  },
  {
    name: "name held: NameTakenError while the holder is online, free after it leaves",
    async run({ open }) {
      const [one, two] = [await open(), await open()];
      const first = claimOf("backend");
      const row = await one.claimSession(first);
      assert.equal(row.online, true);
      assert.equal(row.instance, first.instance);
      await assert.rejects(() => two.claimSession(claimOf("backend")), NameTakenError);
      assert.equal(
        (await two.session("backend"))?.instance,
        first.instance,
        "the failed claim changed nothing",
      );
      await one.leaveSession("backend", first.instance);
      const offline = await two.session("backend");
      assert.equal(offline?.online, false);
      assert.equal(offline?.instance, null);
      const second = claimOf("backend");
      assert.equal((await two.claimSession(second)).instance, second.instance);
      assert.equal(await one.touchSession("backend", first.instance), false, "the old holder lost it");
      assert.equal(await two.touchSession("backend", second.instance), true);
    },
  },
  {
    name: "name held: free as soon as its holder's process is gone, and the claims it left are mail again",
    async run({ open, childEnv }) {
      const bus = await open();
      await bus.insertMessage(newMessage("s", "worker", "left claimed"));
      await holderThatDies(childEnv(), "worker");
      // A server sees the connection of a process that exited drop within milliseconds, not at
      // once: a network engine may take a moment (SQLite checks the pid, and is at once).
      let dead = await bus.session("worker");
      for (const until = Date.now() + 5_000; dead?.online && Date.now() < until;) {
        await new Promise((r) => setTimeout(r, 20));
        dead = await bus.session("worker");
      }
      assert.ok(dead, "the child's claim is stored");
      assert.equal(dead.online, false, "its holder is gone");
      const next = claimOf("worker");
      await bus.claimSession(next);
      const got = await bus.claimDeliveries("worker", next.instance, LEASE_MS, 10);
      assert.deepEqual(got.map((d) => d.message.content), ["left claimed"]);
    },
  },
  {
    name: "name held: leaving releases the leaver's unacknowledged claims",
    async run({ open }) {
      const bus = await open();
      const me = claimOf("r");
      await bus.claimSession(me);
      await bus.insertMessage(newMessage("s", "r", "unshown"));
      assert.equal((await bus.claimDeliveries("r", me.instance, LEASE_MS, 10)).length, 1);
      await bus.leaveSession("r", me.instance);
      const again = await bus.claimDeliveries("r", "next", LEASE_MS, 10);
      assert.deepEqual(again.map((d) => d.message.content), ["unshown"]);
    },
  },
  {
    name: "engine time: sent_at, started_at, last_seen and status times come from the engine clock",
    async run({ open, clock }) {
      assert.ok(
        Math.abs(clock.now() - Date.now()) > 10 * CLOCK_SLACK_MS,
        "the test clock is not the system's",
      );
      const bus = await open();
      const m = await bus.insertMessage(newMessage("s", "r", "when?"));
      near(m.createdAt, clock.now(), "createdAt of the receipt");
      near((await bus.message(m.id))!.createdAt, clock.now(), "createdAt as stored");
      const me = claimOf("timed");
      const row = await bus.claimSession(me);
      near(row.startedAt, clock.now(), "startedAt");
      near(row.lastSeen, clock.now(), "lastSeen");
      clock.advance(60_000);
      assert.equal(await bus.touchSession("timed", me.instance, "polling"), true);
      const touched = (await bus.session("timed"))!;
      near(touched.lastSeen, clock.now(), "lastSeen after a heartbeat");
      assert.equal(touched.health, "polling");
      assert.equal(touched.online, true, "a heartbeat an hour off the system clock is still this process");

      assert.equal(await bus.setStatus("timed", me.instance, "reviewing"), true);
      near((await bus.session("timed"))!.statusAt!, clock.now(), "statusAt");
      assert.equal(await bus.setState("timed", "busy"), true);
      near((await bus.session("timed"))!.stateSince!, clock.now(), "stateSince");
      clock.advance(5000);
      assert.equal(await bus.setState("timed", "idle", { statusFreshMs: 10_000 }), true);
      assert.equal((await bus.session("timed"))!.statusText, "reviewing", "a fresh status stays at idle");
      await bus.setState("timed", "busy");
      clock.advance(20_000);
      await bus.setState("timed", "idle", { statusFreshMs: 10_000 });
      assert.equal((await bus.session("timed"))!.statusText, null, "an old status is cleared at idle");
    },
  },
  {
    name: "CLI send: the sender's row is written offline with the message; replies queue for it",
    async run({ open, clock }) {
      const bus = await open();
      const w = claimOf("w");
      await bus.claimSession(w);
      const m = await bus.insertCliMessage(
        newMessage("cli:bob", "w", "hello", { fromRole: "cli", fromProject: "web" }),
        { cwd: "/home/bob", host: "bobs-laptop" },
      );
      near(m.createdAt, clock.now(), "createdAt");
      const row = (await bus.session("cli:bob"))!;
      assert.equal(row.kind, "cli");
      assert.equal(row.online, false);
      assert.equal(row.instance, null);
      assert.deepEqual([row.role, row.project, row.cwd, row.host], [
        "cli",
        "web",
        "/home/bob",
        "bobs-laptop",
      ]);
      const taken = await bus.claimDeliveries("w", w.instance, LEASE_MS, 10);
      assert.deepEqual(taken.map((d) => d.message.id), [m.id]);
      await bus.ackDeliveries(taken.map((d) => d.deliveryId), w.instance);
      await bus.insertMessage(newMessage("w", "cli:bob", "hi bob", { inReplyTo: String(m.id) }));
      assert.deepEqual(await bus.queuedMail().then((q) => q.map((x) => x.recipient)), ["cli:bob"]);
    },
  },
  {
    name:
      "CLI send: a live Claude session holding the name refuses it (NameTakenError, nothing stored); a live ask keeps its row",
    async run({ open }) {
      const bus = await open();
      const squatter = claimOf("cli:eve", { kind: "claude" });
      await bus.claimSession(squatter);
      await assert.rejects(
        () => bus.insertCliMessage(newMessage("cli:eve", "w", "forged?"), { cwd: "/", host: "h" }),
        NameTakenError,
      );
      assert.deepEqual(await bus.history({ limit: 10 }), [], "nothing was stored");
      assert.equal((await bus.session("cli:eve"))?.instance, squatter.instance, "the holder keeps its row");

      const ask = claimOf("cli:ann", { kind: "cli" });
      await bus.claimSession(ask);
      const m = await bus.insertCliMessage(newMessage("cli:ann", "w", "from another terminal"), {
        cwd: "/",
        host: "h",
      });
      const row = (await bus.session("cli:ann"))!;
      assert.equal(row.instance, ask.instance, "the ask still holds its name");
      assert.equal(row.online, true);
      assert.equal((await bus.message(m.id))?.fromInstance, ask.instance);
    },
  },
  {
    name:
      "holder-only writes: a name's row changes only for the instance that holds it; forgetting it keeps its mail",
    async run({ open }) {
      const bus = await open();
      const me = claimOf("w", { delivery: "events" });
      await bus.claimSession(me);
      assert.equal(await bus.setDelivery("w", "not-me", "inbox", "nope"), false);
      assert.equal(await bus.setStatus("w", "not-me", "nope"), false);
      assert.equal(await bus.touchSession("w", "not-me"), false);
      assert.equal(await bus.setDelivery("w", me.instance, "hooks", "socket refused"), true);
      const row = (await bus.session("w"))!;
      assert.deepEqual([row.delivery, row.deliveryReason, row.statusText], ["hooks", "socket refused", null]);
      await bus.leaveSession("w", "not-me");
      assert.equal((await bus.session("w"))?.online, true, "a leave by another instance changes nothing");
      await bus.leaveSession("w", me.instance);
      assert.equal(await bus.setState("w", "busy"), false, "offline: no state");
      await bus.insertMessage(newMessage("s", "w", "kept"));
      assert.equal(await bus.forgetSession("w"), true);
      assert.equal(await bus.session("w"), undefined);
      assert.equal(await bus.forgetSession("w"), false);
      assert.deepEqual((await bus.claimDeliveries("w", "next", LEASE_MS, 10)).map((d) => d.message.content), [
        "kept",
      ]);
    },
  },
  {
    name:
      "queued mail: a count and the oldest time per recipient; a broadcast is one message, one delivery each",
    async run({ open, clock }) {
      const bus = await open();
      const first = await bus.insertMessage(newMessage("s", "a", "one"));
      clock.advance(5000);
      await bus.insertMessage(newMessage("s", "a", "two"));
      const all = await bus.insertMessage(newMessage("s", null, "to both", { recipients: ["a", "b"] }));
      const queued = await bus.queuedMail();
      assert.deepEqual(queued.map((q) => [q.recipient, q.count]), [["a", 3], ["b", 1]]);
      near(queued[0].oldest, first.createdAt, "oldest of a");
      near(queued[1].oldest, all.createdAt, "oldest of b");
      assert.deepEqual(
        (await bus.deliveryStates(all.id)).map((d) => [d.recipient, d.delivered]).sort(),
        [["a", false], ["b", false]],
      );
      const [forB] = await bus.claimDeliveries("b", "rb", LEASE_MS, 10);
      await bus.ackDeliveries([forB.deliveryId], "rb");
      assert.deepEqual(
        (await bus.deliveryStates(all.id)).map((d) => [d.recipient, d.delivered]).sort(),
        [["a", false], ["b", true]],
      );
      assert.deepEqual(await bus.deliveryStates(999_999), []);
      assert.equal(await bus.message(999_999), undefined);
    },
  },
  {
    name: "history: by session (sent by it or addressed to it, broadcasts too), newest N, after an id",
    async run({ open }) {
      const bus = await open();
      const sent = await bus.insertMessage(newMessage("x", "a", "x to a"));
      await bus.insertMessage(newMessage("a", "b", "a to b"));
      const got = await bus.insertMessage(newMessage("a", "x", "a to x"));
      const all = await bus.insertMessage(newMessage("a", null, "a to all", { recipients: ["b", "x"] }));
      const names = (ms: { content: string }[]) => ms.map((m) => m.content);
      assert.deepEqual(names(await bus.history({ session: "x", limit: 10 })), [
        "x to a",
        "a to x",
        "a to all",
      ]);
      assert.deepEqual(names(await bus.history({ session: "x", limit: 2 })), ["a to x", "a to all"]);
      assert.deepEqual(names(await bus.history({ session: "x", limit: 10, afterId: got.id })), ["a to all"]);
      assert.deepEqual((await bus.history({ session: "x", limit: 10 })).map((m) => m.id), [
        sent.id,
        got.id,
        all.id,
      ]);
      assert.deepEqual((await bus.message(all.id))?.recipients.sort(), ["b", "x"]);
      assert.deepEqual(names(await bus.history({ thread: sent.threadId, limit: 10 })), ["x to a"]);
      assert.deepEqual(names(await bus.history({ session: "nobody", limit: 10 })), []);
    },
  },
  {
    name: "typed errors: mustExist on a bus never created is BusError missing; created, it opens",
    async run({ open }) {
      await assert.rejects(
        () => open({ mustExist: true }),
        (err) => err instanceof BusError && err.kind === "missing",
      );
      await (await open()).insertMessage(newMessage("s", "r", "creates it"));
      const reader = await open({ mustExist: true });
      assert.equal((await reader.history({ limit: 1 }))[0]?.content, "creates it");
    },
  },
];

/** Register every contract case as a Deno test on `engineName`'s harness. */
export function runBusContract(engineName: string, harness: BusHarness): void {
  for (const c of busContractCases) {
    Deno.test(`${engineName} bus contract: ${c.name}`, async () => {
      await harness.fresh();
      const clock = testClock();
      const opened: Bus[] = [];
      try {
        await c.run({
          clock,
          open: async (options) => {
            const bus = await harness.open(clock, options);
            opened.push(bus);
            return bus;
          },
          childEnv: () => harness.childEnv(),
        });
      } finally {
        for (const bus of opened) await bus.close();
        await harness.cleanup();
      }
    });
  }
}
