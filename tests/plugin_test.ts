import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { ensureClaudeCode } from "./helpers/claude_code_install.ts";
import { inWorld } from "./e2e/claude_harness.ts";
import { tempHome } from "./helpers/temp_home.ts";
import { VERSION } from "../lib/version.ts";

// The Claude Code plugin in this repository: manifests, skills, the launcher and the compaction
// hook, and an install from the repository as a local marketplace with the real Claude Code.

const REPO = dirname(dirname(new URL(import.meta.url).pathname));
const LAUNCHER = join(REPO, "bin", "cc-dm");
const text = new TextDecoder();

async function run(command: string, args: string[], options: { env: Record<string, string>; cwd?: string }) {
  const out = await new Deno.Command(command, {
    args,
    cwd: options.cwd ?? REPO,
    env: options.env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await Deno.readTextFile(join(REPO, path)));
}

/** A PATH with deno and the base system only, so no installed cc-dm can stand in for the checkout. */
function basePath(): string {
  return `${dirname(Deno.execPath())}:/usr/bin:/bin`;
}

Deno.test("plugin: claude plugin validate --strict passes and lists the server, skills and hook", async () => {
  const claude = await ensureClaudeCode();
  const t = await tempHome();
  try {
    const human = await run(claude, ["plugin", "validate", "--strict", REPO], { env: t.env });
    assert.equal(human.code, 0, human.stdout + human.stderr);
    assert.match(human.stdout, /Validation passed/);

    const report = await run(claude, ["plugin", "validate", "--json", REPO], { env: t.env });
    const provides = JSON.parse(report.stdout).provides;
    assert.deepEqual(provides.mcpServers, [{
      name: "cc-dm",
      type: "stdio",
      target: "sh",
      args: ["${CLAUDE_PLUGIN_ROOT}/bin/cc-dm", "channel"],
    }]);
    assert.deepEqual([...provides.skills].sort(), ["cc-dm:cc-dm", "cc-dm:register"]);
    assert.deepEqual(
      provides.hooks.map((h: { event: string; matcher?: string }) => [h.event, h.matcher ?? null]),
      [
        ["SessionStart", "compact"],
        ["SessionStart", "startup|resume|clear"],
        ["UserPromptSubmit", null],
        ["PostToolUse", "*"],
        ["Stop", null],
        ["Notification", "permission_prompt|elicitation_dialog"],
      ],
    );
  } finally {
    await t.cleanup();
  }
});

Deno.test("plugin: installs from the repository as a local marketplace and its channel server connects", async () => {
  const claude = await ensureClaudeCode();
  const t = await tempHome();
  const env = { ...t.env, PATH: basePath() };
  const work = join(t.home, "work");
  await Deno.mkdir(work);
  try {
    const added = await run(claude, ["plugin", "marketplace", "add", REPO], { env, cwd: work });
    assert.equal(added.code, 0, added.stdout + added.stderr);
    const installed = await run(claude, ["plugin", "install", "cc-dm@cc-dm"], { env, cwd: work });
    assert.equal(installed.code, 0, installed.stdout + installed.stderr);
    assert.match(installed.stdout, /Successfully installed plugin: cc-dm@cc-dm/);

    const list = await run(claude, ["mcp", "list"], { env, cwd: work });
    assert.match(list.stdout, /^plugin:cc-dm:cc-dm: sh \S+\/bin\/cc-dm channel - ✔ Connected$/m, list.stdout);
    // It ran this checkout's code against the test's bus, not ~/.cc-dm.
    await Deno.stat(join(t.ccDmHome, "bus.db"));
  } finally {
    await t.cleanup();
  }
});

/** A PATH directory without Deno: only the tools the launcher may call (readlink for links). */
async function noDenoPath(home: string): Promise<string> {
  const tools = join(home, "tools");
  await Deno.mkdir(tools, { recursive: true });
  await Deno.symlink("/bin/readlink", join(tools, "readlink")).catch(() => {});
  return tools;
}

Deno.test("plugin launcher: CC_DM_BIN first, else its own bundle on Deno even with another cc-dm first on PATH", async () => {
  const t = await tempHome();
  try {
    const bin = join(t.home, "bin");
    await Deno.mkdir(bin);
    const broken = join(bin, "cc-dm");
    await Deno.writeTextFile(broken, `#!/bin/sh\necho "Error: Cannot find module" >&2\nexit 1\n`);
    await Deno.chmod(broken, 0o755);

    const bundled = await run("sh", [LAUNCHER, "--version"], {
      env: { ...t.env, PATH: `${bin}:${basePath()}` },
    });
    assert.equal(bundled.code, 0, bundled.stderr);
    assert.equal(bundled.stdout, `cc-dm ${VERSION}\n`);

    const chosen = join(t.home, "chosen-cc-dm");
    await Deno.writeTextFile(chosen, `#!/bin/sh\necho "chosen: $*"\n`);
    await Deno.chmod(chosen, 0o755);
    const explicit = await run("sh", [LAUNCHER, "--version"], {
      env: { ...t.env, PATH: `${bin}:${basePath()}`, CC_DM_BIN: chosen },
    });
    assert.equal(explicit.stdout, "chosen: --version\n");
  } finally {
    await t.cleanup();
  }
});

Deno.test("plugin launcher without Deno: runs a working cc-dm on PATH; a broken one's error reaches Claude Code", async () => {
  const t = await tempHome();
  try {
    const tools = await noDenoPath(t.home);
    const bin = join(t.home, "bin");
    await Deno.mkdir(bin);
    const other = join(bin, "cc-dm");
    await Deno.writeTextFile(
      other,
      `#!/bin/sh\n[ "$1" = --version ] && echo "cc-dm 2.0.0" && exit 0\necho "installed cc-dm: $* launched=$CC_DM_LAUNCHED"\n`,
    );
    await Deno.chmod(other, 0o755);
    const env = { ...t.env, PATH: `${bin}:${tools}` };
    const onPath = await run("/bin/sh", [LAUNCHER, "who", "--json"], { env });
    assert.equal(onPath.stdout, "installed cc-dm: who --json launched=1\n");
    const channel = await runWithInput(["channel"], env, INITIALIZE);
    assert.equal(channel.stdout, "installed cc-dm: channel launched=1\n");

    await Deno.writeTextFile(
      other,
      `#!/bin/sh\necho "Error: Cannot find module '/old/cc-dm.js'" >&2\nexit 1\n`,
    );
    const broken = await runWithInput(["channel"], env, INITIALIZE);
    assert.equal(broken.code, 1);
    const reply = JSON.parse(broken.stdout);
    assert.equal(reply.id, 0);
    assert.equal(reply.error.code, -32000);
    assert.match(reply.error.message, /^cc-dm: the cc-dm at \S+\/bin\/cc-dm does not work/);
    assert.match(reply.error.message, /Cannot find module '\/old\/cc-dm\.js'/);
    assert.match(reply.error.message, /Install Deno/);
    assert.match(broken.stderr, /does not work/);
  } finally {
    await t.cleanup();
  }
});

Deno.test("plugin launcher without Deno or cc-dm: says what to install (initialize error, session-start hook), busy hooks stay quiet", async () => {
  const t = await tempHome();
  try {
    const tools = await noDenoPath(t.home);
    // A link to itself on PATH (Claude Code puts plugin bin/ dirs there) is skipped, not looped through.
    const bin = join(t.home, "bin");
    await Deno.mkdir(bin);
    await Deno.symlink(LAUNCHER, join(bin, "cc-dm"));
    const env = { ...t.env, PATH: `${bin}:${dirname(LAUNCHER)}:${tools}` };

    const cli = await run("/bin/sh", [LAUNCHER, "--version"], { env });
    assert.equal(cli.code, 127);
    assert.match(cli.stderr, /^cc-dm: found no Deno to run \S+dist\/cc-dm\.js and no cc-dm on PATH/);
    assert.match(cli.stderr, /npm install -g cc-dm/);

    const channel = await runWithInput(["channel"], env, INITIALIZE);
    assert.equal(channel.code, 1);
    assert.match(JSON.parse(channel.stdout).error.message, /^cc-dm: found no Deno .* npm install -g cc-dm/);

    const busy = await runWithInput(["hook", "post-tool-use"], env, "{}");
    assert.deepEqual([busy.code, busy.stdout, busy.stderr], [0, "", ""]);
    const start = await runWithInput(["hook", "session-start", "--wait"], env, "{}");
    assert.equal(start.code, 1);
    assert.match(start.stderr, /found no Deno/);
  } finally {
    await t.cleanup();
  }
});

const INITIALIZE =
  `{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25"}}\n`;

async function runWithInput(args: string[], env: Record<string, string>, input: string) {
  const child = new Deno.Command("/bin/sh", {
    args: [LAUNCHER, ...args],
    env,
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  try {
    await writer.write(new TextEncoder().encode(input));
    await writer.close();
  } catch (err) {
    // A cc-dm that fails at once exits without reading its input, as a broken one does.
    if (!(err instanceof Deno.errors.BrokenPipe)) throw err;
  }
  const out = await child.output();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

Deno.test("plugin hook: after compaction it prints SessionStart additionalContext, with a safe session name only", async () => {
  const hooks = await readJson("hooks/hooks.json") as {
    hooks: Record<string, { matcher: string; hooks: { type: string; command: string; timeout: number }[] }[]>;
  };
  const [entry] = hooks.hooks.SessionStart;
  assert.equal(entry.matcher, "compact");
  assert.equal(entry.hooks[0].command, `sh "\${CLAUDE_PLUGIN_ROOT}/hooks/after_compact.sh"`);

  const t = await tempHome();
  try {
    const script = join(REPO, "hooks", "after_compact.sh");
    for (const [name, shown] of [["backend", true], ['x"}, "evil', false], ["", false]] as const) {
      const out = await run("sh", [script], { env: { ...t.env, CC_DM_SESSION_NAME: name } });
      assert.equal(out.code, 0, out.stderr);
      const parsed = JSON.parse(out.stdout).hookSpecificOutput;
      assert.equal(parsed.hookEventName, "SessionStart");
      assert.match(parsed.additionalContext, /call the cc-dm who tool/);
      assert.match(parsed.additionalContext, /never with SendMessage/);
      assert.equal(parsed.additionalContext.includes(`CC_DM_SESSION_NAME=${name}.`), shown);
    }
  } finally {
    await t.cleanup();
  }
});

Deno.test("plugin manifests: one version everywhere, channel names a server, skills named after their folders", async () => {
  const plugin = await readJson(".claude-plugin/plugin.json") as {
    name: string;
    version: string;
    mcpServers: Record<string, unknown>;
    channels: { server: string }[];
  };
  const market = await readJson(".claude-plugin/marketplace.json") as {
    name: string;
    plugins: { name: string; version: string; source: string }[];
  };
  const deno = await readJson("deno.json") as { version: string };
  assert.equal(plugin.version, VERSION);
  assert.equal(deno.version, VERSION);
  assert.deepEqual(market.plugins.map((p) => [p.name, p.version, p.source]), [["cc-dm", VERSION, "./"]]);
  assert.deepEqual(plugin.channels.map((c) => c.server), ["cc-dm"]);
  assert.ok("cc-dm" in plugin.mcpServers);

  for (const skill of ["cc-dm", "register"]) {
    const body = await Deno.readTextFile(join(REPO, "skills", skill, "SKILL.md"));
    const front = /^---\n([\s\S]*?)\n---\n/.exec(body)?.[1] ?? "";
    assert.match(front, new RegExp(`^name: ${skill}$`, "m"));
    assert.match(front, /^description: .{40,}$/m);
  }
  const teach = await Deno.readTextFile(join(REPO, "skills", "cc-dm", "SKILL.md"));
  for (
    const tool of ["register", "dm", "broadcast", "who", "inbox", "in_reply_to", "SendMessage", "untrusted"]
  ) {
    assert.ok(teach.includes(tool), `the cc-dm skill mentions ${tool}`);
  }
});

Deno.test("plugin in a real headless Claude Code: tools, skills and instructions reach the model, and the compaction hook does", async () => {
  await inWorld(60_000, async (world) => {
    const mock = world.mock({ fallback: "ok" });
    const home = await world.home("plugin", mock);
    Object.assign(home.env, { PATH: basePath(), CC_DM_HOME: world.ccDmHome, CC_DM_SESSION_NAME: "backend" });
    await home.claudeOk(["plugin", "marketplace", "add", REPO]);
    await home.claudeOk(["plugin", "install", "cc-dm@cc-dm"]);

    const session = home.startHeadless([]);
    await session.send("hello");
    await session.waitForResults(1, 30_000);
    await world.waitForLive("backend", 10_000);
    const first = JSON.stringify(mock.requests[0]);
    for (const tool of ["register", "dm", "broadcast", "who", "inbox"]) {
      assert.ok(first.includes(`mcp__plugin_cc-dm_cc-dm__${tool}`), `tool ${tool} offered`);
    }
    assert.ok(
      first.includes("- cc-dm:cc-dm: How to talk to other Claude Code sessions"),
      "cc-dm skill listed",
    );
    assert.ok(first.includes("- cc-dm:register: Register this Claude Code session"), "register skill listed");
    assert.ok(first.includes("## plugin:cc-dm:cc-dm\\ncc-dm connects"), "server instructions in the prompt");
    assert.ok(!first.includes("cc-dm after compaction"));

    const before = mock.requests.length;
    await session.send("/compact");
    await session.waitForResults(2, 30_000);
    await session.send("what now?");
    await session.waitForResults(3, 30_000);
    const after = mock.requests.slice(before).map((r) => JSON.stringify(r.messages));
    const last = after[after.length - 1];
    assert.ok(
      last.includes("cc-dm after compaction"),
      "the SessionStart:compact hook's context reached the model",
    );
    assert.ok(last.includes("It was started with CC_DM_SESSION_NAME=backend."));
    assert.ok(session.output.some((o) => o.type === "system" && o.subtype === "compact_boundary"));
  });
});
