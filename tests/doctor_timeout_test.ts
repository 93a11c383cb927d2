// Doctor answers in well under two seconds even when `claude` hangs: every program it runs has
// a deadline and is killed with its whole process group when the deadline passes.
import assert from "node:assert/strict";
import { check, doctor, doctorHome } from "./fixtures/doctor/doctor_home.ts";
import { runBounded } from "../lib/claude_code/bounded_run.ts";

Deno.test("doctor: a hanging claude costs at most the 1.2 s deadline, and nothing is left running", async () => {
  const home = await doctorHome({ claude: { sleepSeconds: 30 } });
  try {
    const run = await doctor(home);
    assert.ok(run.ms < 2000, `doctor took ${Math.round(run.ms)} ms`);
    const version = check(run, "claude_code.version");
    assert.equal(version.status, "warn");
    assert.equal(version.message, "version unknown: `claude --version` did not answer within 1.2 s");
    const login = check(run, "login.method");
    assert.equal(login.status, "warn");
    assert.equal(
      login.message,
      "login unknown: `claude auth status --json` did not answer within 1.2 s (no claude.ai credentials file)",
    );
    // The rest of the report is there and healthy.
    assert.equal(check(run, "registration.version").status, "ok");
    assert.equal(check(run, "bus.integrity").status, "ok");
    assert.equal(run.code, 0);
    // The fake claude's `sleep 30` was killed with its shell.
    const ps = await new Deno.Command("ps", { args: ["-eo", "args"], stdout: "piped" }).output();
    const left = new TextDecoder().decode(ps.stdout).split("\n").filter((l) => l.includes(home.bin));
    assert.deepEqual(left, []);
  } finally {
    await home.cleanup();
  }
});

Deno.test("runBounded: exit, timeout with the process group killed, and a missing program", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cc-dm-bounded-" });
  try {
    const script = `${dir}/hang.sh`;
    await Deno.writeTextFile(script, `#!/bin/sh\necho started\nsleep 30\n`);
    await Deno.chmod(script, 0o755);
    const started = performance.now();
    const hung = await runBounded(script, [], { timeoutMs: 300 });
    assert.equal(hung.kind, "timeout");
    assert.ok(performance.now() - started < 1000);

    const ok = await runBounded("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"], { timeoutMs: 2000 });
    assert.equal(ok.kind, "exited");
    if (ok.kind === "exited") {
      assert.equal(ok.code, 3);
      assert.equal(ok.stdout, "out\n");
      assert.equal(ok.stderr, "err\n");
    }
    assert.deepEqual(await runBounded(`${dir}/missing`, [], { timeoutMs: 300 }), { kind: "not_found" });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
