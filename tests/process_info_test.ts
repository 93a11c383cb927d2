import assert from "node:assert/strict";
import { currentParentPid, parentOf, pidExists, processStart } from "../lib/process_info.ts";

// Liveness rests on these /proc reads (a session is live while its pid runs with the start time
// it registered): the same fields /proc shows, and null or false once the process is gone.

const IS_LINUX = Deno.build.os === "linux";

/** Field `n` (counted from 1, as in proc(5)) of /proc/<pid>/stat, read plainly. */
function statField(pid: number, n: number): string {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[n - 3];
}

Deno.test({
  name: "processStart and parents read /proc as it is, and a process that exited has no start time",
  ignore: !IS_LINUX,
  fn: async () => {
    // A command name with spaces and a parenthesis: the fields are counted after the last ")".
    const dir = await Deno.makeTempDir();
    const script = `${dir}/a b) c`;
    await Deno.copyFile("/bin/sleep", script);
    const child = new Deno.Command(script, { args: ["30"] }).spawn();
    try {
      assert.equal(processStart(child.pid), statField(child.pid, 22));
      assert.equal(parentOf(child.pid), Deno.pid);
      assert.equal(pidExists(child.pid), true);
      assert.equal(currentParentPid(), Number(statField(Deno.pid, 4)));
    } finally {
      child.kill("SIGKILL");
      await child.status;
      await Deno.remove(dir, { recursive: true });
    }
    assert.equal(processStart(child.pid), null);
    assert.equal(pidExists(child.pid), false);
  },
});
