// @ts-types="@modelcontextprotocol/sdk/client/index"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/stdio"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
// @ts-types="@modelcontextprotocol/sdk/shared/transport"
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { MAIN_TS } from "./temp_home.ts";

/** A channel event as the test saw it arrive on the server's stdout. */
export interface ReceivedEvent {
  content: string;
  meta: Record<string, string>;
  /** performance.timeOrigin + performance.now() when it arrived. */
  at: number;
}

/** A `notifications/claude/channel/permission` verdict the server gave its client. */
export interface ReceivedPermission {
  request_id: string;
  behavior: string;
  at: number;
}

export interface ToolReply {
  isError: boolean;
  text: string;
  data: Record<string, unknown> | undefined;
}

export interface PeerOptions {
  env: Record<string, string>;
  /** CC_DM_SESSION_NAME etc.; omitted to start unregistered. */
  name?: string;
  role?: string;
  project?: string;
  extraEnv?: Record<string, string>;
  cwd?: string;
  /** Script to run instead of main.ts (the bench runs the bundled build too). */
  entry?: string;
  /** A program that starts the channel with its arguments (a stand-in for Claude Code). */
  launcher?: string;
  /** The launcher's own arguments, before the channel's command line. */
  launcherArgs?: string[];
  /** Called for every event as it arrives (a stand-in Claude Code records it in a transcript). */
  onEvent?: (event: ReceivedEvent) => void;
  /** Start exactly this MCP entry (command and args, `channel` included) instead. */
  server?: { command: string; args: string[] };
}

/** The environment a peer's channel starts with: the test's, the extra variables, the identity. */
export function peerEnv(options: PeerOptions): Record<string, string> {
  // Claude Code needs the first-push delay; the SDK's client listens before it connects.
  const env: Record<string, string> = { CC_DM_FIRST_PUSH_DELAY_MS: "0", ...options.env, ...options.extraEnv };
  if (options.name) env.CC_DM_SESSION_NAME = options.name;
  if (options.role) env.CC_DM_SESSION_ROLE = options.role;
  if (options.project) env.CC_DM_SESSION_PROJECT = options.project;
  return env;
}

/**
 * A `cc-dm channel` driven the way Claude Code drives it, with the MCP SDK's client: `start`
 * spawns the real process with a clean environment and speaks over stdio; the in-process
 * harness (channel_harness.ts) links the same client to a channel built in the test's process.
 */
export class ChannelPeer {
  readonly events: ReceivedEvent[] = [];
  /** Every `notifications/claude/channel/permission` the server sent, in order. */
  readonly permissions: ReceivedPermission[] = [];
  /** What the channel wrote to stderr (its log), as it arrived. */
  readonly stderr: string[];
  #client: Client;
  #transport: Transport;
  #waiters: (() => void)[] = [];
  #closed: () => Promise<void>;
  instructions = "";

  private constructor(
    client: Client,
    transport: Transport,
    closed: () => Promise<void>,
    stderr: string[] = [],
  ) {
    this.#client = client;
    this.stderr = stderr;
    this.#transport = transport;
    this.#closed = closed;
  }

  /** Connect the SDK's client over `transport`; `closed` runs after the client closed it. */
  static async over(
    transport: Transport,
    options: Pick<PeerOptions, "onEvent"> & { closed?: () => Promise<void>; stderr?: string[] },
  ): Promise<ChannelPeer> {
    const client = new Client({ name: "cc-dm-test", version: "0" });
    const peer = new ChannelPeer(
      client,
      transport,
      options.closed ?? (() => Promise.resolve()),
      options.stderr,
    );
    peer.#listen(options);
    await client.connect(transport);
    peer.instructions = client.getInstructions() ?? "";
    return peer;
  }

  #listen(options: Pick<PeerOptions, "onEvent">): void {
    this.#client.fallbackNotificationHandler = (n) => {
      if (n.method === "notifications/claude/channel") {
        const params = n.params as { content: string; meta: Record<string, string> };
        const event = { ...params, at: performance.timeOrigin + performance.now() };
        this.events.push(event);
        options.onEvent?.(event);
        for (const w of this.#waiters.splice(0)) w();
      } else if (n.method === "notifications/claude/channel/permission") {
        const params = n.params as { request_id: string; behavior: string };
        this.permissions.push({ ...params, at: performance.timeOrigin + performance.now() });
        for (const w of this.#waiters.splice(0)) w();
      }
      return Promise.resolve();
    };
  }

  static async start(options: PeerOptions): Promise<ChannelPeer> {
    const env = peerEnv(options);
    const denoArgs = ["run", "--allow-all", "--quiet", options.entry ?? MAIN_TS, "channel"];
    const transport = new StdioClientTransport({
      command: options.server?.command ?? options.launcher ?? Deno.execPath(),
      args: options.server?.args ??
        (options.launcher ? [...(options.launcherArgs ?? []), Deno.execPath(), ...denoArgs] : denoArgs),
      env,
      cwd: options.cwd,
      stderr: "pipe",
    });
    const client = new Client({ name: "cc-dm-test", version: "0" });
    const peer = new ChannelPeer(client, transport, () => Promise.resolve());
    peer.#listen(options);
    const stderr = transport.stderr;
    stderr?.on("data", (chunk: Uint8Array) => peer.stderr.push(new TextDecoder().decode(chunk)));
    try {
      await client.connect(transport);
    } catch (err) {
      // A channel that died at start: its stderr says why (the SDK only says "Connection closed").
      await new Promise((r) => setTimeout(r, 50));
      throw new Error(
        `channel did not start: ${err instanceof Error ? err.message : err}\nstderr: ${peer.stderr.join("")}`,
      );
    }
    peer.instructions = client.getInstructions() ?? "";
    return peer;
  }

  get pid(): number {
    if (!(this.#transport instanceof StdioClientTransport)) {
      throw new Error("an in-process channel has no pid");
    }
    const pid = this.#transport.pid;
    if (pid === null) throw new Error("channel process has no pid");
    return pid;
  }

  get capabilities() {
    return this.#client.getServerCapabilities();
  }

  async call(tool: string, args: Record<string, unknown> = {}): Promise<ToolReply> {
    const result = await this.#client.callTool({ name: tool, arguments: args }) as {
      isError?: boolean;
      content: { type: string; text: string }[];
      structuredContent?: Record<string, unknown>;
    };
    return {
      isError: result.isError === true,
      text: result.content.map((c) => c.text).join("\n"),
      data: result.structuredContent,
    };
  }

  /** Send a client notification, as Claude Code sends `notifications/claude/channel/permission_request`. */
  async notify(method: string, params: Record<string, unknown>): Promise<void> {
    await this.#client.notification({ method, params });
  }

  /** Wait until at least `count` permission verdicts arrived; throws with what did arrive on timeout. */
  async waitForPermissions(count: number, timeoutMs = 5000): Promise<ReceivedPermission[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.permissions.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `expected ${count} permission verdicts, got ${JSON.stringify(this.permissions)}\nstderr: ${
            this.stderr.join("")
          }`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.permissions;
  }

  /** MCP ping; resolves with the round trip in ms. */
  async ping(): Promise<number> {
    const started = performance.now();
    await this.#client.ping();
    return performance.now() - started;
  }

  async listTools() {
    return (await this.#client.listTools()).tools;
  }

  /** Wait until at least `count` events arrived; throws with what did arrive on timeout. */
  async waitForEvents(count: number, timeoutMs = 5000): Promise<ReceivedEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `expected ${count} channel events, got ${this.events.length}: ${
            JSON.stringify(this.events.map((e) => e.meta.message_id))
          }\nstderr: ${this.stderr.join("")}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.events;
  }

  /**
   * Wait until the channel's log matches `pattern` (stderr is a pipe of its own: a line may
   * arrive after an event the channel wrote later); throws with the log on timeout.
   */
  async waitForStderr(pattern: RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.stderr.join(""))) {
      if (Date.now() > deadline) throw new Error(`stderr never matched ${pattern}: ${this.stderr.join("")}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.stderr.join("");
  }

  /** Close stdin as Claude Code does on exit, and wait for the process to end. */
  async close(): Promise<void> {
    await this.#client.close().catch(() => {});
    await this.#closed();
  }

  /** SIGKILL: no clean-up runs, as when Claude Code's machine loses the process. */
  kill9(): void {
    if (!(this.#transport instanceof StdioClientTransport)) {
      throw new Error("an in-process channel cannot be killed");
    }
    try {
      Deno.kill(this.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/** Wait until `pid` has exited (or throw after `timeoutMs`). */
export async function waitForExit(pid: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      Deno.kill(pid, "SIGCONT"); // throws once the process is gone
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`process ${pid} still running after ${timeoutMs} ms`);
}
