// @ts-types="@modelcontextprotocol/sdk/client/index"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/stdio"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
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

/**
 * A real `cc-dm channel` process driven the way Claude Code drives it: spawned with a clean
 * environment, spoken to with the MCP SDK's client over stdio.
 */
export class ChannelPeer {
  readonly events: ReceivedEvent[] = [];
  /** Every `notifications/claude/channel/permission` the server sent, in order. */
  readonly permissions: ReceivedPermission[] = [];
  readonly stderr: string[] = [];
  #client: Client;
  #transport: StdioClientTransport;
  #waiters: (() => void)[] = [];
  instructions = "";

  private constructor(client: Client, transport: StdioClientTransport) {
    this.#client = client;
    this.#transport = transport;
  }

  static async start(options: PeerOptions): Promise<ChannelPeer> {
    const env: Record<string, string> = { ...options.env, ...options.extraEnv };
    if (options.name) env.CC_DM_SESSION_NAME = options.name;
    if (options.role) env.CC_DM_SESSION_ROLE = options.role;
    if (options.project) env.CC_DM_SESSION_PROJECT = options.project;
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
    const peer = new ChannelPeer(client, transport);
    client.fallbackNotificationHandler = (n) => {
      if (n.method === "notifications/claude/channel") {
        const params = n.params as { content: string; meta: Record<string, string> };
        const event = { ...params, at: performance.timeOrigin + performance.now() };
        peer.events.push(event);
        options.onEvent?.(event);
        for (const w of peer.#waiters.splice(0)) w();
      } else if (n.method === "notifications/claude/channel/permission") {
        const params = n.params as { request_id: string; behavior: string };
        peer.permissions.push({ ...params, at: performance.timeOrigin + performance.now() });
        for (const w of peer.#waiters.splice(0)) w();
      }
      return Promise.resolve();
    };
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

  /** Close stdin as Claude Code does on exit, and wait for the process to end. */
  async close(): Promise<void> {
    await this.#client.close().catch(() => {});
  }

  /** SIGKILL: no clean-up runs, as when Claude Code's machine loses the process. */
  kill9(): void {
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
