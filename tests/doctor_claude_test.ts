// doctor against fixture homes: a fake `claude` on PATH and Claude Code's config files, each
// test breaking one thing a user could have wrong (version, login, flags, telemetry, policy).
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  API_KEY_LOGIN,
  check,
  doctor,
  doctorHome,
  type DoctorHomeOptions,
  healthyClaudeJson,
  writeFakeClaude,
  writeJson,
} from "./fixtures/doctor/doctor_home.ts";

async function withHome(
  options: DoctorHomeOptions,
  body: (home: Awaited<ReturnType<typeof doctorHome>>) => Promise<void>,
) {
  const home = await doctorHome(options);
  try {
    await body(home);
  } finally {
    await home.cleanup();
  }
}

Deno.test("doctor: a healthy setup is all ok, exit 0 also with --strict", async () => {
  await withHome({}, async (home) => {
    // As a user runs it: its own process.
    const run = await doctor(home, ["--strict"], { process: true });
    const notOk = run.json.checks.filter((c) => c.status !== "ok");
    assert.deepEqual(notOk, [], run.stdout);
    assert.equal(run.json.status, "ok");
    assert.equal(run.code, 0);
    assert.equal(
      check(run, "claude_code.version").message,
      "2.1.330 (channels and permission relay supported)",
    );
    assert.equal(check(run, "login.method").message, "claude.ai login (max plan)");
    assert.equal(check(run, "registration.version").message, `"cc-dm" runs cc-dm 2.0.0`);
    assert.deepEqual(run.json.fixes, []);
    for (const c of run.json.checks) assert.equal(c.hint, null);
  });
});

Deno.test("doctor: human output is grouped, aligned, and ends with the worst status", async () => {
  await withHome({ claude: { version: "2.1.50 (Claude Code)" } }, async (home) => {
    const run = await doctor(home, [], { human: true });
    assert.equal(run.code, 1);
    const lines = run.stdout.trimEnd().split("\n");
    const titles = lines.filter((l) => /^\S/.test(l) && !l.startsWith("Summary"));
    assert.deepEqual(titles, ["Claude Code", "Login & channels", "Registration", "Bus", "cc-dm"]);
    const versionLine = lines.find((l) => l.includes("2.1.50 is too old"))!;
    assert.match(versionLine, /^ {2}fail {2}version +2\.1\.50 is too old/);
    const tryLine = lines[lines.indexOf(versionLine) + 1];
    assert.match(tryLine, /^ +Try: claude update/);
    // Messages start in one column on every check line.
    const checkLines = lines.filter((l) => /^ {2}(ok|warn|fail) /.test(l));
    const columns = new Set(checkLines.map((l) => l.slice(8).search(/(?<= {2})\S/)));
    assert.equal(columns.size, 1, checkLines.join("\n"));
    assert.match(lines[lines.length - 1], /^Summary: \d+ ok, 0 warn, 1 fail; status fail$/);
    assert.equal(run.stderr, "");
  });
});

Deno.test("doctor: Claude Code older than 2.1.80 fails; 2.1.80 warns about permission relay", async () => {
  await withHome({ claude: { version: "2.1.50 (Claude Code)" } }, async (home) => {
    const run = await doctor(home);
    const v = check(run, "claude_code.version");
    assert.equal(v.status, "fail");
    assert.equal(v.message, "2.1.50 is too old: channels need 2.1.80 or later");
    assert.match(v.hint!, /claude update/);
    assert.equal(run.json.status, "fail");
    assert.equal(run.code, 1);
  });
  await withHome({ claude: { version: "2.1.80 (Claude Code)" } }, async (home) => {
    const run = await doctor(home);
    assert.equal(check(run, "claude_code.version").status, "warn");
    assert.match(check(run, "claude_code.version").message, /permission relay needs 2\.1\.81/);
    assert.equal(run.code, 0);
    assert.equal((await doctor(home, ["--strict"])).code, 1);
  });
});

Deno.test("doctor: no claude anywhere fails installed and skips what needs it", async () => {
  await withHome({ claude: null }, async (home) => {
    const run = await doctor(home);
    const installed = check(run, "claude_code.installed");
    assert.equal(installed.status, "fail");
    assert.equal(installed.message, "Claude Code is not installed: no `claude` on PATH");
    assert.ok(!run.json.checks.some((c) => c.id === "claude_code.version" || c.id === "login.method"));
    assert.equal(run.code, 1);
  });
});

Deno.test("doctor: an API-key login is fine (channels work with API keys) and the key is never printed", async () => {
  const key = "sk-ant-dummy-key-0123456789abcdef";
  await withHome({ claude: { auth: API_KEY_LOGIN } }, async (home) => {
    const run = await doctor(home, [], { extraEnv: { ANTHROPIC_API_KEY: key } });
    const login = check(run, "login.method");
    assert.equal(login.status, "ok");
    assert.equal(login.message, "logged in with an API key from ANTHROPIC_API_KEY");
    assert.ok(!login.hint);
    assert.equal(run.code, 0);
    const human = await doctor(home, ["--strict"], { human: true, extraEnv: { ANTHROPIC_API_KEY: key } });
    assert.equal(human.code, 0, human.stdout);
    assert.ok(!run.stdout.includes(key) && !human.stdout.includes(key) && !human.stderr.includes(key));
  });
});

Deno.test("doctor: not logged in fails", async () => {
  await withHome(
    { claude: { auth: { loggedIn: false, authMethod: "none", apiProvider: "firstParty" } } },
    async (home) => {
      const run = await doctor(home);
      assert.equal(check(run, "login.method").status, "fail");
      assert.equal(check(run, "login.method").message, "Claude Code is not logged in");
      assert.equal(run.code, 1);
    },
  );
});

Deno.test("doctor: channels feature off, or not cached yet", async () => {
  await withHome({}, async (home) => {
    const config = healthyClaudeJson(home.project);
    config.cachedGrowthBookFeatures = { tengu_harbor: false };
    await writeJson(join(home.home, ".claude.json"), config);
    let run = await doctor(home);
    const feature = check(run, "login.channels_feature");
    // A warning, not a failure: the inbox socket delivers without channels.
    assert.equal(feature.status, "warn");
    assert.match(
      feature.message,
      /^channels are not enabled for this account \(cached feature tengu_harbor is off\), so channel events are off; cc-dm delivers through each session's inbox socket/,
    );
    assert.equal(run.code, 0);

    delete config.cachedGrowthBookFeatures;
    await writeJson(join(home.home, ".claude.json"), config);
    run = await doctor(home);
    assert.equal(check(run, "login.channels_feature").status, "warn");
    assert.match(check(run, "login.channels_feature").message, /has not cached this account's features yet/);
    assert.equal(run.code, 0);
  });
});

Deno.test("doctor: telemetry switches in the environment or settings turn channels off", async () => {
  await withHome({}, async (home) => {
    let run = await doctor(home, [], { extraEnv: { DISABLE_TELEMETRY: "1" } });
    let t = check(run, "login.telemetry");
    assert.equal(t.status, "fail");
    assert.equal(
      t.message,
      "DISABLE_TELEMETRY (environment) set: Claude Code then reads the channels feature as off",
    );
    assert.match(t.hint!, /CLAUDE_CODE_GB_DISK_CACHE_WHEN_TELEMETRY_OFF=1/);
    assert.equal(run.code, 1);

    const settings = join(home.home, ".claude", "settings.json");
    await writeJson(settings, { env: { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1" } });
    run = await doctor(home);
    t = check(run, "login.telemetry");
    assert.equal(t.status, "fail");
    assert.equal(
      t.message,
      `CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC (${settings} env) set: Claude Code then reads the channels feature as off`,
    );

    run = await doctor(home, [], { extraEnv: { CLAUDE_CODE_GB_DISK_CACHE_WHEN_TELEMETRY_OFF: "1" } });
    assert.equal(check(run, "login.telemetry").status, "ok");
    assert.equal(run.code, 0);
  });
});

Deno.test("doctor: managed settings without channelsEnabled fail for API keys and Team plans", async () => {
  await withHome({ claude: { auth: API_KEY_LOGIN } }, async (home) => {
    const policy = join(home.managedDir, "managed-settings.json");
    await writeJson(policy, { permissions: { deny: [] } });
    let run = await doctor(home);
    const m = check(run, "login.managed_settings");
    assert.equal(m.status, "fail");
    assert.equal(
      m.message,
      `managed settings (${policy}) do not set channelsEnabled: true, so org policy turns channels off`,
    );
    assert.equal(m.hint, `Ask your administrator to add "channelsEnabled": true to ${policy}.`);
    assert.equal(run.code, 1);

    // A drop-in file can allow it.
    await writeJson(join(home.managedDir, "managed-settings.d", "10-channels.json"), {
      channelsEnabled: true,
    });
    run = await doctor(home);
    assert.equal(check(run, "login.managed_settings").status, "ok");
    assert.equal(
      check(run, "login.managed_settings").message,
      "managed settings allow channels (channelsEnabled: true)",
    );
  });
  const team = {
    loggedIn: true,
    authMethod: "claude.ai",
    apiProvider: "firstParty",
    subscriptionType: "team",
  };
  await withHome({ claude: { auth: team } }, async (home) => {
    let run = await doctor(home);
    assert.equal(check(run, "login.managed_settings").status, "warn");
    assert.match(check(run, "login.managed_settings").message, /^team plan: channels are off unless/);
    await writeJson(join(home.managedDir, "managed-settings.json"), { channelsEnabled: false });
    run = await doctor(home);
    assert.equal(check(run, "login.managed_settings").status, "fail");
    assert.equal(run.code, 1);
  });
  // A claude.ai Max plan is not subject to the org gate.
  await withHome({}, async (home) => {
    await writeJson(join(home.managedDir, "managed-settings.json"), { permissions: {} });
    const run = await doctor(home);
    assert.equal(check(run, "login.managed_settings").status, "ok");
  });
});

Deno.test("doctor: a third-party API provider fails", async () => {
  await withHome({}, async (home) => {
    const run = await doctor(home, [], { extraEnv: { CLAUDE_CODE_USE_BEDROCK: "1" } });
    const p = check(run, "login.api_provider");
    assert.equal(p.status, "fail");
    assert.equal(
      p.message,
      "CLAUDE_CODE_USE_BEDROCK is set (environment): Claude Code uses Amazon Bedrock, and channels need Anthropic's first-party API",
    );
    assert.equal(run.code, 1);
  });
  await withHome({ claude: { auth: { ...API_KEY_LOGIN, apiProvider: "vertex" } } }, async (home) => {
    const run = await doctor(home);
    assert.equal(check(run, "login.api_provider").status, "fail");
    assert.match(check(run, "login.api_provider").message, /uses the vertex API provider/);
  });
});

Deno.test("doctor --json: exactly the fields documented in docs/json.md", async () => {
  const doc = await Deno.readTextFile(new URL("../docs/json.md", import.meta.url));
  const section = doc.slice(doc.indexOf("\n## doctor\n") + 1).split("\n## ")[0];
  const documented = [...section.matchAll(/^\| `([^`]+)` +\|/gm)].map((m) => m[1]).sort();
  await withHome({ claude: { version: "2.1.50 (Claude Code)" } }, async (home) => {
    const run = await doctor(home, ["--fix"]);
    // The array `checks` itself is documented through its fields `checks[].*`.
    const printed = new Set<string>(Object.keys(run.json).filter((k) => k !== "checks"));
    for (const c of run.json.checks) for (const key of Object.keys(c)) printed.add(`checks[].${key}`);
    assert.deepEqual([...printed].sort(), documented);
    assert.ok(
      run.json.checks.some((c) => c.hint === null) && run.json.checks.some((c) => typeof c.hint === "string"),
    );
    assert.ok(["ok", "warn", "fail"].includes(run.json.status));
  });
});

Deno.test("doctor: claude installed in ~/.local/bin but not on PATH warns and is still asked", async () => {
  await withHome({ claude: null }, async (home) => {
    const local = join(home.home, ".local", "bin");
    await Deno.mkdir(local, { recursive: true });
    await writeFakeClaude(local, {});
    const run = await doctor(home);
    const installed = check(run, "claude_code.installed");
    assert.equal(installed.status, "warn");
    assert.equal(installed.message, `found ${join(local, "claude")}, but it is not on PATH`);
    assert.match(installed.hint!, new RegExp(`^Add ${local} to PATH`));
    assert.equal(check(run, "claude_code.version").status, "ok");
  });
});
