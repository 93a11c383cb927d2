// What a new user runs into first: a fresh machine, a mistyped flag, a mistyped name.
import assert from "node:assert/strict";
import { closestFlag, documentedFlags, optionFlags } from "../cmd/flag_error.ts";
import { usage as whoUsage } from "../cmd/who.ts";
import { cc, ccIn, startIn, withUser } from "./cli_run.ts";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { tempHome } from "./helpers/temp_home.ts";

Deno.test("fresh machine: who shows an empty roster, tail --no-follow nothing, no bus is created", async () => {
  const t = await tempHome();
  try {
    const who = await cc(t.env, ["who"]);
    assert.deepEqual([who.code, who.stdout], [0, ""]);
    assert.match(who.stderr, /^No live sessions\./);
    const json = await cc(t.env, ["who", "--json"]);
    assert.deepEqual([json.code, JSON.parse(json.stdout)], [0, { sessions: [], count: 0 }]);
    const tail = await cc(t.env, ["tail", "--no-follow"]);
    assert.deepEqual([tail.code, tail.stdout, tail.stderr], [0, "", ""]);
    await assert.rejects(Deno.stat(t.ccDmHome), Deno.errors.NotFound);
  } finally {
    await t.cleanup();
  }
});

Deno.test("fresh machine: tail waits for the first traffic, then follows it", async () => {
  const t = await tempHome();
  const tail = startIn(t.env, ["tail"]);
  try {
    // A positive marker that tail is waiting, not a sleep.
    const err = await tail.waitFor((text) => text.includes("\n"), { stream: "err", timeoutMs: 20_000 });
    assert.match(err, /no bus yet; waiting/);
    const sent = await ccIn(withUser(t.env, "alice"), ["send", "later", "--queue", "first message"]);
    assert.equal(sent.code, 0, sent.stderr);
    const out = await tail.waitFor((text) => text.includes("\n"), { timeoutMs: 20_000 });
    assert.match(out, /cli:alice -> later +first message\n$/);
  } finally {
    tail.interrupt();
    assert.equal((await tail.done).code, 130);
    await t.cleanup();
  }
});

Deno.test("unknown flag: names the flag, the closest option and a runnable Try line", async () => {
  const t = await tempHome();
  try {
    const typo = await ccIn(t.env, ["who", "--jsno"]);
    assert.equal(typo.code, 2);
    assert.equal(
      typo.stderr,
      "Error: cc-dm who has no option --jsno (did you mean --json?)\nTry: cc-dm who --json\n",
    );
    const send = await ccIn(t.env, ["send", "backend", "hi there", "--wiat"]);
    assert.equal(send.code, 2);
    assert.equal(
      send.stderr,
      "Error: cc-dm send has no option --wiat (did you mean --wait?)\nTry: cc-dm send backend 'hi there' --wait\n",
    );
    const far = await ccIn(t.env, ["tail", "--zzzz"]);
    assert.equal(far.stderr, "Error: cc-dm tail has no option --zzzz\nTry: cc-dm tail --help\n");
    const value = await ccIn(t.env, ["ask", "backend", "q", "--timeout"]);
    assert.equal(value.code, 2);
    assert.match(value.stderr, /^Error: option --timeout needs a value/);
    assert.ok(!/ERR_PARSE|Unknown option/.test(typo.stderr + send.stderr + far.stderr + value.stderr));
  } finally {
    await t.cleanup();
  }
});

Deno.test("closestFlag: prefixes and small typos match, far-off words do not", () => {
  const flags = optionFlags(whoUsage);
  assert.deepEqual(flags, ["--all", "--project", "--json", "--watch", "--help"]);
  assert.ok(documentedFlags(whoUsage).includes("-a"));
  assert.equal(closestFlag("--al", flags), "--all");
  assert.equal(closestFlag("--josn", flags), "--json");
  assert.equal(closestFlag("--projcet", flags), "--project");
  assert.equal(closestFlag("--banana", flags), null);
  assert.equal(closestFlag("-z", flags), null);
});

Deno.test("unknown recipient: CLI wording, and names with queued mail are listed", async () => {
  const t = await tempHome();
  const env = withUser(t.env, "alice");
  try {
    assert.equal((await ccIn(env, ["send", "reviewer", "--queue", "for later"])).code, 0);
    const typo = await ccIn(env, ["send", "reveiwer", "hi"]);
    assert.equal(typo.code, 1);
    assert.match(typo.stderr, /Mail is queued for \(not started yet\): reviewer\./);
    assert.match(typo.stderr, /cc-dm send reveiwer --queue "\.\.\."/);
    assert.ok(!typo.stderr.includes("queue: true"), typo.stderr);
    assert.ok(!typo.stderr.includes("No other sessions"), typo.stderr);
  } finally {
    await t.cleanup();
  }
});

Deno.test("unknown recipient: the dm tool keeps tool wording", async () => {
  const t = await tempHome();
  const planner = await ChannelPeer.start({ env: t.env, name: "planner" });
  try {
    const result = await planner.call("dm", { to: "nobody", content: "hi" });
    assert.equal(result.isError, true);
    assert.match(result.text, /queue: true/);
    assert.ok(!result.text.includes("--queue"), result.text);
  } finally {
    await planner.close();
    await t.cleanup();
  }
});
