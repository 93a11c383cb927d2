import { join } from "node:path";
import { projectSlug } from "../../lib/claude_code/transcript.ts";
import { probeClaudeSession } from "../../lib/channel/delivery_route.ts";
import { inProcessPeer } from "./channel_harness.ts";
import { ChannelPeer, peerEnv, type ReceivedEvent } from "./channel_peer.ts";
import { MAIN_TS, type TempHome } from "./temp_home.ts";

// A stand-in for Claude Code around a real `cc-dm channel`, for process tests of the delivery
// routes: a launcher named `claude` (so the channel finds it among its ancestors, reads its
// flags and its sessions file), an inbox socket that records frames, and a transcript that
// records what "the model" was given, the way Claude Code writes it. Each part can be told to
// drop what it gets, to stand for a Claude Code that silently ignores it.

export interface FakeClaudeOptions {
  /** Claude Code's own flags, e.g. ["--dangerously-load-development-channels", "server:cc-dm"]. */
  flags?: string[];
  name?: string;
  extraEnv?: Record<string, string>;
  /** Record channel events in the transcript (false: Claude Code drops them). */
  showEvents?: boolean;
  /** Record socket frames in the transcript (false: dropped, as with crossSessionInbound refuse). */
  showFrames?: boolean;
  /** The sessions file's `status`. */
  status?: string;
  /** Start with no inbox socket at all. */
  noSocket?: boolean;
  /** The account's cached channels feature (tengu_harbor). */
  channelsFeature?: boolean;
  /**
   * Build the channel in the test's process (tests/helpers/channel_harness.ts) with this
   * stand-in probed as its Claude Code, instead of spawning it under a `claude` launcher. Its
   * clock can then be moved on with `advance` (receipt timeouts without waiting).
   */
  inProcess?: boolean;
}

export interface Frame {
  line: Record<string, unknown>;
  content: string;
  at: number;
}

export class FakeClaude {
  readonly frames: Frame[] = [];
  readonly sessionId = crypto.randomUUID();
  peer!: ChannelPeer;
  showEvents: boolean;
  showFrames: boolean;
  readonly transcript: string;
  readonly socketPath: string;
  readonly project: string;
  #listener: Deno.Listener | null = null;
  #home: TempHome;
  #launcherDir = "";
  #skew = 0;

  private constructor(home: TempHome, options: FakeClaudeOptions) {
    this.#home = home;
    this.showEvents = options.showEvents ?? true;
    this.showFrames = options.showFrames ?? true;
    this.project = join(home.home, "project");
    this.transcript = join(
      home.home,
      ".claude",
      "projects",
      projectSlug(this.project),
      `${this.sessionId}.jsonl`,
    );
    this.socketPath = join(home.home, "cc-socks", `${this.sessionId.slice(0, 8)}.sock`);
  }

  static async start(home: TempHome, options: FakeClaudeOptions = {}): Promise<FakeClaude> {
    const fake = new FakeClaude(home, options);
    await Deno.mkdir(fake.project, { recursive: true });
    // Claude Code's config: this channel as the user-scope server "cc-dm", channels served.
    await Deno.writeTextFile(
      join(home.home, ".claude.json"),
      JSON.stringify({
        mcpServers: {
          "cc-dm": {
            type: "stdio",
            command: Deno.execPath(),
            args: ["run", "--allow-all", "--quiet", MAIN_TS, "channel"],
          },
        },
        cachedGrowthBookFeatures: { tengu_harbor: options.channelsFeature ?? true },
      }),
    );
    await Deno.mkdir(join(home.home, ".claude", "sessions"), { recursive: true });
    await Deno.mkdir(join(home.home, "cc-socks"), { recursive: true, mode: 0o700 });
    if (!options.noSocket) fake.#serveSocket();
    fake.#launcherDir = await Deno.makeTempDir({ dir: home.home, prefix: "bin-" });
    const launcher = join(fake.#launcherDir, "claude");
    const sessions = join(home.home, ".claude", "sessions");
    const sessionFile = JSON.stringify({
      sessionId: fake.sessionId,
      cwd: fake.project,
      status: options.status ?? "idle",
      ...(options.noSocket ? {} : { messagingSocketPath: fake.socketPath }),
    });
    const env: Record<string, string> = {
      ...home.env,
      CLAUDECODE: "1",
      CLAUDE_CODE_ENTRYPOINT: "cli",
      CLAUDE_CODE_SESSION_ID: fake.sessionId,
      CLAUDE_PROJECT_DIR: fake.project,
      ...(options.noSocket ? {} : { CLAUDE_CODE_MESSAGING_SOCKET: fake.socketPath }),
      ...options.extraEnv,
    };
    if (options.inProcess) {
      // A pid no process has, for the sessions file Claude Code keeps under its own pid.
      const pid = 4_000_000 + Math.floor(Math.random() * 100_000);
      await Deno.writeTextFile(join(sessions, `${pid}.json`), sessionFile);
      const claude = {
        pid,
        argv: ["claude", ...(options.flags ?? [])],
        between: [[Deno.execPath(), "run", "--allow-all", "--quiet", MAIN_TS, "channel"]],
      };
      fake.peer = await inProcessPeer({
        env,
        name: options.name,
        cwd: fake.project,
        session: probeClaudeSession(peerEnv({ env }), fake.project, claude),
        now: () => Date.now() + fake.#skew,
        onEvent: (e) => fake.#recordEvent(e),
      });
      return fake;
    }
    // The launcher stays the channel's parent (no exec), as Claude Code does, and writes the
    // sessions file Claude Code would write for its pid.
    await Deno.writeTextFile(
      launcher,
      // Claude Code's flags come first, then `--` and the server's command line.
      `#!/bin/sh\nprintf '%s' '${sessionFile.replaceAll("'", "'\\''")}' > "${sessions}/$$.json"\n` +
        `while [ "$1" != "--" ]; do shift; done\nshift\n"$@"\nstatus=$?\nrm -f "${sessions}/$$.json"\nexit $status\n`,
    );
    await Deno.chmod(launcher, 0o755);
    fake.peer = await ChannelPeer.start({
      env,
      name: options.name,
      cwd: fake.project,
      launcher,
      launcherArgs: [...(options.flags ?? []), "--"],
      onEvent: (e) => fake.#recordEvent(e),
    });
    return fake;
  }

  /** Move the in-process channel's clock on by `ms` (its receipt timeouts; the bus keeps its own). */
  advance(ms: number): void {
    this.#skew += ms;
  }

  /** Lines of the transcript, parsed. */
  async transcriptLines(): Promise<Record<string, unknown>[]> {
    try {
      return (await Deno.readTextFile(this.transcript)).split("\n").filter(Boolean).map((l) => JSON.parse(l));
    } catch {
      return [];
    }
  }

  async setStatus(status: string): Promise<void> {
    const dir = join(this.#home.home, ".claude", "sessions");
    for (const e of Deno.readDirSync(dir)) {
      const path = join(dir, e.name);
      const value = JSON.parse(await Deno.readTextFile(path));
      await Deno.writeTextFile(path, JSON.stringify({ ...value, status }));
    }
  }

  async close(): Promise<void> {
    await this.peer?.close();
    this.#listener?.close();
  }

  #append(line: Record<string, unknown>): void {
    Deno.mkdirSync(join(this.transcript, ".."), { recursive: true });
    Deno.writeTextFileSync(this.transcript, JSON.stringify(line) + "\n", { append: true });
  }

  #recordEvent(e: ReceivedEvent): void {
    if (!this.showEvents) return;
    const attrs = Object.entries(e.meta).map(([k, v]) => ` ${k}="${v}"`).join("");
    this.#append({
      type: "user",
      message: { role: "user", content: `<channel source="cc-dm"${attrs}>\n${e.content}\n</channel>` },
      origin: { kind: "channel", server: "cc-dm" },
      sessionId: this.sessionId,
    });
  }

  #serveSocket(): void {
    this.#listener = Deno.listen({ transport: "unix", path: this.socketPath });
    (async () => {
      for await (const conn of this.#listener!) this.#read(conn);
    })().catch(() => {});
  }

  async #read(conn: Deno.Conn): Promise<void> {
    let text = "";
    const decoder = new TextDecoder();
    try {
      for await (const chunk of conn.readable) text += decoder.decode(chunk, { stream: true });
    } catch {
      // reset by the writer
    }
    for (const raw of text.split("\n").filter(Boolean)) {
      const line = JSON.parse(raw);
      const content = String(line.message?.content ?? "");
      this.frames.push({ line, content, at: performance.timeOrigin + performance.now() });
      if (!this.showFrames) continue;
      this.#append({
        type: "user",
        message: { role: "user", content: `Another Claude session sent a message:\n${content}` },
        origin: { kind: "peer", from: line.from, msg_id: line.msg_id },
        sessionId: this.sessionId,
      });
    }
  }
}
