import assert from "node:assert/strict";

// More channels than the per-user inotify limit allows, and every one of them gets its mail.
// cc-dm 2.0 took one inotify instance per channel (128 per user by default, shared with every
// other program of that user), so the 129th channel exited. The limit is set low inside a new
// user namespace (it then binds only the processes in it), so the test stays fast and leaves
// the machine's own limit alone.

const CHANNELS = 6;
const HELPER = new URL("./helpers/inotify_limited_fleet.ts", import.meta.url).pathname;

function namespaceProblem(): string | null {
  if (Deno.build.os !== "linux") return "needs Linux user namespaces";
  try {
    const out = new Deno.Command("unshare", {
      args: ["--user", "--map-root-user", "sh", "-c", "echo 1 > /proc/sys/user/max_inotify_instances"],
      stdout: "null",
      stderr: "piped",
    }).outputSync();
    if (!out.success) return `unshare --user failed: ${new TextDecoder().decode(out.stderr).trim()}`;
  } catch (err) {
    return `no unshare: ${err instanceof Error ? err.message : err}`;
  }
  return null;
}

const problem = namespaceProblem();

Deno.test({
  name: `${CHANNELS} channels under an inotify limit of 1 per user all start and each gets its mail${
    problem ? ` (skipped: ${problem})` : ""
  }`,
  ignore: problem !== null,
  fn: async () => {
    const script =
      `echo 1 > /proc/sys/user/max_inotify_instances && exec "$0" run --allow-all --quiet "$1" "$2"`;
    const out = await new Deno.Command("unshare", {
      args: ["--user", "--map-root-user", "sh", "-c", script, Deno.execPath(), HELPER, String(CHANNELS)],
      env: { RUST_BACKTRACE: "0" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout).trim();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.success, true, `helper failed: ${stderr}`);
    const result = JSON.parse(stdout.split("\n").at(-1) ?? "{}");
    // The limit is in force: a second process cannot watch anything.
    assert.equal(result.probeFailed, true, `the probe got an inotify instance: ${stdout}`);
    assert.match(result.probeText, /Too many open files/);
    assert.equal(result.error, "", stderr);
    assert.deepEqual(result.received, Array(CHANNELS).fill(1));
  },
});
