import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { openBus } from "../lib/bus/open_bus.ts";
import type { Bus } from "../lib/bus/bus.ts";
import { claimOf, newMessage, testClock } from "./helpers/bus_contract.ts";
import { tempHome } from "./helpers/temp_home.ts";

// The SQLite engine claims a pushing session's mail for its holder inside the sender's
// transaction (lib/bus/sqlite/pending_sql.ts INSERT_DELIVERY): the recipient's wake-up then only
// reads and pushes, with no write before the push. These cases hold the promises around it:
// nobody else takes such mail, the holder is handed it once, and whatever stops the holder
// from pushing (a pull route, leaving, a lease that runs out) makes it mail again.

const LEASE_MS = 30_000;

async function withBus(
  run: (bus: Bus, clock: ReturnType<typeof testClock>, file: string) => Promise<void>,
): Promise<void> {
  const t = await tempHome();
  const clock = testClock();
  const bus = await openBus(t.env, { clock });
  try {
    await run(bus, clock, join(t.ccDmHome, "bus.db"));
  } finally {
    await bus.close();
    await t.cleanup();
  }
}

const contents = (deliveries: { message: { content: string } }[]) => deliveries.map((d) => d.message.content);

Deno.test("claimed at insert for a pushing holder: nobody else takes it, the holder is handed it once", async () => {
  await withBus(async (bus) => {
    const rx = claimOf("rx", { delivery: "events" });
    await bus.claimSession(rx);
    const m = await bus.insertMessage(newMessage("tx", "rx", "for rx"));
    assert.deepEqual(await bus.claimDeliveries("rx", "hook:1", LEASE_MS, 10), [], "a hook cannot take it");
    const handed = await bus.claimDeliveries("rx", rx.instance, LEASE_MS, 10);
    assert.deepEqual(contents(handed), ["for rx"]);
    assert.deepEqual(await bus.claimDeliveries("rx", rx.instance, LEASE_MS, 10), [], "handed once");
    assert.deepEqual(await bus.ackAndClaim([handed[0].deliveryId], "rx", rx.instance, LEASE_MS, 10), []);
    assert.deepEqual(await bus.deliveryStates(m.id), [{ recipient: "rx", delivered: true }]);
  });
});

Deno.test("a burst claimed at insert is handed in batches, each message once, in order", async () => {
  await withBus(async (bus) => {
    const rx = claimOf("rx", { delivery: "socket" });
    await bus.claimSession(rx);
    for (let i = 0; i < 7; i++) await bus.insertMessage(newMessage("tx", "rx", `m${i}`));
    const first = await bus.claimDeliveries("rx", rx.instance, LEASE_MS, 3);
    const second = await bus.ackAndClaim(first.map((d) => d.deliveryId), "rx", rx.instance, LEASE_MS, 3);
    const third = await bus.claimDeliveries("rx", rx.instance, LEASE_MS, 3); // second not acked yet
    assert.deepEqual([...contents(first), ...contents(second), ...contents(third)], [
      "m0",
      "m1",
      "m2",
      "m3",
      "m4",
      "m5",
      "m6",
    ]);
    assert.deepEqual(await bus.claimDeliveries("rx", rx.instance, LEASE_MS, 3), []);
  });
});

Deno.test("a session that pulls its mail (hooks, inbox) gets it unclaimed, for its hooks", async () => {
  await withBus(async (bus) => {
    for (const delivery of ["hooks", "inbox"] as const) {
      const name = `rx-${delivery}`;
      await bus.claimSession(claimOf(name, { delivery }));
      await bus.insertMessage(newMessage("tx", name, "pull me"));
      assert.deepEqual(
        contents(await bus.claimDeliveries(name, "hook:1", LEASE_MS, 10)),
        ["pull me"],
        delivery,
      );
    }
  });
});

Deno.test("turning to a pull route hands back what was claimed at insert and not handed; what was handed stays", async () => {
  await withBus(async (bus) => {
    const rx = claimOf("rx", { delivery: "events" });
    await bus.claimSession(rx);
    await bus.insertMessage(newMessage("tx", "rx", "handed, awaiting its receipt"));
    const [handed] = await bus.claimDeliveries("rx", rx.instance, LEASE_MS, 10);
    await bus.insertMessage(newMessage("tx", "rx", "claimed at insert, never handed"));
    assert.equal(
      await bus.setDelivery("rx", rx.instance, "hooks", "events stopped reaching the model"),
      true,
    );
    assert.deepEqual(contents(await bus.claimDeliveries("rx", "hook:1", LEASE_MS, 10)), [
      "claimed at insert, never handed",
    ]);
    await bus.insertMessage(newMessage("tx", "rx", "after the switch"));
    assert.deepEqual(contents(await bus.claimDeliveries("rx", "hook:2", LEASE_MS, 10)), ["after the switch"]);
    // The receipt of the handed one still settles it.
    await bus.ackDeliveries([handed.deliveryId], rx.instance);
    assert.deepEqual(await bus.deliveryStates(handed.message.id), [{ recipient: "rx", delivered: true }]);
  });
});

Deno.test("claimed at insert and not taken: mail again when the lease runs out, or the holder leaves", async () => {
  await withBus(async (bus, clock) => {
    const a = claimOf("a", { delivery: "events" });
    await bus.claimSession(a);
    await bus.insertMessage(newMessage("tx", "a", "lease"));
    assert.deepEqual(await bus.claimDeliveries("a", "hook:1", LEASE_MS, 10), []);
    clock.advance(LEASE_MS + 1);
    assert.deepEqual(contents(await bus.claimDeliveries("a", "hook:1", LEASE_MS, 10)), ["lease"]);

    const b = claimOf("b", { delivery: "events" });
    await bus.claimSession(b);
    await bus.insertMessage(newMessage("tx", "b", "left"));
    await bus.leaveSession("b", b.instance);
    const next = claimOf("b", { delivery: "events" });
    await bus.claimSession(next);
    assert.deepEqual(contents(await bus.claimDeliveries("b", next.instance, LEASE_MS, 10)), ["left"]);
  });
});

Deno.test("handed back by its holder (a rename, a failed push): handed to it again, once", async () => {
  await withBus(async (bus) => {
    const rx = claimOf("rx", { delivery: "events" });
    await bus.claimSession(rx);
    await bus.insertMessage(newMessage("tx", "rx", "again"));
    const [first] = await bus.claimDeliveries("rx", rx.instance, LEASE_MS, 10);
    await bus.releaseDeliveries([first.deliveryId], rx.instance);
    assert.deepEqual(contents(await bus.claimDeliveries("rx", rx.instance, LEASE_MS, 10)), ["again"]);
    assert.deepEqual(await bus.claimDeliveries("rx", rx.instance, LEASE_MS, 10), []);
  });
});

Deno.test("a holder from an older cc-dm (still running through an upgrade) gets its mail unclaimed, as it expects", async () => {
  await withBus(async (bus, _clock, file) => {
    const old = claimOf("old", { delivery: "events" });
    await bus.claimSession(old);
    // What an older channel's claim leaves: the column's default (it does not know it).
    const db = new DatabaseSync(file);
    db.exec("UPDATE sessions SET claims_at_insert = 0 WHERE name = 'old'");
    db.close();
    await bus.insertMessage(newMessage("tx", "old", "for the old one"));
    // An older channel claims with its own query: claimed_by IS NULL. A hook's claim stands for it.
    assert.deepEqual(contents(await bus.claimDeliveries("old", "older-claimer", LEASE_MS, 10)), [
      "for the old one",
    ]);
  });
});
