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
  name: "doctor: running sessions without cc-dm in their channel flags warn",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const home = await doctorHome();
    const plain = fakeSession(["--model", "opus"]);
    const loaded = fakeSession(["--dangerously-load-development-channels", "server:cc-dm"]);
    try {
      const sessions = join(home.home, ".claude", "sessions");
      await writeJson(join(sessions, `${plain.pid}.json`), { pid: plain.pid, cwd: "/work/a" });
      await writeJson(join(sessions, `${loaded.pid}.json`), { pid: loaded.pid, cwd: "/work/b" });
      await writeJson(join(sessions, "999999999.json"), { pid: 999999999, cwd: "/gone" }); // stale file
      let run = await doctor(home);
      const running = check(run, "login.running_sessions");
      assert.equal(running.status, "warn");
      assert.equal(
        running.message,
        `1 of 2 running Claude Code sessions started without cc-dm in --channels or ` +
          `--dangerously-load-development-channels (pid ${plain.pid} in /work/a): they get messages only ` +
          `through the inbox tool`,
      );
      assert.equal(
        running.hint,
        "Start sessions with `claude --dangerously-load-development-channels server:cc-dm`.",
      );
      assert.equal(run.code, 0);

      await Deno.remove(join(sessions, `${plain.pid}.json`));
      run = await doctor(home);
      assert.equal(check(run, "login.running_sessions").status, "ok");
      assert.equal(
        check(run, "login.running_sessions").message,
        "1 running Claude Code session, all with cc-dm as a channel",
      );
    } finally {
      for (const p of [plain, loaded]) {
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
