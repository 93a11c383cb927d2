import { join } from "node:path";
import { CLAUDE_CODE_VERSION, ensureClaudeCode } from "../helpers/claude_code_install.ts";
import { claudeVersionsUnderTest } from "./claude_versions.ts";
import { type TempHome, tempHome } from "../helpers/temp_home.ts";
import { openBus } from "../../lib/bus/open_bus.ts";
import { selfCommand } from "../../lib/self_command.ts";
import { MockAnthropic, type MockOptions } from "./mock_anthropic.ts";

// Runs the real Claude Code (each version of claude_versions.ts) offline against a MockAnthropic, each session in its own
// throwaway HOME (seeded so that no dialog but the dev-channels one appears and channels are
// on), all of them sharing one cc-dm bus. A World owns every process it starts and ends them
// all in `cleanup`. How and why: docs/e2e.md.

/** The MCP server name (and so the `<channel source>`) of cc-dm in non-plugin configs. */
export const SERVER = "cc-dm";
/** The throwaway plugin and local marketplace used for headless channel runs. */
export const PLUGIN = "cc-dm-e2e";
export const MARKETPLACE = "cc-dm-e2e-local";
/** How channel events from the plugin's server are labelled: `plugin:<plugin>:<server>`. */
export const PLUGIN_SOURCE = `plugin:${PLUGIN}:${SERVER}`;
/** Dummy key: Claude Code wants 20+ characters and the last 20 marked approved. */
const API_KEY = "sk-ant-api03-cc-dm-e2e-offline-0123456789abcdef";

/** Full tool name Claude Code gives an MCP tool: `mcp__<server>__<tool>`. */
export function mcpTool(tool: string, viaPlugin: boolean): string {
  return viaPlugin ? `mcp__plugin_${PLUGIN}_${SERVER}__${tool}` : `mcp__${SERVER}__${tool}`;
}

/** A stdio MCP server entry as `.mcp.json`, `--mcp-config` and `~/.claude.json` hold it. */
export interface McpServerEntry {
  type: "stdio";
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** One test's universe: a temp dir holding the cc-dm bus and one HOME per Claude Code session. */
export class World {
  readonly temp: TempHome;
  readonly claudeBin: string;
  /** The Claude Code version this world runs. */
  readonly claudeVersion: string;
  #stoppers: (() => Promise<unknown>)[] = [];

  private constructor(temp: TempHome, claudeBin: string, claudeVersion: string) {
    this.temp = temp;
    this.claudeBin = claudeBin;
    this.claudeVersion = claudeVersion;
  }

  static async create(claudeVersion = CLAUDE_CODE_VERSION): Promise<World> {
    const claudeBin = await ensureClaudeCode(claudeVersion);
    return new World(await tempHome(), claudeBin, claudeVersion);
  }

  /** Environment for cc-dm processes the test runs itself (CLI, ChannelPeer). */
  get env(): Record<string, string> {
    return this.temp.env;
  }

  get ccDmHome(): string {
    return this.temp.ccDmHome;
  }

  /** A mock Messages API that lives as long as this world. */
  mock(options: MockOptions = {}): MockAnthropic {
    const mock = MockAnthropic.start(options);
    this.onCleanup(() => mock.close());
    return mock;
  }

  /** A fresh, seeded HOME for one Claude Code session talking to `mock`. */
  async home(label: string, mock: MockAnthropic): Promise<ClaudeHome> {
    return await ClaudeHome.create(this, label, mock);
  }

  /** The `cc-dm channel` server entry for session `name` on this world's bus. */
  channelServer(name: string): McpServerEntry {
    const self = selfCommand();
    return {
      type: "stdio",
      command: self.command,
      args: [...self.args, "channel"],
      env: { CC_DM_SESSION_NAME: name, CC_DM_HOME: this.ccDmHome },
    };
  }

  /** Registered for `cleanup` (children stop before the sweep of leftovers). */
  onCleanup(stop: () => Promise<unknown>): void {
    this.#stoppers.push(stop);
  }

  /** Wait until cc-dm session `name` is registered and live on the bus. */
  async waitForLive(name: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const bus = await openBus({ CC_DM_HOME: this.ccDmHome });
      try {
        const row = await bus.session(name);
        if (row?.online) return;
      } finally {
        await bus.close();
      }
      if (Date.now() > deadline) {
        throw new Error(`cc-dm session "${name}" did not come up within ${timeoutMs} ms`);
      }
      await sleep(100);
    }
  }

  /**
   * Stop every session, then end any process still running from inside this world (found by
   * its HOME or command line), then remove the temp dir. Returns the pids that had to be killed.
   */
  async cleanup(): Promise<number[]> {
    for (const stop of this.#stoppers.splice(0).reverse()) await stop().catch(() => {});
    // Claude Code shuts its MCP servers down on the way out; give that a moment, then force.
    const leftovers = await drain(this.temp.home, 5000);
    for (const pid of leftovers) signal(pid, "SIGKILL");
    await drain(this.temp.home, 2000);
    // CC_DM_E2E_KEEP=1 keeps the HOMEs (debug logs, transcripts, bus) to look at after a failure.
    if (Deno.env.get("CC_DM_E2E_KEEP") === "1") {
      Deno.stderr.writeSync(new TextEncoder().encode(`e2e: kept ${this.temp.home}\n`));
    } else await this.temp.cleanup();
    return leftovers;
  }
}

/** A HOME for one Claude Code session, with its project dir (the session's cwd, trusted). */
export class ClaudeHome {
  readonly world: World;
  readonly label: string;
  readonly home: string;
  readonly project: string;
  readonly debugFile: string;
  readonly env: Record<string, string>;

  private constructor(world: World, label: string, mock: MockAnthropic) {
    this.world = world;
    this.label = label;
    this.home = join(world.temp.home, `claude-${label}`);
    this.project = join(this.home, "project");
    this.debugFile = join(this.home, "debug.log");
    this.env = {
      HOME: this.home,
      PATH: world.env.PATH,
      // The channel server is `deno run`: keep Deno's warm module cache, not the empty one in HOME.
      DENO_DIR: world.env.DENO_DIR,
      RUST_BACKTRACE: "0",
      ANTHROPIC_BASE_URL: mock.baseUrl,
      ANTHROPIC_API_KEY: API_KEY,
      DISABLE_AUTOUPDATER: "1",
      TERM: "xterm-256color",
      LANG: "C.UTF-8",
    };
  }

  static async create(world: World, label: string, mock: MockAnthropic): Promise<ClaudeHome> {
    const h = new ClaudeHome(world, label, mock);
    await Deno.mkdir(h.project, { recursive: true });
    await h.writeJson(join(h.home, ".claude.json"), {
      hasCompletedOnboarding: true,
      customApiKeyResponses: { approved: [API_KEY.slice(-20)], rejected: [] },
      projects: { [h.project]: { hasTrustDialogAccepted: true } },
      // Test only: the features Claude Code would otherwise fetch for a claude.ai account.
      cachedGrowthBookFeatures: { tengu_harbor: true, tengu_harbor_permissions: true },
    });
    return h;
  }

  async writeJson(path: string, value: unknown): Promise<void> {
    await Deno.writeTextFile(path, JSON.stringify(value, null, 2) + "\n");
  }

  /** Merge `change` into the user's settings (`~/.claude/settings.json`). */
  async updateSettings(change: Record<string, unknown>): Promise<void> {
    const path = join(this.home, ".claude", "settings.json");
    let current: Record<string, unknown> = {};
    try {
      current = JSON.parse(await Deno.readTextFile(path));
    } catch {
      // none yet
    }
    await Deno.mkdir(join(this.home, ".claude"), { recursive: true });
    await this.writeJson(path, { ...current, ...change });
  }

  /**
   * Turn Claude Code's inbox socket off for this user (`crossSessionInbound: "refuse"`), so
   * only cc-dm's hooks can deliver without a channel flag: for the tests of the hooks.
   */
  async refuseInboxSocket(): Promise<void> {
    await this.updateSettings({ crossSessionInbound: "refuse" });
  }

  async readClaudeJson(): Promise<Record<string, unknown>> {
    return JSON.parse(await Deno.readTextFile(join(this.home, ".claude.json")));
  }

  async updateClaudeJson(change: (config: Record<string, unknown>) => void): Promise<void> {
    const config = await this.readClaudeJson();
    change(config);
    await this.writeJson(join(this.home, ".claude.json"), config);
  }

  /**
   * Make a local marketplace with a plugin whose only server is cc-dm as session `name`, install
   * it, and put it on the channel allowlist (`tengu_harbor_ledger`). Headless (`-p`) sessions
   * only take channels from such plugins (`--channels plugin:P@M`); the dev flag is ignored there.
   */
  async installChannelPlugin(name: string): Promise<string> {
    const market = join(this.home, "marketplace");
    const pluginDir = join(market, "plugins", PLUGIN);
    await Deno.mkdir(join(market, ".claude-plugin"), { recursive: true });
    await Deno.mkdir(join(pluginDir, ".claude-plugin"), { recursive: true });
    await this.writeJson(join(market, ".claude-plugin", "marketplace.json"), {
      name: MARKETPLACE,
      owner: { name: "cc-dm tests" },
      plugins: [{ name: PLUGIN, source: `./plugins/${PLUGIN}`, description: "cc-dm e2e", version: "0.0.0" }],
    });
    await this.writeJson(join(pluginDir, ".claude-plugin", "plugin.json"), {
      name: PLUGIN,
      version: "0.0.0",
      description: "cc-dm channel for end-to-end tests",
      mcpServers: { [SERVER]: this.world.channelServer(name) },
      channels: [{ server: SERVER }],
    });
    await this.claudeOk(["plugin", "marketplace", "add", market]);
    await this.claudeOk(["plugin", "install", `${PLUGIN}@${MARKETPLACE}`]);
    await this.updateClaudeJson((config) => {
      const features = config.cachedGrowthBookFeatures as Record<string, unknown>;
      features.tengu_harbor_ledger = [{ marketplace: MARKETPLACE, plugin: PLUGIN }];
    });
    return `plugin:${PLUGIN}@${MARKETPLACE}`;
  }

  /**
   * Wait until Claude Code's debug log says the channel of server `source` is registered
   * (events pushed before that are dropped). Fails at once with Claude Code's reason when it
   * logs that channels were skipped.
   */
  async waitForChannel(source: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const quoted = source.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const ready = new RegExp(`MCP server "${quoted}": Channel notifications (re-)?registered`);
    const skipped = new RegExp(`MCP server "${quoted}": Channel notifications skipped: (.*)`);
    for (;;) {
      const log = await Deno.readTextFile(this.debugFile).catch(() => "");
      if (ready.test(log)) return;
      const why = skipped.exec(log);
      if (why) throw new Error(`Claude Code skipped the channel of ${source}: ${why[1]}`);
      if (Date.now() > deadline) {
        throw new Error(`Claude Code did not register the channel of ${source} within ${timeoutMs} ms`);
      }
      await sleep(100);
    }
  }

  /**
   * Run `step`; if it throws, rethrow with what Claude Code logged about MCP servers and
   * channels (and `more`, e.g. the screen), so a failure in CI explains itself.
   */
  async explainFailure(step: () => Promise<void>, more: () => string | Promise<string>): Promise<void> {
    try {
      await step();
    } catch (err) {
      const log = await Deno.readTextFile(this.debugFile).catch(() => "(no debug log)");
      const mcp = log.split("\n").filter((l) => /MCP|[Cc]hannel/.test(l)).slice(-30).join("\n");
      const extra = await Promise.resolve().then(more).catch((e) => String(e));
      throw new Error(
        `${err instanceof Error ? err.message : err}\n--- ${this.label}: MCP log ---\n${mcp}\n--- ${extra}`,
      );
    }
  }

  /** Run a one-shot `claude` subcommand (mcp, plugin) in the project dir. */
  async claude(args: string[], timeoutSec = 30): Promise<{ code: number; stdout: string; stderr: string }> {
    const out = await new Deno.Command("timeout", {
      args: ["-k", "2", String(timeoutSec), this.world.claudeBin, ...args],
      cwd: this.project,
      env: this.env,
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    return {
      code: out.code,
      stdout: new TextDecoder().decode(out.stdout),
      stderr: new TextDecoder().decode(out.stderr),
    };
  }

  async claudeOk(args: string[], timeoutSec = 30): Promise<string> {
    const out = await this.claude(args, timeoutSec);
    if (out.code !== 0) {
      throw new Error(`claude ${args.join(" ")} exited ${out.code}:\n${out.stdout}${out.stderr}`);
    }
    return out.stdout;
  }

  /** Wait until no process runs from this HOME (e.g. the server `claude mcp list` started). */
  async waitForNoProcesses(timeoutMs = 5000): Promise<void> {
    const left = await drain(this.home, timeoutMs);
    if (left.length) throw new Error(`processes still running from ${this.home}: ${left.join(", ")}`);
  }

  /** Start `claude -p` reading stream-json user messages from stdin; stopped by World.cleanup. */
  startHeadless(args: string[], timeoutSec = 60): HeadlessClaude {
    const session = new HeadlessClaude(this, args, timeoutSec);
    this.world.onCleanup(() => session.stop());
    return session;
  }

  /** Start an interactive `claude` in a private tmux server; stopped by World.cleanup. */
  async startInteractive(args: string[], timeoutSec = 60): Promise<TmuxClaude> {
    const session = await TmuxClaude.start(this, args, timeoutSec);
    this.world.onCleanup(() => session.stop());
    return session;
  }
}

/** A headless Claude Code session: `-p --input-format stream-json --output-format stream-json`. */
export class HeadlessClaude {
  /** Every JSON line Claude Code printed. */
  readonly output: Record<string, unknown>[] = [];
  stderr = "";
  readonly #child: Deno.ChildProcess;
  readonly #stdin: WritableStreamDefaultWriter<Uint8Array>;
  readonly #done: Promise<Deno.CommandStatus>;
  #stdinOpen = true;

  constructor(home: ClaudeHome, args: string[], timeoutSec: number) {
    this.#child = new Deno.Command("timeout", {
      args: [
        "--foreground",
        "-k",
        "3",
        String(timeoutSec),
        home.world.claudeBin,
        "-p",
        "--input-format",
        "stream-json",
        "--output-format",
        "stream-json",
        "--verbose",
        "--debug-file",
        home.debugFile,
        ...args,
      ],
      cwd: home.project,
      env: home.env,
      clearEnv: true,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#stdin = this.#child.stdin.getWriter();
    const reading = this.#read();
    this.#done = Promise.all([this.#child.status, reading]).then(([status]) => status);
  }

  async #read(): Promise<void> {
    const errors = (async () => {
      for await (const chunk of this.#child.stderr.pipeThrough(new TextDecoderStream())) this.stderr += chunk;
    })();
    let buffer = "";
    for await (const chunk of this.#child.stdout.pipeThrough(new TextDecoderStream())) {
      buffer += chunk;
      let newline;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (!line) continue;
        try {
          this.output.push(JSON.parse(line));
        } catch {
          this.stderr += `(stdout, not JSON) ${line}\n`;
        }
      }
    }
    await errors;
  }

  /** Send one user turn. */
  async send(text: string): Promise<void> {
    const line = JSON.stringify({ type: "user", message: { role: "user", content: text } }) + "\n";
    await this.#stdin.write(new TextEncoder().encode(line));
  }

  /** Wait for the n-th `result` line (a finished turn). */
  async waitForResults(n: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.output.filter((o) => o.type === "result").length < n) {
      if (Date.now() > deadline) {
        throw new Error(
          `claude -p: fewer than ${n} finished turns within ${timeoutMs} ms\nstderr: ${this.stderr}`,
        );
      }
      await sleep(50);
    }
  }

  /** Close stdin (the session ends once its work is done), then force it after `graceMs`. */
  async stop(graceMs = 5000): Promise<Deno.CommandStatus> {
    if (this.#stdinOpen) {
      this.#stdinOpen = false;
      await this.#stdin.close().catch(() => {});
    }
    const timer = setTimeout(() => signal(this.#child.pid, "SIGTERM"), graceMs);
    const killer = setTimeout(() => signal(this.#child.pid, "SIGKILL"), graceMs + 3000);
    try {
      return await this.#done;
    } finally {
      clearTimeout(timer);
      clearTimeout(killer);
    }
  }
}

/** An interactive Claude Code in its own tmux server (a socket in the HOME), driven by keys. */
export class TmuxClaude {
  readonly #socket: string;
  readonly #env: Record<string, string>;
  #stopped = false;

  private constructor(socket: string, env: Record<string, string>) {
    this.#socket = socket;
    this.#env = env;
  }

  static async start(home: ClaudeHome, args: string[], timeoutSec: number): Promise<TmuxClaude> {
    await ensureTmux();
    const socket = join(home.home, "tmux.sock");
    const session = new TmuxClaude(socket, home.env);
    // A private server started with our clean env: the pane inherits exactly that environment.
    await session.#tmux([
      "new-session",
      "-d",
      "-s",
      "claude",
      "-x",
      "200",
      "-y",
      "50",
      "-c",
      home.project,
      "timeout",
      "--foreground",
      "-k",
      "3",
      String(timeoutSec),
      home.world.claudeBin,
      "--debug-file",
      home.debugFile,
      ...args,
    ]);
    return session;
  }

  async #tmux(args: string[]): Promise<string> {
    const out = await new Deno.Command("tmux", {
      args: ["-S", this.#socket, ...args],
      env: this.#env,
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      throw new Error(`tmux ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
    }
    return new TextDecoder().decode(out.stdout);
  }

  /** The visible screen as text. */
  screen(): Promise<string> {
    return this.#tmux(["capture-pane", "-p", "-t", "claude"]);
  }

  /** Wait until the screen matches; throws with the last screen otherwise. */
  async waitForScreen(pattern: RegExp, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = "";
    for (;;) {
      last = await this.screen().catch((err) => `(no screen: ${err})`);
      if (pattern.test(last)) return last;
      if (Date.now() > deadline) {
        throw new Error(`screen never matched ${pattern} within ${timeoutMs} ms; last screen:\n${last}`);
      }
      await sleep(150);
    }
  }

  /** `tmux send-keys` (key names like "Enter", or literal text with `literal`). */
  async keys(keys: string[], literal = false): Promise<void> {
    await this.#tmux(["send-keys", "-t", "claude", ...(literal ? ["-l"] : []), ...keys]);
  }

  /**
   * Type a prompt and submit it: waits until the input box shows the text, presses Enter, and
   * presses it again if the box still holds the text (a key sent too early is lost).
   */
  async submit(text: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // The input box is the last line starting with ❯ (Claude Code puts a no-break space after it).
    const inputLine = async () =>
      ((await this.screen()).split("\n").filter((l) => l.startsWith("❯")).at(-1) ?? "").replaceAll(
        "\u00a0",
        " ",
      );
    while (!(await inputLine()).includes("❯")) {
      if (Date.now() > deadline) throw new Error(`no input box to type into:\n${await this.screen()}`);
      await sleep(100);
    }
    await this.keys([text], true);
    while ((await inputLine()).trim() !== `❯ ${text}`) {
      if (Date.now() > deadline) {
        throw new Error(`typed text never showed in the input box:\n${await this.screen()}`);
      }
      await sleep(100);
    }
    for (;;) {
      await this.keys(["Enter"]);
      const retry = Date.now() + 1500;
      while (Date.now() < retry) {
        if ((await inputLine()).trim() === "❯") return;
        await sleep(100);
      }
      if (Date.now() > deadline) throw new Error(`prompt was not submitted:\n${await this.screen()}`);
    }
  }

  /** End the session: SIGTERM through `timeout` to Claude Code, a moment to exit, then kill-server. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    const panePid = Number(
      (await this.#tmux(["display-message", "-p", "-t", "claude", "#{pane_pid}"]).catch(() => "")).trim(),
    );
    if (panePid > 0) {
      signal(panePid, "SIGTERM");
      const deadline = Date.now() + graceMs;
      while (Date.now() < deadline && alive(panePid)) await sleep(50);
    }
    await this.#tmux(["kill-server"]).catch(() => {});
  }
}

let tmuxChecked: Promise<void> | undefined;

/** tmux for interactive runs: installed with apt-get when missing (CI machines start bare). */
export function ensureTmux(): Promise<void> {
  return tmuxChecked ??= (async () => {
    if (await runs("tmux", ["-V"])) return;
    if (!(await runs("apt-get", ["install", "-y", "-q", "tmux"]))) {
      await runs("apt-get", ["update", "-q"]);
      await runs("apt-get", ["install", "-y", "-q", "tmux"]);
    }
    if (!(await runs("tmux", ["-V"]))) {
      throw new Error("tmux is missing and `apt-get install -y tmux` did not install it");
    }
  })();
}

async function runs(command: string, args: string[]): Promise<boolean> {
  try {
    const out = await new Deno.Command(command, {
      args,
      stdin: "null",
      stdout: "null",
      stderr: "null",
      env: { DEBIAN_FRONTEND: "noninteractive" },
    }).output();
    return out.success;
  } catch {
    return false;
  }
}

/** Wait up to `timeoutMs` for the processes under `dir` to end; returns those still running. */
async function drain(dir: string, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = processesUnder(dir);
    if (left.length === 0 || Date.now() > deadline) return left;
    await sleep(100);
  }
}

/**
 * Pids of processes whose HOME or command line lies under `dir`: what a world started
 * (Claude Code, its channel servers, peers). The test process itself never matches.
 */
export function processesUnder(dir: string): number[] {
  const found: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    const pid = Number(entry.name);
    if (!Number.isInteger(pid) || pid === Deno.pid) continue;
    try {
      // A zombie is already over (its parent reaps it); its environ reads empty anyway.
      if (/^\d+ \(.*\) Z /.test(Deno.readTextFileSync(`/proc/${pid}/stat`))) continue;
      const environ = Deno.readTextFileSync(`/proc/${pid}/environ`).split("\0");
      const cmdline = Deno.readTextFileSync(`/proc/${pid}/cmdline`).split("\0");
      const inside = (v: string) => v === dir || v.startsWith(dir + "/");
      if (environ.some((v) => v.startsWith("HOME=") && inside(v.slice(5))) || cmdline.some(inside)) {
        found.push(pid);
      }
    } catch {
      // Exited meanwhile, or not ours to read.
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(Deno.readTextFileSync(`/proc/${pid}/stat`));
  } catch {
    return false;
  }
}

function signal(pid: number, sig: Deno.Signal): void {
  try {
    Deno.kill(pid, sig);
  } catch {
    // Already exited.
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Result of one `cc-dm` CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the real cc-dm CLI (`deno run main.ts ...`) on the world's bus. */
export async function runCli(world: World, args: string[]): Promise<CliResult> {
  const self = selfCommand();
  const out = await new Deno.Command("timeout", {
    args: ["-k", "2", "30", self.command, ...self.args, ...args],
    env: world.env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

/**
 * A headless Claude Code registered on cc-dm as `name` through the throwaway channel plugin,
 * with its first turn done and its channel registered: ready to receive events. `tools` are the
 * cc-dm tools the mock's scripted tool_use may call (allowed with --allowedTools).
 */
export async function startHeadlessChannel(
  world: World,
  name: string,
  mock: MockAnthropic,
  tools: string[] = [],
): Promise<{ home: ClaudeHome; session: HeadlessClaude }> {
  const home = await world.home(name, mock);
  const channels = await home.installChannelPlugin(name);
  const allowed = tools.length ? ["--allowedTools", tools.map((t) => mcpTool(t, true)).join(",")] : [];
  const session = home.startHeadless(["--channels", channels, ...allowed]);
  await session.send(`You are ${name} on cc-dm.`);
  await home.explainFailure(async () => {
    await world.waitForLive(name, 30_000);
    await home.waitForChannel(PLUGIN_SOURCE, 30_000);
    await session.waitForResults(1, 30_000);
  }, () => `claude stderr: ${session.stderr}`);
  return { home, session };
}

/**
 * An interactive Claude Code whose cc-dm server (configured by the caller: `claude mcp add`,
 * `.mcp.json`, ...) is loaded as a development channel (`--dangerously-load-development-channels
 * server:cc-dm`, the only way to a non-plugin channel), past the dev-channels dialog, registered
 * on cc-dm as `name`, its channel registered: ready to receive events and typed prompts.
 * Claude Code is stopped after `timeoutSec` whatever happens.
 */
export async function startInteractiveChannel(
  home: ClaudeHome,
  name: string,
  tools: string[] = [],
  timeoutSec = 60,
): Promise<TmuxClaude> {
  const allowed = tools.length ? ["--allowedTools", tools.map((t) => mcpTool(t, false)).join(",")] : [];
  const session = await home.startInteractive([
    "--dangerously-load-development-channels",
    `server:${SERVER}`,
    ...allowed,
  ], timeoutSec);
  await session.waitForScreen(
    /Loading development channels[\s\S]*I am using this for local development/,
    30_000,
  );
  await confirmDialog(session, /I am using this for local development/);
  await home.explainFailure(async () => {
    await home.world.waitForLive(name, 30_000);
    await home.waitForChannel(SERVER, 30_000);
  }, () => session.screen());
  return session;
}

/**
 * Press Enter on a dialog until it is gone: a key sent while the dialog is drawn but not yet
 * listening is lost, so one Enter is not always enough.
 */
async function confirmDialog(session: TmuxClaude, dialog: RegExp): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    await session.keys(["Enter"]);
    const deadline = Date.now() + 1000;
    while (Date.now() < deadline) {
      if (!dialog.test(await session.screen())) return;
      await sleep(100);
    }
  }
  throw new Error(`dialog ${dialog} still open after 10 presses of Enter:\n${await session.screen()}`);
}

/** End-to-end test registration: `e2e.test(name, async (claude) => inWorld(ms, claude, ...))`. */
export const e2e = {
  /**
   * Register one test per Claude Code version under test (claude_versions.ts), named
   * `<name> [Claude Code <version>]`; `fn` gets the version to hand to `inWorld`.
   */
  test(name: string, fn: (claudeVersion: string) => Promise<void>): void {
    for (const version of claudeVersionsUnderTest()) {
      Deno.test(`${name} [Claude Code ${version}]`, () => fn(version));
    }
  },
};

/**
 * Run one end-to-end test in a fresh World (Claude Code `claudeVersion`, default the pinned one)
 * with an overall deadline; every process the world started is ended afterwards, whether the
 * body passed, failed or hung.
 */
export async function inWorld(timeoutMs: number, body: (world: World) => Promise<void>): Promise<void>;
export async function inWorld(
  timeoutMs: number,
  claudeVersion: string,
  body: (world: World) => Promise<void>,
): Promise<void>;
export async function inWorld(
  timeoutMs: number,
  versionOrBody: string | ((world: World) => Promise<void>),
  maybeBody?: (world: World) => Promise<void>,
): Promise<void> {
  const [version, body] = typeof versionOrBody === "string"
    ? [versionOrBody, maybeBody!]
    : [CLAUDE_CODE_VERSION, versionOrBody];
  const world = await World.create(version);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`end-to-end test (Claude Code ${version}) still running after ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([body(world), deadline]);
  } finally {
    clearTimeout(timer);
    await world.cleanup();
  }
}
