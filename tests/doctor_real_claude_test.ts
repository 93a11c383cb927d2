// doctor against the real Claude Code binary from npm (pinned, installed once into a shared
// cache): version and login are detected for real, offline, with a dummy API key; and a
// project .mcp.json entry doctor calls pending is what `claude mcp get` calls pending.
import assert from "node:assert/strict";
import { join } from "node:path";
import { CLAUDE_CODE_VERSION, ensureClaudeCode } from "./helpers/claude_code_install.ts";
import { check, doctor, doctorHome, sourceEntry, writeJson } from "./fixtures/doctor/doctor_home.ts";

const DUMMY_KEY = "sk-ant-dummy-key-0123456789abcdef";

Deno.test({
  name: "doctor: real Claude Code: version, API-key login and pending approval detected for real",
  // The first run installs Claude Code from npm (about 10 s); later runs reuse the cache.
  fn: async () => {
    const claude = await ensureClaudeCode();
    const home = await doctorHome({ claude: null });
    try {
      await Deno.symlink(claude, join(home.bin, "claude"));
      await writeJson(join(home.project, ".mcp.json"), { mcpServers: { "cc-dm-project": sourceEntry() } });
      const extraEnv = { ANTHROPIC_API_KEY: DUMMY_KEY };
      const run = await doctor(home, [], { extraEnv });

      assert.equal(check(run, "claude_code.installed").status, "ok");
      const version = check(run, "claude_code.version");
      assert.equal(version.status, "ok");
      assert.equal(version.message, `${CLAUDE_CODE_VERSION} (channels and permission relay supported)`);
      const login = check(run, "login.method");
      assert.equal(login.status, "ok");
      assert.equal(login.message, "logged in with an API key from ANTHROPIC_API_KEY");
      assert.equal(check(run, "login.api_provider").message, "Anthropic first-party API");
      const approval = check(run, "registration.approval");
      assert.equal(approval.status, "warn");
      assert.match(approval.message, /^"cc-dm-project" in .*\.mcp\.json is pending approval/);
      assert.equal(check(run, "registration.entry").status, "ok", "the user-scope entry still runs");
      assert.equal(run.json.status, "warn");
      assert.equal(run.code, 0);
      assert.ok(!run.stdout.includes(DUMMY_KEY) && !run.stderr.includes(DUMMY_KEY));

      // Without the key: with one, Claude Code's `mcp` commands wait ~18 s on the network here.
      const get = await new Deno.Command(claude, {
        args: ["mcp", "get", "cc-dm-project"],
        env: home.env,
        clearEnv: true,
        cwd: home.project,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const shown = new TextDecoder().decode(get.stdout);
      assert.match(shown, /^ {2}Status: .*Pending approval/m, shown);

      const strict = await doctor(home, ["--strict"], { extraEnv, human: true });
      assert.equal(strict.code, 1);
      assert.match(strict.stdout, /status warn\n$/);
    } finally {
      await home.cleanup();
    }
  },
});
