// doctor reads running Claude Code sessions (~/.claude/sessions/<pid>.json and the process's
// command line) to tell whether they load cc-dm as a channel.
import assert from "node:assert/strict";
import { join } from "node:path";
import { check, doctor, doctorHome, writeJson } from "./fixtures/doctor/doctor_home.ts";
import { channelFlagValues } from "../lib/claude_code/running_sessions.ts";

/** A long-running process whose command line carries `flags`, standing in for `claude`. */
function fakeSession(flags: string[]): Deno.ChildProcess {
  // `; :` keeps sh alive (no exec of sleep), so its own argv stays visible in /proc.
  return new Deno.Command("/bin/sh", { args: ["-c", "sleep 30; :", "claude", ...flags], stdin: "null" })
    .spawn();
}

Deno.test({
  name: "doctor: a session whose channel flags name other servers fails; one without flags uses the socket",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const home = await doctorHome();
    const plain = fakeSession(["--model", "opus"]);
    const loaded = fakeSession(["--dangerously-load-development-channels", "server:cc-dm"]);
    const other = fakeSession(["--dangerously-load-development-channels", "server:telegram"]);
    try {
      const sessions = join(home.home, ".claude", "sessions");
      await writeJson(join(sessions, `${plain.pid}.json`), { pid: plain.pid, cwd: "/work/a" });
      await writeJson(join(sessions, `${loaded.pid}.json`), { pid: loaded.pid, cwd: "/work/b" });
      await writeJson(join(sessions, `${other.pid}.json`), { pid: other.pid, cwd: "/work/c" });
      await writeJson(join(sessions, "999999999.json"), { pid: 999999999, cwd: "/gone" }); // stale file
      let run = await doctor(home);
      let running = check(run, "login.running_sessions");
      assert.equal(running.status, "fail");
      assert.equal(
        running.message,
        `1 of 3 running Claude Code sessions started with channel flags that do not name cc-dm ` +
          `(pid ${other.pid}: server:telegram): Claude Code drops cc-dm's channel events there; cc-dm falls ` +
          `back to the inbox socket`,
      );
      assert.equal(
        running.hint,
        "Add cc-dm to the flag: `claude --dangerously-load-development-channels server:cc-dm` (values may be listed together, comma-separated).",
      );
      assert.equal(run.code, 1);

      await Deno.remove(join(sessions, `${other.pid}.json`));
      run = await doctor(home);
      running = check(run, "login.running_sessions");
      assert.equal(running.status, "ok");
      assert.equal(
        running.message,
        "2 running Claude Code sessions (1 of them) without a channel flag: cc-dm delivers through their " +
          "inbox socket (see login.delivery)",
      );

      await Deno.remove(join(sessions, `${plain.pid}.json`));
      run = await doctor(home);
      assert.equal(check(run, "login.running_sessions").status, "ok");
      assert.equal(
        check(run, "login.running_sessions").message,
        "1 running Claude Code session, all with cc-dm as a channel",
      );
    } finally {
      for (const p of [plain, loaded, other]) {
        p.kill("SIGKILL");
        await p.status;
      }
      await home.cleanup();
    }
  },
});

Deno.test("channelFlagValues: variadic, comma-separated and = forms", () => {
  assert.deepEqual(
    channelFlagValues([
      "claude",
      "--channels",
      "plugin:a@m",
      "plugin:b@m",
      "--model",
      "x",
      "--dangerously-load-development-channels=server:cc-dm,server:other",
      "-p",
    ]),
    ["plugin:a@m", "plugin:b@m", "server:cc-dm", "server:other"],
  );
  assert.deepEqual(channelFlagValues(["claude", "--resume"]), []);
});
