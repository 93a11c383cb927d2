// A `cc-dm channel` process driven with bare JSON-RPC lines, as Claude Code drives it, but
// without the MCP SDK client: at thousands of messages per second the SDK's per-message
// validation in the bench process would be what is measured. Every figure of the bench goes
// through these peers (tool calls in, channel events out), so it can run against any build.

/** A channel event as the bench saw it arrive on the server's stdout. */
export interface RawEvent {
  content: string;
  meta: Record<string, string>;
  /** performance.timeOrigin + performance.now() when its line was read. */
  at: number;
}

export interface RawPeerOptions {
  env: Record<string, string>;
  name?: string;
  extraEnv?: Record<string, string>;
  /** main.ts (from source) or a bundled cc-dm.js. */
  entry: string;
  /** argv that runs the channel somewhere else (another network namespace: `ip netns exec ...`). */
  prefix?: string[];
  /**
   * A `cc-dm` command instead of `deno run <entry>` (e.g. `sh bin/cc-dm`, the launcher the plugin
   * and the npm package run); `channel` is appended.
   */
  command?: string[];
}

const now = () => performance.timeOrigin + performance.now();

export class RawPeer {
  readonly events: RawEvent[] = [];
  readonly name: string;
  #child: Deno.ChildProcess;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #nextId = 1;
  #pending = new Map<number, (result: Record<string, unknown>) => void>();
  #waiters: (() => void)[] = [];
  #done: Promise<void>;
  #relisting = false;
  stderr = "";

  private constructor(child: Deno.ChildProcess, name: string) {
    this.#child = child;
    this.name = name;
    this.#writer = child.stdin.getWriter();
    this.#done = Promise.all([this.#read(), this.#drainStderr()]).then(() => {});
  }

  /** Spawn a channel, finish the MCP handshake, and return once `initialized` was sent. */
  static async start(options: RawPeerOptions): Promise<RawPeer> {
    const env: Record<string, string> = { ...options.env, ...options.extraEnv };
    if (options.name) env.CC_DM_SESSION_NAME = options.name;
    const prefix = options.prefix ?? [];
    const argv = options.command
      ? [...prefix, ...options.command, "channel"]
      : [...prefix, Deno.execPath(), "run", "--allow-all", "--quiet", options.entry, "channel"];
    const child = new Deno.Command(argv[0], {
      args: argv.slice(1),
      env,
      clearEnv: true,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const peer = new RawPeer(child, options.name ?? "");
    await peer.request("initialize", {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "cc-dm-bench", version: "0" },
    });
    await peer.#send({ jsonrpc: "2.0", method: "notifications/initialized" });
    // As Claude Code does right after `initialized`; the channel's first push waits for it.
    await peer.request("tools/list", {});
    return peer;
  }

  get pid(): number {
    return this.#child.pid;
  }

  request(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, resolve);
      this.#send({ jsonrpc: "2.0", id, method, params }).catch(reject);
    });
  }

  /** Call a tool; throws with its text when it reports an error. */
  async call(tool: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const reply = await this.request("tools/call", { name: tool, arguments: args });
    const result = reply.result as { isError?: boolean; content?: { text: string }[] } | undefined;
    if (!result || result.isError) {
      throw new Error(`${tool} failed: ${JSON.stringify(reply.error ?? result?.content)}`);
    }
    return result as Record<string, unknown>;
  }

  /** Wait until at least `count` events arrived. */
  async waitForEvents(count: number, timeoutMs = 10_000): Promise<RawEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `${this.name}: expected ${count} events, got ${this.events.length}\nstderr: ${this.stderr}`,
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

  async close(): Promise<void> {
    await this.#writer.close().catch(() => {});
    const timer = setTimeout(() => this.#child.kill("SIGKILL"), 5000);
    await this.#child.status;
    clearTimeout(timer);
    await this.#done;
  }

  #send(message: Record<string, unknown>): Promise<void> {
    return this.#writer.write(new TextEncoder().encode(JSON.stringify(message) + "\n"));
  }

  async #read(): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of this.#child.stdout) {
      buffer += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.trim()) this.#onLine(line);
      }
    }
  }

  #onLine(line: string): void {
    const at = now();
    const message = JSON.parse(line) as Record<string, unknown>;
    if (message.method === "notifications/claude/channel") {
      const params = message.params as { content: string; meta: Record<string, string> };
      this.events.push({ content: params.content, meta: params.meta, at });
      for (const w of this.#waiters.splice(0)) w();
    } else if (message.method === "notifications/tools/list_changed") {
      // As an interactive Claude Code does once its handlers are set: ask again, one at a time.
      if (!this.#relisting) {
        this.#relisting = true;
        this.request("tools/list", {}).finally(() => (this.#relisting = false)).catch(() => {});
      }
    } else if (typeof message.id === "number") {
      this.#pending.get(message.id)?.(message);
      this.#pending.delete(message.id);
    }
  }

  async #drainStderr(): Promise<void> {
    const decoder = new TextDecoder();
    for await (const chunk of this.#child.stderr) {
      if (this.stderr.length < 20_000) this.stderr += decoder.decode(chunk);
    }
  }
}
