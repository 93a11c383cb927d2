import assert from "node:assert/strict";
import { join } from "node:path";
import { ChannelPeer } from "./helpers/channel_peer.ts";
import { type TempHome, tempHome } from "./helpers/temp_home.ts";
import { cc } from "./cli_run.ts";
import { openBus } from "../lib/bus/open_bus.ts";
import {
  clearNoMailMarks,
  NO_MAIL_CHECK,
  noMailDir,
  pruneNoMailMarks,
  writeNoMailMark,
} from "../lib/bus/no_mail_marks.ts";
import { pidExists } from "../lib/process_info.ts";
import { rewakeHook } from "../lib/hook/rewake.ts";
import { parseHookInput } from "../lib/hook/hook_input.ts";

// The busy-path hooks' fast "no mail" answer: the plugin launcher (and the sh check setup puts
// in front of its hook commands) exits at once while the session's marker is there; the real
// hook writes the marker only when it is sure, and every way mail can appear removes it.

const REPO = new URL("..", import.meta.url).pathname;
const LAUNCHER = join(REPO, "bin", "cc-dm");
const SESSION = "5f0c8e9a-0000-4000-8000-00000000fa57";
const CLAUDE_PID = String(Deno.pid); // the channels below are this test's children, as under Claude Code
const text = new TextDecoder();

function input(event: string): string {
  return JSON.stringify({ session_id: SESSION, hook_event_name: event, cwd: "/tmp", transcript_path: "/x" });
}

/** `sh bin/cc-dm hook <event>` as the plugin's hooks.json runs it. */
async function launcherHook(t: TempHome, event: string, env: Record<string, string> = {}, payload = "") {
  const child = new Deno.Command("sh", {
    args: [LAUNCHER, "hook", event],
    env: { ...t.env, CLAUDE_PID, ...env },
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  const json = input(event === "post-tool-use" ? "PostToolUse" : "UserPromptSubmit");
  // A write that fails (the hook left without reading) rejects here, as it would in Claude Code.
  await writer.write(
    new TextEncoder().encode(payload ? json.replace("}", `,"tool_response":"${payload}"}`) : json),
  );
  await writer.close().catch(() => {});
  const out = await child.output();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

const marker = (t: TempHome) => join(noMailDir(t.ccDmHome), CLAUDE_PID);
const exists = (path: string) => Deno.lstat(path).then(() => true, () => false);
/** The real hook records itself in its session's mark with a new token each run; sh does not. */
const lastHookToken = async (t: TempHome) =>
  JSON.parse(await Deno.readTextFile(join(t.ccDmHome, "hooks", `${SESSION}.json`))).token as string;

function pullPeer(t: TempHome, name: string, sessionId = SESSION) {
  return ChannelPeer.start({
    env: t.env,
    name,
    extraEnv: { CC_DM_PUSH: "never", CLAUDE_CODE_SESSION_ID: sessionId },
  });
}

async function send(t: TempHome, to: string, content: string) {
  const out = await cc(t.env, ["send", to, content]);
  assert.equal(out.code, 0, out.stderr);
}

Deno.test("hook fast path: no mail is answered in sh after one real run; a send, a registration and a waiting hook make it look again", async () => {
  const t = await tempHome();
  const bob = await pullPeer(t, "bob");
  try {
    // First run is real: nothing to show, and the marker says so for bob.
    const first = await launcherHook(t, "post-tool-use");
    assert.deepEqual([first.code, first.stdout, first.stderr], [0, "", ""]);
    assert.deepEqual(JSON.parse(await Deno.readTextFile(marker(t))), { names: ["bob"] });
    const token = await lastHookToken(t);

    // Now answered by sh alone: the real hook would have recorded a new token.
    for (const event of ["post-tool-use", "user-prompt-submit"]) {
      const fast = await launcherHook(t, event);
      assert.deepEqual([fast.code, fast.stdout, fast.stderr], [0, "", ""]);
    }
    // A tool result far larger than a pipe holds is read, not left to break Claude Code's write.
    const large = await launcherHook(t, "post-tool-use", {}, "x".repeat(1 << 20));
    assert.deepEqual([large.code, large.stdout], [0, ""]);
    assert.equal(await lastHookToken(t), token, "the real hook did not run");

    // Mail for someone else leaves the marker; mail for bob removes it and the next hook shows it.
    await cc(t.env, ["send", "alice", "not for bob", "--queue"]);
    assert.ok(await exists(marker(t)), "mail for alice does not concern bob's session");
    await send(t, "bob", "fast path test message");
    assert.ok(!(await exists(marker(t))), "a send to bob removes the marker");
    const shown = await launcherHook(t, "post-tool-use");
    assert.match(JSON.parse(shown.stdout).hookSpecificOutput.additionalContext, /fast path test message/);
    assert.ok(!(await exists(marker(t))), "not written on a run that showed mail");
    await launcherHook(t, "post-tool-use");
    assert.ok(await exists(marker(t)), "written again once nothing is left");

    // A claim that is never acknowledged (a hook killed mid-way) is still mail: no marker.
    await send(t, "bob", "claimed, never acknowledged");
    const bus = await openBus(t.env);
    try {
      assert.equal((await bus.claimDeliveries("bob", "hook:killed", 30_000, 10)).length, 1);
    } finally {
      await bus.close();
    }
    const held = await launcherHook(t, "post-tool-use");
    assert.deepEqual([held.code, held.stdout], [0, ""]);
    assert.ok(!(await exists(marker(t))), "undelivered (claimed) mail keeps the hooks looking");
  } finally {
    await bob.close();
    await t.cleanup();
  }
});

Deno.test("hook fast path: a registration removes every marker; a dialog and a waiting hook remove their session's", async () => {
  const t = await tempHome();
  const bob = await pullPeer(t, "bob");
  try {
    await launcherHook(t, "post-tool-use");
    assert.ok(await exists(marker(t)));
    const carol = await pullPeer(t, "carol", "another-session");
    try {
      assert.ok(!(await exists(marker(t))), "a new session may be this one's name: look again");
    } finally {
      await carol.close();
    }

    // A dialog opens (Notification): state "waiting" is recorded and the marker taken back, so
    // the tool result after the answer runs the real hook and the session is busy again.
    await launcherHook(t, "post-tool-use");
    assert.ok(await exists(marker(t)));
    const notified = await cc(t.env, ["hook", "notification"], {
      stdin: JSON.stringify({
        session_id: SESSION,
        hook_event_name: "Notification",
        notification_type: "permission_prompt",
      }),
      extraEnv: { CLAUDE_PID },
    });
    assert.equal(notified.code, 0, notified.stderr);
    assert.ok(!(await exists(marker(t))), "a state change takes the marker back");
    const state = async () => {
      const bus = await openBus(t.env);
      try {
        return (await bus.session("bob"))?.state;
      } finally {
        await bus.close();
      }
    };
    assert.equal(await state(), "waiting");
    await launcherHook(t, "post-tool-use");
    assert.equal(await state(), "busy");
    assert.ok(await exists(marker(t)));

    const env = { ...t.env, CLAUDE_PID, CLAUDE_CODE_ENTRYPOINT: "cli" };
    const waiting = rewakeHook({
      event: "Stop",
      wait: true,
      timeoutMs: 2500,
      input: parseHookInput(input("Stop")),
      env,
    }, {
      pollMs: 50,
    });
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(!(await exists(marker(t))), "the next busy hook must run for real, so this waiter steps aside");
    await waiting;
  } finally {
    await bob.close();
    await t.cleanup();
  }
});

Deno.test("hook fast path: the launcher and setup's sh check agree, and doubt means the real hook", async () => {
  const t = await tempHome();
  try {
    assert.ok(writeNoMailMark(t.ccDmHome, 4242, ["bob"]));
    const linkDir = join(t.home, "elsewhere");
    await Deno.mkdir(join(linkDir, "hooks"), { recursive: true });
    await Deno.symlink(noMailDir(t.ccDmHome), join(linkDir, "hooks", "nomail"));
    const cases: [string, Record<string, string>, boolean][] = [
      ["marker there", { CLAUDE_PID: "4242" }, true],
      ["another Claude Code", { CLAUDE_PID: "4243" }, false],
      ["no CLAUDE_PID", {}, false],
      ["CLAUDE_PID not a number", { CLAUDE_PID: "../4242" }, false],
      ["CC_DM_HOME with spaces", { CLAUDE_PID: "4242", CC_DM_HOME: ` ${t.ccDmHome}` }, false],
      ["CC_DM_BUS_URL set", { CLAUDE_PID: "4242", CC_DM_BUS_URL: "postgres://x" }, false],
      ["marker directory is a link", { CLAUDE_PID: "4242", CC_DM_HOME: linkDir }, false],
      ["empty CC_DM_HOME: HOME/.cc-dm, as cc-dm reads it", { CLAUDE_PID: "4242", CC_DM_HOME: "" }, true],
    ];
    for (const [name, extra, fast] of cases) {
      const env = { ...t.env, ...extra };
      if (!("CLAUDE_PID" in extra)) delete env.CLAUDE_PID;
      // Falling through runs CC_DM_BIN (launcher) or the line after the check (setup): exit 3.
      const fallback = join(t.home, "fallback");
      await Deno.writeTextFile(fallback, "#!/bin/sh\nexit 3\n");
      await Deno.chmod(fallback, 0o755);
      const viaLauncher = await new Deno.Command("sh", {
        args: [LAUNCHER, "hook", "post-tool-use"],
        env: { ...env, CC_DM_BIN: fallback },
        clearEnv: true,
        stdin: "null",
      }).output();
      const viaSetup = await new Deno.Command("sh", {
        args: ["-c", `${NO_MAIL_CHECK}; exit 3`],
        env,
        clearEnv: true,
        stdin: "null",
      }).output();
      assert.equal(viaLauncher.code, fast ? 0 : 3, `launcher: ${name}`);
      assert.equal(viaSetup.code, fast ? 0 : 3, `setup's check: ${name}`);
    }

    // A marker replaced by a link is not trusted; clearing removes the link, never its target.
    const target = join(t.home, "target");
    await Deno.writeTextFile(target, "keep");
    await Deno.remove(join(noMailDir(t.ccDmHome), "4242"));
    await Deno.symlink(target, join(noMailDir(t.ccDmHome), "4242"));
    const linked = await new Deno.Command("sh", {
      args: ["-c", `${NO_MAIL_CHECK}; exit 3`],
      env: { ...t.env, CLAUDE_PID: "4242" },
      clearEnv: true,
    }).output();
    assert.equal(linked.code, 3);
    clearNoMailMarks(t.ccDmHome, ["bob"]);
    assert.ok(!(await exists(join(noMailDir(t.ccDmHome), "4242"))));
    assert.equal(await Deno.readTextFile(target), "keep");

    // Markers of Claude Code processes that are gone are pruned (a reused pid must not inherit one).
    assert.ok(writeNoMailMark(t.ccDmHome, Deno.pid, ["bob"]));
    assert.ok(writeNoMailMark(t.ccDmHome, 2_147_483_000, ["bob"]));
    pruneNoMailMarks(t.ccDmHome, pidExists);
    assert.deepEqual((await Array.fromAsync(Deno.readDir(noMailDir(t.ccDmHome)))).map((e) => e.name), [
      String(Deno.pid),
    ]);
  } finally {
    await t.cleanup();
  }
});
