import assert from "node:assert/strict";
import { join } from "node:path";
import { ensureClaudeCode } from "./helpers/claude_code_install.ts";
import { MAIN_TS, type TempHome, tempHome } from "./helpers/temp_home.ts";
import { isCcDmHookCommand } from "../lib/hook/hook_config.ts";
import { NO_MAIL_CHECK } from "../lib/bus/no_mail_marks.ts";
import { busSetting, commandBus, redactUrlsIn, withBus } from "../lib/setup/bus_setting.ts";

// `cc-dm setup --bus URL` against the real Claude Code from npm, in a temp HOME: the bus URL goes
// into the MCP entry's env (written by `claude mcp add` itself) and in front of every hook and
// status line command, and setup's own output never shows the password.

const SECRET = "Sup3r-s3cret";
const BUS = `postgres://alice:${SECRET}@db.example.com:5432/ccdm?sslmode=verify-full`;
const SHOWN = "postgres://alice:***@db.example.com:5432/ccdm?sslmode=verify-full";

interface Home {
  t: TempHome;
  project: string;
  settings: string;
}

async function home(): Promise<Home> {
  const claude = await ensureClaudeCode();
  const t = await tempHome();
  const bin = join(t.home, "bin");
  const project = join(t.home, "project");
  await Deno.mkdir(bin);
  await Deno.mkdir(project);
  await Deno.symlink(claude, join(bin, "claude"));
  t.env.PATH = `${bin}:${t.env.PATH}`;
  return { t, project, settings: join(t.home, ".claude", "settings.json") };
}

async function ccDm(h: Home, args: string[], extraEnv: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--quiet", MAIN_TS, ...args],
    cwd: h.project,
    env: { ...h.t.env, ...extraEnv },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  const result = { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
  assert.doesNotMatch(result.stdout + result.stderr, new RegExp(SECRET), "setup never prints the password");
  return result;
}

async function userEntry(h: Home) {
  const config = JSON.parse(await Deno.readTextFile(join(h.t.home, ".claude.json")));
  return config.mcpServers?.["cc-dm"] as { env: Record<string, string> } | undefined;
}

async function hookCommands(h: Home): Promise<string[]> {
  const settings = JSON.parse(await Deno.readTextFile(h.settings));
  return Object.values(settings.hooks as Record<string, { hooks: { command: string }[] }[]>)
    .flatMap((groups) => groups.flatMap((g) => g.hooks.map((x) => x.command)));
}

Deno.test("setup --bus: the URL lands in the entry's env and in front of every hook, printed without its password", async () => {
  const h = await home();
  try {
    const first = await ccDm(h, ["setup", "--hooks", "--bus", BUS]);
    assert.equal(first.code, 0, first.stderr);
    assert.ok(first.stdout.includes(`Bus: ${SHOWN}`), first.stdout);
    assert.match(first.stdout, /carries a password, now stored in plain text/);
    assert.match(first.stdout, /~\/\.pgpass/);
    assert.equal((await userEntry(h))?.env.CC_DM_BUS_URL, BUS);
    assert.equal((await userEntry(h))?.env.CC_DM_SERVER_NAME, "cc-dm");
    const commands = await hookCommands(h);
    assert.equal(commands.length, 5);
    for (const command of commands) {
      assert.ok(command.startsWith(`CC_DM_BUS_URL='${BUS}' `), command);
      assert.ok(!command.includes(NO_MAIL_CHECK), "no local-bus marker check in front of a team bus");
      assert.ok(isCcDmHookCommand(command), "still recognised as cc-dm's (uninstall finds it)");
    }
    // The same bus again: nothing to change. The flag is CC_DM_BUS_URL's twin: the variable works too.
    const again = await ccDm(h, ["setup", "--hooks"], { CC_DM_BUS_URL: BUS });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /already registered .*nothing to change/);
    assert.match(again.stdout, /hooks are already in .*nothing to change/);

    // The entry alone back to the local bus: setup says the hooks still use the team bus.
    const entryOnly = await ccDm(h, ["setup"]);
    assert.equal(entryOnly.code, 0, entryOnly.stderr);
    assert.ok(
      entryOnly.stdout.includes(`cc-dm's hooks in ${h.settings} use the bus ${SHOWN}, not this one`),
      entryOnly.stdout,
    );
    assert.ok(
      entryOnly.stdout.includes(`the entry used the bus ${SHOWN}; it now uses the local bus`),
      entryOnly.stdout,
    );

    // Setup without a bus: back to the local bus, and setup says the team bus was dropped.
    const local = await ccDm(h, ["setup", "--hooks"]);
    assert.equal(local.code, 0, local.stderr);
    assert.match(local.stdout, /Updated cc-dm's hooks/);
    assert.equal((await userEntry(h))?.env.CC_DM_BUS_URL, undefined);
    for (const command of await hookCommands(h)) assert.ok(!command.includes("CC_DM_BUS_URL="), command);

    // Without a password in the URL there is no warning; --uninstall --hooks removes the bus hooks.
    const noPw = await ccDm(h, ["--bus", "postgres://alice@db.example.com/ccdm", "setup", "--hooks"]);
    assert.equal(noPw.code, 0, noPw.stderr);
    assert.doesNotMatch(noPw.stdout, /carries a password/);
    const removed = await ccDm(h, ["setup", "--uninstall", "--hooks"]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /Removed cc-dm's hooks/);
    assert.equal((await Deno.readTextFile(h.settings)).includes("CC_DM_BUS_URL"), false);
  } finally {
    await h.t.cleanup();
  }
});

Deno.test("setup --bus: dry run shows the commands without the password; project scope refuses one; bad URLs are clear", async () => {
  const h = await home();
  try {
    const dry = await ccDm(h, ["setup", "--dry-run", "--hooks", "--bus", BUS]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.ok(
      dry.stdout.includes(`CC_DM_BUS_URL=${SHOWN}`) || dry.stdout.includes(`CC_DM_BUS_URL='${SHOWN}'`),
      dry.stdout,
    );
    assert.match(dry.stdout, /Would add cc-dm's hooks/);
    await assert.rejects(Deno.stat(h.settings), Deno.errors.NotFound, "a dry run writes no settings");

    const project = await ccDm(h, ["setup", "--scope", "project", "--bus", BUS]);
    assert.equal(project.code, 1);
    assert.match(project.stderr, /carries a password, and --scope project writes it to \.mcp\.json/);
    await assert.rejects(Deno.stat(join(h.project, ".mcp.json")));

    const bad = await ccDm(h, ["setup", "--bus", `mysql://alice:${SECRET}@h/x`]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--bus "mysql:\/\/alice:\*\*\*@h\/x" is not a PostgreSQL URL/);
    const typo = await ccDm(h, ["setup", "--bus", `postgres://alice:${SECRET}@h/x?sslmod=require`]);
    assert.equal(typo.code, 1);
    assert.match(typo.stderr, /unknown parameter "sslmod"/);
  } finally {
    await h.t.cleanup();
  }
});

Deno.test("bus setting: prefix quoting, redaction in any text", () => {
  const setting = busSetting({ CC_DM_BUS_URL: "postgres://u:p@h/d?sslmode=require&application_name=x" });
  assert.equal(setting.hasPassword, true);
  assert.equal(setting.shown, "postgres://u:***@h/d?sslmode=require&application_name=x");
  assert.equal(
    withBus(setting, "/bin/cc-dm hook stop"),
    "CC_DM_BUS_URL='postgres://u:p@h/d?sslmode=require&application_name=x' /bin/cc-dm hook stop",
  );
  assert.equal(withBus(busSetting({}), "/bin/cc-dm hook stop"), "/bin/cc-dm hook stop");
  assert.equal(commandBus(withBus(setting, "/bin/cc-dm hook stop")), setting.url);
  assert.equal(
    commandBus(withBus(busSetting({ CC_DM_BUS_URL: "postgres://h/it's" }), "x hook")),
    "postgres://h/it's",
  );
  assert.equal(commandBus("/bin/cc-dm hook stop"), null);
  assert.equal(busSetting({ CC_DM_BUS_URL: "postgres://u@h/d?password=x" }).hasPassword, true);
  assert.equal(
    redactUrlsIn("run: CC_DM_BUS_URL='postgres://u:p@h/d' x; y postgresql://v:q@k/e?password=zz"),
    "run: CC_DM_BUS_URL='postgres://u:***@h/d' x; y postgresql://v:***@k/e?password=***",
  );
});
