import assert from "node:assert/strict";
import { ChannelPeer, waitForExit } from "./helpers/channel_peer.ts";
import { sessionRow, sessionRows } from "./helpers/bus_reads.ts";
import { inProcessPeer } from "./helpers/channel_harness.ts";
import { MAIN_TS, tempHome } from "./helpers/temp_home.ts";

Deno.test("name collision: a second live session cannot take a name; it is free at once after exit", async () => {
  const t = await tempHome();
  const first = await ChannelPeer.start({ env: t.env, name: "solo" });
  let second: ChannelPeer | undefined;
  let third: ChannelPeer | undefined;
  try {
    second = await ChannelPeer.start({ env: t.env, name: "solo" });
    assert.match(second.instructions, /could not register as "solo".*taken by a live session/s);
    const viaTool = await second.call("register", { name: "solo", role: "worker" });
    assert.equal(viaTool.isError, true);
    assert.match(viaTool.text, /taken by a live session \((pid \d+|on \S+, in )/);
    const unregistered = await second.call("dm", { to: "solo", content: "x" });
    assert.equal(unregistered.isError, true);
    assert.match(unregistered.text, /not registered/);

    const pid = first.pid;
    first.kill9();
    await waitForExit(pid);
    // No ghost window: the dead holder's name is free immediately.
    const retake = await second.call("register", { name: "solo", role: "worker" });
    assert.equal(retake.isError, false, retake.text);

    third = await ChannelPeer.start({ env: t.env, name: "other" });
    const sent = await third.call("dm", { to: "solo", content: "to the new holder" });
    assert.equal(sent.data?.status, "sent");
    const [event] = await second.waitForEvents(1);
    assert.equal(event.content, "to the new holder");
  } finally {
    first.kill9();
    await second?.close();
    await third?.close();
    await t.cleanup();
  }
});

Deno.test("register again renames: the old name goes offline, mail follows the new name", async () => {
  const t = await tempHome();
  const a = await inProcessPeer({ env: t.env, name: "first-name" });
  const b = await inProcessPeer({ env: t.env, name: "peer" });
  try {
    const r = await a.call("register", { name: "second-name", role: "planner", project: "" });
    assert.equal(r.isError, false, r.text);
    const rows = (await sessionRows(t.ccDmHome)).sort((x, y) => x.name.localeCompare(y.name));
    assert.deepEqual(rows.map((x) => [x.name, x.instance !== null]), [
      ["first-name", false],
      ["peer", true],
      ["second-name", true],
    ]);
    await b.call("dm", { to: "second-name", content: "found you" });
    const [event] = await a.waitForEvents(1);
    assert.equal(event.meta.to_session, "second-name");
  } finally {
    await a.close();
    await b.close();
    await t.cleanup();
  }
});

/** Start `cc-dm channel` directly (no MCP client) with stdin piped, registered as `name`. */
async function rawChannel(env: Record<string, string>, name: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--quiet", MAIN_TS, "channel"],
    env: { ...env, CC_DM_SESSION_NAME: name },
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  await waitForLive(env.CC_DM_HOME, name);
  return child;
}

async function waitForLive(ccDmHome: string, name: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await sessionRow(ccDmHome, name))?.instance) return;
    } catch {
      // Bus not created yet.
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${name} never registered`);
}

async function holder(ccDmHome: string, name: string): Promise<string | null> {
  return (await sessionRow(ccDmHome, name))?.instance ?? null;
}

for (
  const [how, stop] of [
    ["stdin close", (c: Deno.ChildProcess) => c.stdin.close()],
    ["SIGTERM", (c: Deno.ChildProcess) => c.kill("SIGTERM")],
    ["SIGINT", (c: Deno.ChildProcess) => c.kill("SIGINT")],
  ] as const
) {
  Deno.test(`exits cleanly on ${how}, releasing its name and keeping its row`, async () => {
    const t = await tempHome();
    const child = await rawChannel(t.env, "leaver");
    try {
      stop(child);
      const status = await child.status;
      assert.equal(status.code, 0, `exit code after ${how}`);
      assert.equal(await holder(t.ccDmHome, "leaver"), null, "name released");
      assert.ok(await sessionRow(t.ccDmHome, "leaver"), "its row stays");
    } finally {
      try {
        child.kill("SIGKILL");
      } catch { /* exited */ }
      await child.stdout.cancel().catch(() => {});
      await child.stderr.cancel().catch(() => {});
      await t.cleanup();
    }
  });
}

Deno.test("exits when its parent Claude Code dies even though stdin stays open", async () => {
  const t = await tempHome();
  // sh is the "Claude Code" parent; `sleep` keeps the channel's stdin open after sh is killed.
  // The writer records its own pid (exec keeps it), so the test ends exactly the processes it started.
  const script =
    `sh -c 'echo $$ > "$SLEEPPID"; exec sleep 59.7' | "$DENO" run --allow-all --quiet "$MAIN" channel & ` +
    `echo $! > "$PIDFILE"; wait`;
  const pidFile = `${t.home}/channel.pid`;
  const sleepPidFile = `${t.home}/sleep.pid`;
  const parent = new Deno.Command("sh", {
    args: ["-c", script],
    env: {
      ...t.env,
      CC_DM_SESSION_NAME: "orphan",
      CC_DM_POLL_MS: "100", // housekeeping (and its parent check) every 100 ms
      DENO: Deno.execPath(),
      MAIN: MAIN_TS,
      PIDFILE: pidFile,
      SLEEPPID: sleepPidFile,
    },
    clearEnv: true,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  let channelPid = 0;
  try {
    await waitForLive(t.ccDmHome, "orphan");
    channelPid = Number(Deno.readTextFileSync(pidFile).trim());
    parent.kill("SIGKILL");
    await parent.status;
    await waitForExit(channelPid, 8000);
    assert.equal(await holder(t.ccDmHome, "orphan"), null, "the orphan released its name");
  } finally {
    try {
      if (channelPid) Deno.kill(channelPid, "SIGKILL");
    } catch { /* exited */ }
    try {
      parent.kill("SIGKILL");
    } catch { /* exited */ }
    try {
      Deno.kill(Number(Deno.readTextFileSync(sleepPidFile).trim()), "SIGKILL");
    } catch { /* exited, or never started */ }
    await t.cleanup();
  }
});
