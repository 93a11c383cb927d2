import assert from "node:assert/strict";
import { join } from "node:path";
import { ensureClaudeCode } from "./helpers/claude_code_install.ts";
import { ccIn } from "./cli_run.ts";
import { MAIN_TS, type TempHome, tempHome } from "./helpers/temp_home.ts";
import { localProjectKeys, readMcpConfig, readMcpEntry } from "../lib/claude_code/mcp_config.ts";
import { channelEntry, planRegistration } from "../lib/setup/mcp_registration.ts";
import { shellLine } from "../lib/setup/shell_line.ts";
import { stableExecutablePath } from "../lib/setup/stable_path.ts";
import { isCcDmChannelEntry } from "../lib/self_command.ts";

// `cc-dm setup` against the real Claude Code from npm, in a temp HOME: the assertions read the
// .claude.json / .mcp.json that `claude mcp add` itself wrote.

const CHANNEL_ARGS = ["run", "--allow-all", "--quiet", MAIN_TS, "channel"];

interface Setup {
  t: TempHome;
  project: string;
  claude: string;
  cleanup: () => Promise<void>;
}

/** A temp HOME with a project directory and the pinned `claude` on PATH (as a symlink). */
async function setupHome(): Promise<Setup> {
  const claude = await ensureClaudeCode();
  const t = await tempHome();
  const bin = join(t.home, "bin");
  const project = join(t.home, "project");
  await Deno.mkdir(bin);
  await Deno.mkdir(project);
  await Deno.symlink(claude, join(bin, "claude"));
  t.env.PATH = `${bin}:${t.env.PATH}`;
  return { t, project, claude, cleanup: t.cleanup };
}

/** `cc-dm <args>` in the project directory, in-process (see ccDmProcess for the real one). */
async function ccDm(s: Setup, args: string[], env: Record<string, string> = s.t.env) {
  return await ccIn(env, args, { cwd: s.project });
}

/** `cc-dm <args>` as a user runs it: its own process. */
async function ccDmProcess(s: Setup, args: string[], env: Record<string, string> = s.t.env) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--quiet", MAIN_TS, ...args],
    cwd: s.project,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

async function claude(s: Setup, args: string[]) {
  const out = await new Deno.Command(s.claude, {
    args,
    cwd: s.project,
    env: s.t.env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, output: text.decode(out.stdout) + text.decode(out.stderr) };
}

interface ServersFile {
  mcpServers?: Record<
    string,
    { type?: string; command: string; args: string[]; env?: Record<string, string> }
  >;
  projects?: Record<string, ServersFile>;
}

async function claudeJson(s: Setup): Promise<ServersFile> {
  return JSON.parse(await Deno.readTextFile(join(s.t.home, ".claude.json")));
}

Deno.test("setup: user-scope entry written once, left alone when identical, updated in place, removed by --uninstall", async () => {
  const s = await setupHome();
  try {
    // Another server must survive everything setup does.
    assert.equal((await claude(s, ["mcp", "add", "-s", "user", "other", "--", "/bin/true"])).code, 0);

    const first = await ccDmProcess(s, ["setup"]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Registered cc-dm with Claude Code as "cc-dm" \(user scope\)/);
    assert.match(first.stdout, /^ {2}CC_DM_SESSION_NAME=backend claude$/m, "no flag needed");
    assert.match(
      first.stdout,
      /^ {2}CC_DM_SESSION_NAME=backend claude --dangerously-load-development-channels server:cc-dm$/m,
    );
    const written = await claudeJson(s);
    assert.deepEqual(written.mcpServers?.["cc-dm"], {
      type: "stdio",
      command: Deno.execPath(),
      args: CHANNEL_ARGS,
      env: { CC_DM_SERVER_NAME: "cc-dm" },
    });
    assert.deepEqual(Object.keys(written.mcpServers ?? {}).sort(), ["cc-dm", "other"]);

    // The entry really starts cc-dm's channel server, on the temp bus.
    const list = await claude(s, ["mcp", "list"]);
    assert.match(list.output, /^cc-dm: .*main\.ts channel - ✔ Connected$/m, list.output);
    await Deno.stat(join(s.t.ccDmHome, "bus.db"));

    const before = await Deno.readTextFile(join(s.t.home, ".claude.json"));
    const again = await ccDmProcess(s, ["setup"]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /already registered .*nothing to change/);
    assert.equal(
      await Deno.readTextFile(join(s.t.home, ".claude.json")),
      before,
      "an identical entry is not rewritten",
    );

    // An entry from an older install: replaced under the same name, nothing duplicated.
    assert.equal((await claude(s, ["mcp", "remove", "-s", "user", "cc-dm"])).code, 0);
    assert.equal(
      (await claude(s, ["mcp", "add", "-s", "user", "cc-dm", "--", "/old/cc-dm", "channel"])).code,
      0,
    );
    const update = await ccDmProcess(s, ["setup"]);
    assert.equal(update.code, 0, update.stderr);
    assert.match(
      update.stdout,
      /Updated "cc-dm" \(user scope\) in place\.\n {2}was: \/old\/cc-dm channel\n {2}now: /,
    );
    const updated = await claudeJson(s);
    assert.deepEqual(updated.mcpServers?.["cc-dm"].args, CHANNEL_ARGS);
    assert.equal(updated.mcpServers?.["cc-dm"].command, Deno.execPath());
    assert.deepEqual(Object.keys(updated.mcpServers ?? {}).sort(), ["cc-dm", "other"]);

    const removed = await ccDmProcess(s, ["setup", "--uninstall"]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /Removed "cc-dm" from Claude Code \(user scope\)/);
    assert.deepEqual(Object.keys((await claudeJson(s)).mcpServers ?? {}), ["other"]);

    const absent = await ccDmProcess(s, ["setup", "--uninstall"]);
    assert.equal(absent.code, 0, absent.stderr);
    assert.match(absent.stdout, /no "cc-dm" entry in user scope: nothing to remove/);
  } finally {
    await s.cleanup();
  }
});

Deno.test("setup: --scope local, --scope project and --name write where claude mcp add puts them", async () => {
  const s = await setupHome();
  try {
    const local = await ccDm(s, ["setup", "--scope", "local", "--name", "dm_local"]);
    assert.equal(local.code, 0, local.stderr);
    assert.match(local.stdout, /server:dm_local$/m);
    const config = await claudeJson(s);
    const projectKey = await Deno.realPath(s.project);
    assert.deepEqual(config.projects?.[projectKey].mcpServers?.dm_local.args, CHANNEL_ARGS);
    assert.equal(config.mcpServers?.dm_local, undefined);

    const shared = await ccDm(s, ["setup", "--scope", "project", "--name", "dm_local"]);
    assert.equal(shared.code, 0, shared.stderr);
    assert.match(shared.stdout, /Note: local scope also has a "dm_local" entry/);
    assert.match(shared.stdout, /approve the servers in this directory's \.mcp\.json/);
    const mcpJson = JSON.parse(await Deno.readTextFile(join(s.project, ".mcp.json")));
    assert.deepEqual(mcpJson.mcpServers.dm_local.args, CHANNEL_ARGS);

    const again = await ccDm(s, ["setup", "--scope", "project", "--name", "dm_local"]);
    assert.match(again.stdout, /already registered/);

    const gone = await ccDm(s, ["setup", "--uninstall", "--scope", "local", "--name", "dm_local"]);
    assert.equal(gone.code, 0, gone.stderr);
    assert.match(
      gone.stdout,
      /Note: project scope still has a "dm_local" entry: cc-dm setup --uninstall --scope project/,
    );
    assert.equal((await claudeJson(s)).projects?.[projectKey].mcpServers?.dm_local, undefined);
  } finally {
    await s.cleanup();
  }
});

Deno.test("setup: --dry-run prints the claude command and changes nothing", async () => {
  const s = await setupHome();
  try {
    const dry = await ccDm(s, ["setup", "--dry-run"]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(
      dry.stdout,
      `Would run:\n  ${
        shellLine([
          "claude",
          "mcp",
          "add",
          "-s",
          "user",
          "cc-dm",
          "-e",
          "CC_DM_SERVER_NAME=cc-dm",
          "--",
          Deno.execPath(),
          ...CHANNEL_ARGS,
        ])
      }\n`,
    );
    const config = await Deno.readTextFile(join(s.t.home, ".claude.json")).catch(() => "{}");
    assert.equal(JSON.parse(config).mcpServers?.["cc-dm"], undefined);
  } finally {
    await s.cleanup();
  }
});

Deno.test("setup: claude missing is exit 1 with a Try line; bad options are usage errors", async () => {
  const s = await setupHome();
  try {
    const noClaude = await ccDm(s, ["setup"], { ...s.t.env, PATH: "/nonexistent" });
    assert.equal(noClaude.code, 1);
    assert.match(
      noClaude.stderr,
      /^Error: Claude Code's command "claude" was not found on PATH\nTry: .*--claude/,
    );

    const badPath = await ccDm(s, ["setup", "--claude", "/nope/claude"]);
    assert.equal(badPath.code, 1);
    assert.match(badPath.stderr, /"\/nope\/claude" was not found/);

    const badScope = await ccDm(s, ["setup", "--scope", "global"]);
    assert.equal(badScope.code, 2);
    assert.match(badScope.stderr, /--scope "global" is not a scope/);

    const badName = await ccDm(s, ["setup", "--name", "cc dm"]);
    assert.equal(badName.code, 2);
    assert.match(badName.stderr, /not a valid MCP server name/);

    const help = await ccDm(s, ["setup", "--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Examples:\n {2}cc-dm setup\n/);
  } finally {
    await s.cleanup();
  }
});

Deno.test("setup plan: identical entry is a no-op, a different one is remove + add, uninstall only what exists", () => {
  const desired = channelEntry("/usr/local/bin/cc-dm", []);
  const request = { name: "cc-dm", scope: "user" as const, uninstall: false, desired };
  assert.deepEqual(planRegistration(request, null).steps, [
    [
      "mcp",
      "add",
      "-s",
      "user",
      "cc-dm",
      "-e",
      "CC_DM_SERVER_NAME=cc-dm",
      "--",
      "/usr/local/bin/cc-dm",
      "channel",
    ],
  ]);
  assert.equal(planRegistration(request, { ...desired }).change, "unchanged");
  assert.deepEqual(planRegistration(request, { ...desired, env: { X: "1" } }).steps.map((s) => s[1]), [
    "remove",
    "add",
  ]);
  assert.equal(planRegistration({ ...request, uninstall: true }, null).change, "absent");
  assert.deepEqual(planRegistration({ ...request, uninstall: true }, desired).steps, [
    ["mcp", "remove", "-s", "user", "cc-dm"],
  ]);
});

Deno.test("setup: Homebrew Cellar paths become the stable opt path; shell lines quote only what needs it", async () => {
  const there = (path: string) => Promise.resolve(path === "/opt/homebrew/opt/cc-dm/bin/cc-dm");
  assert.equal(
    await stableExecutablePath("/opt/homebrew/Cellar/cc-dm/2.0.0/bin/cc-dm", there),
    "/opt/homebrew/opt/cc-dm/bin/cc-dm",
  );
  assert.equal(
    await stableExecutablePath("/usr/local/Cellar/cc-dm/2.0.0/bin/cc-dm", there),
    "/usr/local/Cellar/cc-dm/2.0.0/bin/cc-dm",
    "kept when the opt link is not there",
  );
  assert.equal(await stableExecutablePath("/home/me/.local/bin/cc-dm", there), "/home/me/.local/bin/cc-dm");
  assert.equal(
    shellLine(["claude", "--x", "server:cc-dm", "a b", "it's"]),
    `claude --x server:cc-dm 'a b' 'it'\\''s'`,
  );
});

/** A git checkout `repo` with a sub-directory `sub`, in the temp HOME. */
async function repoWithSub(t: TempHome): Promise<string> {
  const repo = join(t.home, "repo");
  await Deno.mkdir(join(repo, ".git"), { recursive: true });
  await Deno.mkdir(join(repo, "sub"));
  return repo;
}

Deno.test("setup: local scope is found under the git root, from a sub-directory", async () => {
  const t = await tempHome();
  try {
    const repo = await repoWithSub(t);
    const realRepo = await Deno.realPath(repo);
    assert.equal(localProjectKeys(join(repo, "sub"))[0], realRepo);
    await Deno.writeTextFile(
      join(t.home, ".claude.json"),
      JSON.stringify({
        projects: { [realRepo]: { mcpServers: { "cc-dm": { command: "/x/cc-dm", args: ["channel"] } } } },
      }),
    );
    const entry = readMcpEntry(t.env, join(repo, "sub"), "local", "cc-dm");
    assert.deepEqual(
      { type: entry?.type, command: entry?.command, args: entry?.args, env: entry?.env },
      { type: "stdio", command: "/x/cc-dm", args: ["channel"], env: {} },
    );
    assert.equal(readMcpEntry(t.env, join(repo, "sub"), "user", "cc-dm"), null);
  } finally {
    await t.cleanup();
  }
});

Deno.test("setup and doctor read one configuration: a cwd reached through a symlink", async () => {
  const t = await tempHome();
  try {
    // link -> repo/sub: Claude Code works in the real path, so its git root is repo.
    const repo = await repoWithSub(t);
    const realSub = await Deno.realPath(join(repo, "sub"));
    const link = join(t.home, "link");
    await Deno.symlink(join(repo, "sub"), link);
    const server = (command: string) => ({ mcpServers: { "cc-dm": { command, args: ["channel"] } } });
    // An entry filed under the real directory itself (older Claude Code), and a .mcp.json in
    // the real parent, which a walk up from the link's own path never meets.
    await Deno.writeTextFile(
      join(t.home, ".claude.json"),
      JSON.stringify({ projects: { [realSub]: server("/x/local") } }),
    );
    await Deno.writeTextFile(join(repo, ".mcp.json"), JSON.stringify(server("/x/project")));

    assert.deepEqual(localProjectKeys(link), [await Deno.realPath(repo), realSub, link]);
    const doctor = readMcpConfig(t.env, link, []).entries.map((e) => [e.scope, e.command]);
    const setup = (["user", "local", "project"] as const).map((scope) => [
      scope,
      readMcpEntry(t.env, link, scope, "cc-dm")?.command ?? null,
    ]);
    assert.deepEqual(doctor, [["local", "/x/local"], ["project", "/x/project"]]);
    assert.deepEqual(setup, [["user", null], ["local", "/x/local"], ["project", "/x/project"]]);
  } finally {
    await t.cleanup();
  }
});

Deno.test("setup: doctor recognises the entries setup and the plugin write as cc-dm's channel", async () => {
  const fromSource = channelEntry(Deno.execPath(), ["run", "--allow-all", "--quiet", MAIN_TS]);
  assert.ok(isCcDmChannelEntry(fromSource.command, fromSource.args));
  const binary = channelEntry("/opt/homebrew/opt/cc-dm/bin/cc-dm", []);
  assert.ok(isCcDmChannelEntry(binary.command, binary.args));
  const plugin = JSON.parse(
    await Deno.readTextFile(new URL("../.claude-plugin/plugin.json", import.meta.url)),
  );
  const server = plugin.mcpServers["cc-dm"];
  const expanded = server.args.map((a: string) =>
    a.replace("${CLAUDE_PLUGIN_ROOT}", "/home/me/.claude/plugins/cc-dm")
  );
  assert.ok(isCcDmChannelEntry(server.command, expanded));
});
