// The follower behind `cc-dm tail`, one step at a time on a real bus (no background loop).
import assert from "node:assert/strict";
import type { Bus, StoredMessage } from "../lib/bus/bus.ts";
import { openBus } from "../lib/bus/open_bus.ts";
import { TrafficFollower } from "../lib/mail/traffic_follow.ts";
import { tempHome } from "./helpers/temp_home.ts";

async function send(bus: Bus, from: string, to: string, content: string): Promise<StoredMessage> {
  return await bus.insertMessage({
    from,
    fromRole: "worker",
    fromProject: "",
    to,
    recipients: [to],
    content,
    priority: "normal",
    messageType: "chat",
    threadId: null,
    inReplyTo: null,
    meta: {},
  });
}

Deno.test("follower step: recent history first, then each new message once, filtered, never claimed", async () => {
  const t = await tempHome();
  const bus = await openBus(t.env);
  try {
    for (const text of ["old 1", "old 2", "old 3"]) await send(bus, "a", "b", text);
    const follower = await TrafficFollower.start(bus, { session: "b" });
    assert.deepEqual((await follower.recent(2)).map((m) => m.content), ["old 2", "old 3"]);
    const seen: string[] = [];
    const step = () => follower.step({ onMessages: (ms) => void seen.push(...ms.map((m) => m.content)) });
    await step();
    assert.deepEqual(seen, [], "nothing new yet");
    await send(bus, "a", "b", "new 1");
    await send(bus, "a", "c", "not for b");
    await send(bus, "c", "b", "new 2");
    await step();
    assert.deepEqual(seen, ["new 1", "new 2"]);
    await step();
    assert.deepEqual(seen, ["new 1", "new 2"], "each once");
    assert.equal(
      (await bus.queuedMail()).find((q) => q.recipient === "b")?.count,
      5,
      "following claims nothing",
    );
    await follower.close();
  } finally {
    await bus.close();
    await t.cleanup();
  }
});

Deno.test("follower: a send wakes follow() at once (no safety poll needed)", async () => {
  const t = await tempHome();
  const bus = await openBus(t.env);
  const controller = new AbortController();
  try {
    const follower = await TrafficFollower.start(bus, {});
    await follower.recent(0);
    const got = new Promise<string>((resolve) => {
      follower.follow({
        signal: controller.signal,
        safetyPollMs: 60_000,
        onMessages: (ms) => resolve(ms[0].content),
      });
    });
    await send(bus, "a", "b", "wake up");
    assert.equal(await got, "wake up");
    controller.abort();
    await follower.close();
  } finally {
    await bus.close();
    await t.cleanup();
  }
});
