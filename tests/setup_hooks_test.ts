import assert from "node:assert/strict";
import { join } from "node:path";
import { ensureClaudeCode } from "./helpers/claude_code_install.ts";
import { ccIn } from "./cli_run.ts";
import { MAIN_TS, type TempHome, tempHome } from "./helpers/temp_home.ts";
import {
  HOOK_SPECS,
  hookGroup,
  isCcDmHookCommand,
  pluginCommand,
  withNoMailCheck,
} from "../lib/hook/hook_config.ts";
import { planHooks } from "../lib/setup/settings_hooks.ts";
import { shellLine } from "../lib/setup/shell_line.ts";

// `cc-dm setup --hooks` writes cc-dm's hooks into Claude Code's user settings, next to whatever
// is there, and `--uninstall --hooks` takes exactly those out again. The plugin's
// hooks/hooks.json holds the same hooks with its launcher as the command.

const SELF = [Deno.execPath(), "run", "--allow-all", "--quiet", MAIN_TS];
const hookCommand = (args: string[]) => withNoMailCheck(args, shellLine([...SELF, ...args]));

interface Home {
  t: TempHome;
  project: string;
  settings: string;
}

async function home(configDir?: string): Promise<Home> {
  const claude = await ensureClaudeCode();
  const t = await tempHome();
  const bin = join(t.home, "bin");
  const project = join(t.home, "project");
  await Deno.mkdir(bin);
  await Deno.mkdir(project);
  await Deno.symlink(claude, join(bin, "claude"));
  t.env.PATH = `${bin}:${t.env.PATH}`;
  if (configDir) t.env.CLAUDE_CONFIG_DIR = join(t.home, configDir);
  const settings = join(configDir ? join(t.home, configDir) : join(t.home, ".claude"), "settings.json");
  return { t, project, settings };
}

/** `cc-dm <args>` in the project directory, in-process (see ccDmProcess for the real one). */
async function ccDm(h: Home, args: string[]) {
  return await ccIn(h.t.env, args, { cwd: h.project });
}

/** `cc-dm <args>` as a user runs it: its own process. */
async function ccDmProcess(h: Home, args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--quiet", MAIN_TS, ...args],
    cwd: h.project,
    env: h.t.env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

const USER_SETTINGS = {
  model: "opus",
  permissions: { allow: ["Bash(ls:*)"] },
  hooks: {
    PostToolUse: [{ matcher: "Edit", hooks: [{ type: "command", command: "prettier --write" }] }],
    Notification: [{ hooks: [{ type: "command", command: "notify-send hi" }] }],
  },
};

Deno.test("setup --hooks: adds cc-dm's hooks beside the user's, idempotent, replaces an older install's, --uninstall --hooks removes only them", async () => {
  const h = await home();
  try {
    await Deno.mkdir(join(h.t.home, ".claude"));
    await Deno.writeTextFile(h.settings, JSON.stringify(USER_SETTINGS, null, 2));

    const first = await ccDmProcess(h, ["setup", "--hooks"]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Registered cc-dm with Claude Code as "cc-dm"/);
    assert.match(
      first.stdout,
      new RegExp(`Added cc-dm's hooks in ${h.settings}:\\n {2}SessionStart \\(startup\\|resume\\|clear\\): `),
    );
    assert.match(first.stdout, /^ {2}CC_DM_SESSION_NAME=backend claude$/m, "no channel flag needed");
    const written = JSON.parse(await Deno.readTextFile(h.settings));
    assert.equal(written.model, "opus");
    assert.deepEqual(written.permissions, USER_SETTINGS.permissions);
    assert.deepEqual(written.hooks.Notification, [
      ...USER_SETTINGS.hooks.Notification,
      {
        matcher: "permission_prompt|elicitation_dialog",
        hooks: [{ type: "command", command: hookCommand(["hook", "notification"]), timeout: 10 }],
      },
    ]);
    assert.deepEqual(written.hooks.PostToolUse, [
      USER_SETTINGS.hooks.PostToolUse[0],
      {
        matcher: "*",
        hooks: [{ type: "command", command: hookCommand(["hook", "post-tool-use"]), timeout: 10 }],
      },
    ]);
    assert.deepEqual(written.hooks.Stop, [{
      hooks: [{
        type: "command",
        command: hookCommand(["hook", "stop", "--wait", "--timeout", "86400"]),
        timeout: 86400,
        asyncRewake: true,
      }],
    }]);
    assert.equal(written.hooks.SessionStart[0].hooks[0].asyncRewake, true);
    assert.equal(
      written.hooks.UserPromptSubmit[0].hooks[0].command,
      hookCommand(["hook", "user-prompt-submit"]),
    );

    // The command Claude Code will run works as it stands (sh -c, as Claude Code runs hooks).
    const probe = await new Deno.Command("sh", {
      args: ["-c", written.hooks.PostToolUse[1].hooks[0].command],
      env: h.t.env,
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.deepEqual([probe.code, probe.stdout.length, probe.stderr.length], [0, 0, 0]);

    const before = await Deno.readTextFile(h.settings);
    const again = await ccDmProcess(h, ["setup", "--hooks"]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /cc-dm's hooks are already in .*: nothing to change/);
    assert.equal(await Deno.readTextFile(h.settings), before, "not rewritten");

    // An older install: another path, another timeout. Replaced, not duplicated.
    const old = JSON.parse(before);
    old.hooks.Stop = [{
      hooks: [{
        type: "command",
        command: "/old/bin/cc-dm hook stop --wait",
        timeout: 600,
        asyncRewake: true,
      }],
    }];
    await Deno.writeTextFile(h.settings, JSON.stringify(old, null, 2));
    const update = await ccDmProcess(h, ["setup", "--hooks"]);
    assert.match(update.stdout, /Updated cc-dm's hooks in /);
    assert.deepEqual(JSON.parse(await Deno.readTextFile(h.settings)), written);

    const dry = await ccDmProcess(h, ["setup", "--uninstall", "--hooks", "--dry-run"]);
    assert.match(
      dry.stdout,
      /Would remove cc-dm's hooks \(SessionStart, UserPromptSubmit, PostToolUse, Stop, Notification\)/,
    );
    assert.deepEqual(JSON.parse(await Deno.readTextFile(h.settings)), written, "dry run changes nothing");

    const onlyMcp = await ccDmProcess(h, ["setup", "--uninstall"]);
    assert.match(onlyMcp.stdout, /Note: cc-dm's hooks are still in .*: cc-dm setup --uninstall --hooks/);
    const removed = await ccDmProcess(h, ["setup", "--uninstall", "--hooks"]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(
      removed.stdout,
      /Removed cc-dm's hooks \(SessionStart, UserPromptSubmit, PostToolUse, Stop, Notification\) from /,
    );
    assert.deepEqual(
      JSON.parse(await Deno.readTextFile(h.settings)),
      USER_SETTINGS,
      "the user's settings as they were",
    );
    const absent = await ccDmProcess(h, ["setup", "--uninstall", "--hooks"]);
    assert.match(absent.stdout, /has no cc-dm hooks: nothing to remove/);
  } finally {
    await h.t.cleanup();
  }
});

Deno.test("setup --hooks: CLAUDE_CONFIG_DIR, no settings file yet, dry run, and a broken file left alone", async () => {
  const h = await home("claude-config");
  try {
    const dry = await ccDm(h, ["setup", "--hooks", "--dry-run"]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`Would add cc-dm's hooks in ${h.settings}:`));
    assert.equal(await Deno.stat(h.settings).catch(() => null), null);

    const made = await ccDm(h, ["setup", "--hooks"]);
    assert.equal(made.code, 0, made.stderr);
    const written = JSON.parse(await Deno.readTextFile(h.settings));
    assert.deepEqual(Object.keys(written), ["hooks"]);
    assert.equal((await Deno.stat(h.settings)).mode! & 0o777, 0o600);
    const gone = await ccDm(h, ["setup", "--uninstall", "--hooks"]);
    assert.equal(gone.code, 0, gone.stderr);
    assert.deepEqual(JSON.parse(await Deno.readTextFile(h.settings)), {});

    await Deno.writeTextFile(h.settings, "{ not json");
    const broken = await ccDm(h, ["setup", "--hooks"]);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /^Error: Cannot add hooks to .*settings\.json.*: it is not valid JSON/);
    assert.match(broken.stderr, /^Try: fix the file/m);
    assert.equal(await Deno.readTextFile(h.settings), "{ not json");
    const plain = await ccDm(h, ["setup"]);
    assert.equal(plain.code, 0, "setup without --hooks does not need the file");
  } finally {
    await h.t.cleanup();
  }
});

Deno.test("hooks: the plugin's hooks/hooks.json holds the same hooks as setup --hooks, after the compaction hook", async () => {
  const file = JSON.parse(await Deno.readTextFile(new URL("../hooks/hooks.json", import.meta.url)));
  const [compact, ...startRest] = file.hooks.SessionStart;
  assert.equal(compact.matcher, "compact");
  const expected: Record<string, unknown[]> = {};
  for (const spec of HOOK_SPECS) (expected[spec.event] ??= []).push(hookGroup(spec, pluginCommand));
  assert.deepEqual({ ...file.hooks, SessionStart: startRest }, expected);
  for (const spec of HOOK_SPECS) {
    assert.ok(isCcDmHookCommand(pluginCommand(spec.args)));
    assert.ok(isCcDmHookCommand(hookCommand(spec.args)));
  }
  assert.ok(isCcDmHookCommand("/opt/homebrew/opt/cc-dm/bin/cc-dm hook stop --wait"));
  assert.ok(!isCcDmHookCommand(`sh "\${CLAUDE_PLUGIN_ROOT}/hooks/after_compact.sh"`));
  assert.ok(!isCcDmHookCommand("my-hook post-tool-use"));
  assert.throws(
    () => planHooks("/x/settings.json", { hooks: { Stop: "not an array" } }, hookCommand, false),
    /its hooks\.Stop is not a list/,
  );
  const other = planHooks("/x/settings.json", { hooks: { Custom: "kept" } }, hookCommand, false);
  assert.equal(
    (other.next?.hooks as Record<string, unknown>).Custom,
    "kept",
    "shapes it does not know are kept",
  );
});
