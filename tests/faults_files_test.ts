// Defect 2 of issue 13: nothing in the bus directory is followed or blocked on. Written against
// behaviour (a file a link points at stays intact, a FIFO never hangs), whatever the wake-up
// mechanism is.
import assert from "node:assert/strict";
import { join } from "node:path";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { tempHome } from "./helpers/temp_home.ts";
import { cc, ccIn } from "./cli_run.ts";

const IS_ROOT = Deno.build.os === "linux" && Deno.uid() === 0;

/** `cc`, failed instead of hanging when the command blocks (a FIFO). */
async function ccWithin(env: Record<string, string>, args: string[], ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`cc-dm ${args.join(" ")} hung for ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([cc(env, args), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Run a shell command as another Unix user (nobody), as an attacker sharing the machine. */
async function asNobody(script: string): Promise<void> {
  const out = await new Deno.Command("setpriv", {
    args: ["--reuid=65534", "--regid=65534", "--clear-groups", "--", "sh", "-c", script],
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
}

Deno.test("a link wake/rx -> ~/notes.txt: send and channel start leave notes.txt intact", async () => {
  const t = await tempHome();
  const notes = join(t.home, "notes.txt");
  const wake = join(t.ccDmHome, "wake");
  let rx: ChannelPeer | undefined;
  try {
    await Deno.writeTextFile(notes, "my notes\n");
    await Deno.chmod(notes, 0o644);
    assert.equal((await ccIn(t.env, ["send", "--queue", "rx", "first"])).code, 0);
    await Deno.mkdir(wake, { recursive: true, mode: 0o700 });
    await Deno.symlink(notes, join(wake, "rx"));
    await Deno.symlink(notes, join(wake, ".traffic"));
    const sent = await ccIn(t.env, ["send", "--queue", "rx", "through a link?"]);
    assert.equal(sent.code, 0, sent.stderr);
    assert.equal(await Deno.readTextFile(notes), "my notes\n");

    rx = await ChannelPeer.start({ env: t.env, name: "rx" });
    const events = await rx.waitForEvents(2, 15_000);
    assert.deepEqual(events.map((e) => e.content), ["first", "through a link?"]);
    assert.equal(await Deno.readTextFile(notes), "my notes\n");
    assert.equal((await Deno.stat(notes)).mode! & 0o777, 0o644, "no chmod through the link");
    assert.ok(
      (await Deno.lstat(join(wake, "rx"))).isDirectory,
      "the link was replaced by a private directory",
    );
    await rx.waitForStderr(/Replaced a symbolic link at .*wake\/rx/);
    // A send after the repair wakes the channel as usual.
    assert.equal((await ccIn(t.env, ["send", "rx", "after"])).code, 0);
    await rx.waitForEvents(3, 15_000);
    assert.equal(await Deno.readTextFile(notes), "my notes\n");
  } finally {
    await rx?.close();
    await t.cleanup();
  }
});

Deno.test("a FIFO as wake file never hangs send, and the channel replaces it", async () => {
  const t = await tempHome();
  let rx: ChannelPeer | undefined;
  try {
    assert.equal((await ccIn(t.env, ["send", "--queue", "rx", "first"])).code, 0);
    const wake = join(t.ccDmHome, "wake");
    await Deno.mkdir(wake, { mode: 0o700 });
    for (const name of ["rx", ".traffic"]) {
      const made = await new Deno.Command("mkfifo", { args: [join(wake, name)] }).output();
      assert.equal(made.code, 0);
    }
    const sent = await ccWithin(t.env, ["send", "--queue", "rx", "second"], 20_000);
    assert.equal(sent.code, 0, sent.stderr);
    rx = await ChannelPeer.start({ env: t.env, name: "rx" });
    await rx.waitForEvents(2, 15_000);
    await rx.waitForStderr(/Replaced a FIFO at .*wake\/rx/);
  } finally {
    await rx?.close();
    await t.cleanup();
  }
});

Deno.test({
  name:
    "(root only: setpriv) another user's wake/ planted while ~/.cc-dm was loose: refused, nothing written through it, mail still flows",
  ignore: !IS_ROOT,
  fn: async () => {
    const t = await tempHome();
    let rx: ChannelPeer | undefined;
    try {
      const notes = join(t.home, "notes.txt");
      await Deno.writeTextFile(notes, "my notes\n");
      assert.equal((await ccIn(t.env, ["send", "--queue", "rx", "first"])).code, 0);
      await Deno.chmod(t.home, 0o755);
      await Deno.chmod(t.ccDmHome, 0o777); // loosened by mistake
      await Deno.remove(join(t.ccDmHome, "wake"), { recursive: true }).catch(() => {});
      await asNobody(`mkdir -m 777 '${t.ccDmHome}/wake' && ln -s '${notes}' '${t.ccDmHome}/wake/rx'`);
      const sent = await ccIn(t.env, ["send", "--queue", "rx", "second"]);
      assert.equal(sent.code, 0, sent.stderr);
      assert.match(sent.stderr, /Tightened .*\.cc-dm from 777 to 700/);
      assert.match(sent.stderr, /Refusing to use .*wake.*belongs to uid 65534/);
      assert.equal(await Deno.readTextFile(notes), "my notes\n");
      rx = await ChannelPeer.start({ env: t.env, name: "rx", extraEnv: { CC_DM_POLL_MS: "200" } });
      await rx.waitForEvents(2, 15_000);
      assert.equal((await ccIn(t.env, ["send", "rx", "third"])).code, 0);
      await rx.waitForEvents(3, 15_000);
      assert.equal(await Deno.readTextFile(notes), "my notes\n");
      await rx.waitForStderr(/wake-up watch failed, polling/);
      // The channel publishes its health at its next housekeeping tick: wait for it.
      let health = "";
      for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
        const who = await ccIn(t.env, ["who", "--json"]);
        health = JSON.parse(who.stdout).sessions.find((s: { name: string }) => s.name === "rx")?.health ?? "";
        if (health) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.match(health, /polling: .*belongs to uid 65534/);
    } finally {
      await rx?.close();
      await t.cleanup();
    }
  },
});

Deno.test("doctor after bus.db-wal was deleted under a running session: advice that keeps the mail, and it is kept", async () => {
  const t = await tempHome();
  const rx = await ChannelPeer.start({ env: t.env, name: "rx" });
  let closed = false;
  try {
    for (const text of ["one", "two"]) assert.equal((await ccIn(t.env, ["send", "rx", text])).code, 0);
    await rx.waitForEvents(2, 10_000);
    await Deno.remove(join(t.ccDmHome, "bus.db-wal"));
    const doctor = await ccIn(t.env, ["doctor", "--json"]);
    const integrity = JSON.parse(doctor.stdout).checks.find((c: { id: string }) => c.id === "bus.integrity");
    assert.equal(integrity.status, "fail");
    assert.match(integrity.message, /bus\.db-wal is missing/);
    assert.match(integrity.hint, /Do not delete or move anything/);
    assert.doesNotMatch(doctor.stdout, /\bmv\b|\.broken/);
    // Following the advice: the session ends normally and writes the mail back.
    await rx.close();
    closed = true;
    const tail = await ccIn(t.env, ["tail", "--no-follow", "--json"]);
    assert.equal(tail.code, 0, tail.stderr);
    assert.deepEqual(tail.stdout.trim().split("\n").map((l) => JSON.parse(l).content), ["one", "two"]);
  } finally {
    if (!closed) await rx.close();
    await t.cleanup();
  }
});
