// FirstPush on its own: the steps of a client fed in by hand, the moment `ready` resolves
// observed. The channel-level tests (channel_first_push_test.ts) and the e2e queued-mail test
// show the same against the real channel and a real Claude Code.
import assert from "node:assert/strict";
import { FIRST_PUSH_AFTER_TOOLS_MS } from "../lib/channel/channel_config.ts";
import { FirstPush, type FirstPushPlan } from "../lib/channel/first_push.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function firstPush(plan: FirstPushPlan, delayMs: number) {
  let asked = 0;
  let failNotify = false;
  let ready = false;
  const push = new FirstPush({
    plan,
    delayMs,
    notifyListChanged: () => {
      asked++;
      return failNotify ? Promise.reject(new Error("stdout closed")) : Promise.resolve();
    },
  });
  push.ready.then(() => (ready = true));
  return {
    push,
    asked: () => asked,
    ready: () => ready,
    failNotify: () => (failNotify = true),
  };
}

Deno.test("FirstPush signal: nothing before the client lists again, then at once; asking stops", async () => {
  const f = firstPush("signal", 10_000);
  assert.equal(f.push.declaresListChanged, true);
  f.push.initialized();
  f.push.toolsListRequest(1);
  f.push.toolsListed();
  await sleep(30);
  assert.ok(f.asked() >= 3, `asked ${f.asked()} times in 30 ms`);
  assert.equal(f.ready(), false);
  f.push.toolsListRequest(2);
  await sleep(0);
  assert.equal(f.ready(), true);
  const asked = f.asked();
  await sleep(20);
  assert.equal(f.asked(), asked, "no more tools/list_changed once ready");
  f.push.close();
});

Deno.test("FirstPush signal: a second tools/list before the channel asked is no sign", async () => {
  const f = firstPush("signal", 10_000);
  f.push.initialized();
  f.push.toolsListRequest(1);
  f.push.toolsListRequest(2);
  await sleep(10);
  assert.equal(f.ready(), false, "the client listed twice on its own");
  f.push.toolsListed();
  f.push.toolsListRequest(3);
  await sleep(0);
  assert.equal(f.ready(), true);
  f.push.close();
});

Deno.test("FirstPush signal: a client that never asks again is pushed to after the delay", async () => {
  const f = firstPush("signal", 60);
  const start = performance.now();
  f.push.initialized();
  f.push.toolsListed();
  await f.push.ready;
  assert.ok(performance.now() - start >= 55);
  const asked = f.asked();
  await sleep(20);
  assert.equal(f.asked(), asked, "asking stopped with the delay");
});

Deno.test("FirstPush signal: stdout failing stops the asking; the delay still ends the wait", async () => {
  const f = firstPush("signal", 60);
  f.failNotify();
  f.push.initialized();
  f.push.toolsListed();
  await sleep(30);
  assert.equal(f.asked(), 1, "no retry on a dead stdout");
  await f.push.ready;
});

Deno.test("FirstPush margin: FIRST_PUSH_AFTER_TOOLS_MS after the tools/list answer, no tools/list_changed", async () => {
  const f = firstPush("margin", 10_000);
  assert.equal(f.push.declaresListChanged, false);
  f.push.initialized();
  const listed = performance.now();
  f.push.toolsListed();
  f.push.toolsListRequest(2);
  await f.push.ready;
  assert.ok(performance.now() - listed >= FIRST_PUSH_AFTER_TOOLS_MS - 5);
  assert.equal(f.asked(), 0);
});

Deno.test("FirstPush margin: never longer than the delay", async () => {
  const f = firstPush("margin", 40);
  const start = performance.now();
  f.push.initialized();
  f.push.toolsListed();
  await f.push.ready;
  assert.ok(performance.now() - start < FIRST_PUSH_AFTER_TOOLS_MS, "the 40 ms delay won");
});

Deno.test("FirstPush now: ready at initialized; close before it leaves it unresolved and no timer behind", async () => {
  const f = firstPush("now", 0);
  f.push.initialized();
  await f.push.ready;
  const g = firstPush("signal", 50);
  g.push.initialized();
  g.push.toolsListed();
  g.push.close();
  await sleep(80);
  assert.equal(g.ready(), false);
});
