// Root-only shows of issue 13: a full disk (a small tmpfs) and the per-user inotify limit used
// up (by another Unix user, so nothing else on this machine is starved). They skip without root.
import assert from "node:assert/strict";
import { join } from "node:path";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { tempHome } from "./helpers/temp_home.ts";
import { cc, LineReader } from "./cli_run.ts";
import { storedMessages } from "./helpers/bus_reads.ts";

const IS_ROOT = Deno.build.os === "linux" && Deno.uid() === 0;
const NOBODY = 65534;
/** The system Python (readable by every user), for taking inotify instances with ctypes. */
const PYTHON = "/usr/bin/python3";
const HAS_PYTHON = (() => {
  try {
    return Deno.statSync(PYTHON).isFile;
  } catch {
    return false;
  }
})();

async function run(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  const o = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  return { code: o.code, out: new TextDecoder().decode(o.stdout) + new TextDecoder().decode(o.stderr) };
}

/** Fill the file system of `dir` to the last byte; returns the filler's path. */
async function fill(dir: string): Promise<string> {
  const path = join(dir, "filler");
  const file = await Deno.open(path, { write: true, create: true });
  const block = new Uint8Array(64 * 1024);
  try {
    for (;;) await file.write(block);
  } catch {
    // ENOSPC: full. Single bytes for the last partial block.
  }
  try {
    for (;;) await file.write(block.subarray(0, 1));
  } catch {
    // Full to the byte.
  }
  file.close();
  return path;
}

Deno.test({
  name:
    "(root only: tmpfs) a full disk: send says 'disk is full', nothing is half-stored, the channel stays up, doctor never says to move the bus",
  ignore: !IS_ROOT,
  fn: async () => {
    const t = await tempHome();
    const mount = join(t.home, "small");
    await Deno.mkdir(mount);
    const mounted = await run("mount", ["-t", "tmpfs", "-o", "size=3m,mode=700", "tmpfs", mount]);
    assert.equal(mounted.code, 0, mounted.out);
    const env = { ...t.env, CC_DM_HOME: join(mount, ".cc-dm") };
    let rx: ChannelPeer | undefined;
    try {
      rx = await ChannelPeer.start({ env, name: "rx" });
      assert.equal((await cc(env, ["send", "rx", "before"])).code, 0);
      await rx.waitForEvents(1, 10_000);
      const filler = await fill(mount);
      const big = "x".repeat(60_000);
      const full = await cc(env, ["send", "rx", big]);
      assert.equal(full.code, 1, "a send that could not be stored fails");
      assert.match(full.stderr, /disk is full/);
      assert.doesNotMatch(full.stderr, /rollback|internal/);
      assert.ok((await rx.ping()) < 5000, "the channel answers while the disk is full");
      const doctor = await cc(env, ["doctor", "--json"]);
      assert.doesNotMatch(doctor.stdout, /\bmv\b|\.broken/, "no advice that throws mail away");
      await Deno.remove(filler);
      const after = await cc(env, ["send", "rx", "after"]);
      assert.equal(after.code, 0, after.stderr);
      const events = await rx.waitForEvents(2, 15_000);
      assert.deepEqual(events.map((e) => e.content), ["before", "after"]);
      assert.deepEqual(
        (await storedMessages(env.CC_DM_HOME)).map((r) => r.content),
        ["before", "after"],
      );
    } finally {
      await rx?.close();
      await run("umount", ["-l", mount]);
      await t.cleanup();
    }
  },
});

Deno.test({
  name:
    "(root only: setpriv, /usr/bin/python3) inotify instances used up: the channel needs none (wake-up sockets), wakes at once, and who shows nothing wrong",
  ignore: !IS_ROOT || !HAS_PYTHON,
  fn: async () => {
    const t = await tempHome();
    await Deno.chmod(t.home, 0o777);
    const bundle = join(t.home, "cc-dm.js");
    const built = await run(Deno.execPath(), [
      "bundle",
      "--quiet",
      "--output",
      bundle,
      new URL("../main.ts", import.meta.url).pathname,
    ]);
    assert.equal(built.code, 0, built.out);
    // Takes every inotify instance this user may have (inotify_init until it fails), then waits.
    const hog = join(t.home, "hog.py");
    await Deno.writeTextFile(
      hog,
      `import ctypes, sys\nlibc = ctypes.CDLL(None)\nn = 0\nwhile libc.inotify_init() >= 0:\n    n += 1\nprint("holding", n, flush=True)\nsys.stdin.read()\n`,
    );
    await Deno.chmod(bundle, 0o644);
    await Deno.chmod(hog, 0o644);
    const env = { ...t.env, DENO_DIR: join(t.home, "deno"), CC_DM_POLL_MS: "300" };
    const asNobody = (
      args: string[],
      stdin: "piped" | "null" = "null",
      program = Deno.execPath(),
      extra = {},
    ) =>
      new Deno.Command("setpriv", {
        args: [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "--", program, ...args],
        env: { ...env, ...extra },
        clearEnv: true,
        stdin,
        stdout: "piped",
        stderr: "piped",
      });
    const hogger = asNobody([hog], "piped", PYTHON).spawn();
    const hogOut = new LineReader(hogger.stdout);
    const channel = asNobody(["run", "-A", "--quiet", bundle, "channel"], "piped", Deno.execPath(), {
      CC_DM_SESSION_NAME: "rx",
    }).spawn();
    const rpc = new LineReader(channel.stdout);
    const writer = channel.stdin.getWriter();
    const write = (m: unknown) => writer.write(new TextEncoder().encode(JSON.stringify(m) + "\n"));
    try {
      const [holding] = await hogOut.waitForLines(1, 20_000);
      assert.match(holding, /holding \d+/);
      await write({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "0" } },
      });
      await rpc.waitForLines(1, 20_000);
      await write({ jsonrpc: "2.0", method: "notifications/initialized" });
      const sent = await asNobody(["run", "-A", "--quiet", bundle, "send", "rx", "while no inotify is left"])
        .output();
      assert.equal(sent.code, 0, new TextDecoder().decode(sent.stderr));
      const deadline = Date.now() + 20_000;
      while (!rpc.lines.some((l) => l.includes("while no inotify is left")) && Date.now() < deadline) {
        await rpc.waitForLines(rpc.lines.length + 1, Math.max(1, deadline - Date.now())).catch(() => {});
      }
      assert.ok(
        rpc.lines.some((l) => l.includes("notifications/claude/channel") && l.includes("while no inotify")),
      );
      // Several housekeeping ticks later (every 300 ms here), nothing is reported as degraded.
      await new Promise((r) => setTimeout(r, 1500));
      const who = await asNobody(["run", "-A", "--quiet", bundle, "who", "--json"]).output();
      const row = JSON.parse(new TextDecoder().decode(who.stdout)).sessions[0];
      assert.equal(row?.name, "rx");
      assert.equal(row?.health ?? null, null, `no degraded delivery: ${row?.health}`);
    } finally {
      await writer.close().catch(() => {});
      for (const child of [channel, hogger]) {
        try {
          child.kill("SIGKILL");
        } catch {
          // Already gone.
        }
      }
      await rpc.cancel();
      await hogOut.cancel();
      await Promise.all([channel.status, hogger.status]);
      await t.cleanup();
    }
  },
});
