// doctor's registration checks: where Claude Code would find cc-dm (user, local, project scope
// or a plugin), whether the command runs and is this version, and .mcp.json approval.
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  check,
  doctor,
  type DoctorHome,
  doctorHome,
  healthyClaudeJson,
  sourceEntry,
  writeJson,
} from "./fixtures/doctor/doctor_home.ts";

async function withHome(body: (home: DoctorHome) => Promise<void>) {
  const home = await doctorHome();
  try {
    await body(home);
  } finally {
    await home.cleanup();
  }
}

/** ~/.claude.json of the healthy fixture with `change` applied. */
async function editClaudeJson(home: DoctorHome, change: (config: Record<string, unknown>) => void) {
  const config = healthyClaudeJson(home.project);
  change(config);
  await writeJson(join(home.home, ".claude.json"), config);
}

Deno.test("doctor: missing registration fails with `cc-dm setup`", async () => {
  await withHome(async (home) => {
    await editClaudeJson(home, (c) => {
      c.mcpServers = { other: { command: "/bin/true", args: [] } };
    });
    const run = await doctor(home);
    const entry = check(run, "registration.entry");
    assert.equal(entry.status, "fail");
    assert.equal(
      entry.message,
      "cc-dm is not registered with Claude Code: no `cc-dm channel` server in user, local or project MCP " +
        "config, nor in an installed plugin",
    );
    assert.equal(entry.hint, "cc-dm setup");
    assert.ok(!run.json.checks.some((c) => c.id === "registration.command"));
    assert.equal(run.code, 1);
  });
});

Deno.test("doctor: local scope (projects[<project>].mcpServers) counts", async () => {
  await withHome(async (home) => {
    await editClaudeJson(home, (c) => {
      delete c.mcpServers;
      c.projects = { [home.project]: { hasTrustDialogAccepted: true, mcpServers: { dm: sourceEntry() } } };
    });
    const run = await doctor(home);
    assert.equal(check(run, "registration.entry").status, "ok");
    assert.equal(
      check(run, "registration.entry").message,
      `"dm" (local scope, ${join(home.home, ".claude.json")})`,
    );
    assert.equal(check(run, "registration.version").message, `"dm" runs cc-dm 2.0.0`);
    assert.equal(run.code, 0);
  });
});

Deno.test("doctor: a project .mcp.json entry is pending until approved", async () => {
  await withHome(async (home) => {
    await editClaudeJson(home, (c) => delete c.mcpServers);
    const mcpJson = join(home.project, ".mcp.json");
    await writeJson(mcpJson, { mcpServers: { "cc-dm": sourceEntry() } });
    let run = await doctor(home);
    const approval = check(run, "registration.approval");
    assert.equal(approval.status, "warn");
    assert.equal(
      approval.message,
      `"cc-dm" in ${mcpJson} is pending approval: Claude Code does not start it until approved`,
    );
    assert.match(approval.hint!, /"enabledMcpjsonServers": \["cc-dm"\]/);
    assert.equal(check(run, "registration.entry").status, "warn");
    assert.equal(run.code, 0);

    // Approved in the trusted project's local settings, as Claude Code records it.
    await writeJson(join(home.project, ".claude", "settings.local.json"), {
      enabledMcpjsonServers: ["cc-dm"],
    });
    run = await doctor(home);
    assert.ok(!run.json.checks.some((c) => c.id === "registration.approval"));
    assert.equal(check(run, "registration.entry").status, "ok");
    assert.equal(run.json.status, "ok");

    // Disabled wins over enabled.
    await writeJson(join(home.home, ".claude", "settings.json"), { disabledMcpjsonServers: ["cc-dm"] });
    run = await doctor(home);
    assert.match(check(run, "registration.approval").message, /is disabled for this project/);
  });
});

Deno.test("doctor: project settings of an untrusted project do not approve", async () => {
  await withHome(async (home) => {
    await editClaudeJson(home, (c) => {
      delete c.mcpServers;
      c.projects = {};
    });
    await writeJson(join(home.project, ".mcp.json"), { mcpServers: { "cc-dm": sourceEntry() } });
    await writeJson(join(home.project, ".claude", "settings.local.json"), {
      enabledMcpjsonServers: ["cc-dm"],
    });
    const run = await doctor(home);
    assert.equal(check(run, "registration.approval").status, "warn");
  });
});

Deno.test("doctor: a registered command that does not exist fails", async () => {
  await withHome(async (home) => {
    await editClaudeJson(home, (c) => {
      c.mcpServers = { "cc-dm": { command: "/opt/gone/cc-dm", args: ["channel"] } };
    });
    const run = await doctor(home);
    const command = check(run, "registration.command");
    assert.equal(command.status, "fail");
    assert.equal(
      command.message,
      `"cc-dm" (user scope, ${join(home.home, ".claude.json")}) runs /opt/gone/cc-dm, which does not exist`,
    );
    assert.match(command.hint!, /^cc-dm setup/);
    assert.equal(run.code, 1);
  });
});

Deno.test("doctor: a registered cc-dm of another version warns", async () => {
  await withHome(async (home) => {
    const old = join(home.bin, "cc-dm");
    await Deno.writeTextFile(
      old,
      `#!/bin/sh\n[ "$1" = "--version" ] && echo "cc-dm 1.9.0" && exit 0\nexit 1\n`,
    );
    await Deno.chmod(old, 0o755);
    await editClaudeJson(home, (c) => {
      c.mcpServers = { "cc-dm": { command: "cc-dm", args: ["channel"] } }; // found on PATH
    });
    const run = await doctor(home);
    assert.equal(check(run, "registration.command").status, "ok");
    const version = check(run, "registration.version");
    assert.equal(version.status, "warn");
    assert.equal(version.message, `"cc-dm" runs "cc-dm 1.9.0", this is cc-dm 2.0.0`);
    assert.equal(run.code, 0);
  });
});

Deno.test("doctor: an installed cc-dm plugin counts; a disabled one warns", async () => {
  await withHome(async (home) => {
    await editClaudeJson(home, (c) => delete c.mcpServers);
    const installPath = join(home.home, ".claude", "plugins", "cache", "local", "cc-dm", "2.0.0");
    const entry = sourceEntry();
    await writeJson(join(installPath, ".claude-plugin", "plugin.json"), {
      name: "cc-dm",
      mcpServers: { "cc-dm": { command: entry.command, args: entry.args } },
      channels: [{ server: "cc-dm" }],
    });
    await writeJson(join(home.home, ".claude", "plugins", "installed_plugins.json"), {
      version: 2,
      plugins: { "cc-dm@local": [{ scope: "user", installPath, version: "2.0.0" }] },
    });
    const settings = join(home.home, ".claude", "settings.json");
    await writeJson(settings, { enabledPlugins: { "cc-dm@local": true } });
    let run = await doctor(home);
    assert.equal(check(run, "registration.entry").status, "ok");
    assert.equal(check(run, "registration.entry").message, `"cc-dm" of plugin cc-dm@local`);
    assert.equal(check(run, "registration.version").status, "ok");

    await writeJson(settings, { enabledPlugins: { "cc-dm@local": false } });
    run = await doctor(home);
    assert.equal(check(run, "registration.plugin").status, "warn");
    assert.equal(check(run, "registration.plugin").hint, "claude plugin enable cc-dm@local");
  });
});

Deno.test("doctor: cc-dm registered twice fails (two channels in every session)", async () => {
  await withHome(async (home) => {
    await editClaudeJson(home, (c) => {
      c.projects = { [home.project]: { hasTrustDialogAccepted: true, mcpServers: { dm2: sourceEntry() } } };
    });
    const run = await doctor(home);
    assert.equal(check(run, "registration.entry").status, "fail");
    assert.match(
      check(run, "registration.entry").message,
      /^registered 2 times .*each session starts 2 cc-dm channels, and at most one of them is the session's channel$/,
    );
  });
});

Deno.test("doctor: CLAUDE_CONFIG_DIR moves .claude.json and settings", async () => {
  await withHome(async (home) => {
    const configDir = join(home.home, "claude-config");
    await writeJson(join(configDir, ".claude.json"), healthyClaudeJson(home.project));
    await Deno.remove(join(home.home, ".claude.json"));
    let run = await doctor(home);
    assert.equal(check(run, "registration.entry").status, "fail");
    run = await doctor(home, [], { extraEnv: { CLAUDE_CONFIG_DIR: configDir } });
    assert.equal(check(run, "registration.entry").status, "ok");
    assert.equal(
      check(run, "registration.entry").message,
      `"cc-dm" (user scope, ${join(configDir, ".claude.json")})`,
    );
    assert.equal(check(run, "login.channels_feature").status, "ok");
  });
});

Deno.test("doctor: an entry with its own CC_DM_HOME uses another bus", async () => {
  await withHome(async (home) => {
    const other = join(home.home, "elsewhere");
    await editClaudeJson(home, (c) => {
      c.mcpServers = { "cc-dm": { ...sourceEntry(), env: { CC_DM_HOME: other } } };
    });
    const run = await doctor(home);
    const bus = check(run, "registration.bus");
    assert.equal(bus.status, "warn");
    assert.equal(
      bus.message,
      `"cc-dm" runs with CC_DM_HOME=${other}, but this shell uses ${home.ccDmHome}: sessions and this shell are on different buses`,
    );
  });
});

Deno.test("doctor: this repository's own plugin (sh ${CLAUDE_PLUGIN_ROOT}/bin/cc-dm channel) is recognised and runs", async () => {
  await withHome(async (home) => {
    await editClaudeJson(home, (c) => delete c.mcpServers);
    const repo = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
    await writeJson(join(home.home, ".claude", "plugins", "installed_plugins.json"), {
      version: 2,
      plugins: { "cc-dm@cc-dm": [{ scope: "user", installPath: repo, version: "2.0.0" }] },
    });
    await writeJson(join(home.home, ".claude", "settings.json"), { enabledPlugins: { "cc-dm@cc-dm": true } });
    const run = await doctor(home);
    assert.equal(check(run, "registration.entry").message, `"cc-dm" of plugin cc-dm@cc-dm`);
    assert.equal(check(run, "registration.command").message, `sh ${repo}/bin/cc-dm channel (executable)`);
    assert.equal(
      check(run, "registration.version").status,
      "ok",
      JSON.stringify(check(run, "registration.version")),
    );
  });
});
