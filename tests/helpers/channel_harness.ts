// @ts-types="@modelcontextprotocol/sdk/shared/transport"
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
// @ts-types="@modelcontextprotocol/sdk/types"
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { Bus } from "../../lib/bus/bus.ts";
import { type ChannelConfig, channelConfig } from "../../lib/channel/channel_config.ts";
import { type Channel, createChannel } from "../../lib/channel/create_channel.ts";
import type { ClaudeSession } from "../../lib/channel/delivery_route.ts";
import { StdioTransport } from "../../lib/mcp/stdio_transport.ts";
import { ChannelPeer, peerEnv, type PeerOptions } from "./channel_peer.ts";

// The channel's middle depth: the whole channel (route, bus, name, relay, server, courier,
// delivery loop) built by createChannel in the test's own process, spoken to by the MCP SDK's
// client through linked streams into the channel's own line transport. No process is spawned
// and the first push is not delayed, so a test takes milliseconds; what only a real process
// can show (signals, stdin closing, kill -9, the parent dying) stays in the spawned tests.

export interface InProcessOptions
  extends Omit<PeerOptions, "entry" | "launcher" | "launcherArgs" | "server"> {
  /** Change the parsed config (the environment is parsed as `cc-dm channel` parses it). */
  config?: (config: ChannelConfig) => ChannelConfig;
  /** Claude Code as the channel would have probed it (default: none, as for another MCP client). */
  session?: ClaudeSession | null;
  /**
   * "manual": neither the delivery loop nor housekeeping runs; the test drives `channel.step()`
   * and `channel.housekeep()`. Default "background": both run as in the process.
   */
  delivery?: "background" | "manual";
  bus?: Bus;
  now?: () => number;
}

/** A channel in this process and the SDK client connected to it. */
export interface InProcessPeer {
  peer: ChannelPeer;
  channel: Channel;
}

/** Build a channel in-process and connect a client; `peer.close()` closes both. */
export async function startInProcess(options: InProcessOptions): Promise<InProcessPeer> {
  const env = peerEnv(options);
  let config = channelConfig(env);
  if (options.config) config = options.config(config);
  const stderr: string[] = [];
  const toServer = new TransformStream<Uint8Array, Uint8Array>();
  const toClient = new TransformStream<Uint8Array, Uint8Array>();
  const channel = await createChannel({
    config,
    env,
    cwd: options.cwd ?? env.HOME ?? "/",
    log: (text) => stderr.push(text + "\n"),
    session: options.session ?? null,
    delivery: options.delivery,
    bus: options.bus,
    now: options.now,
  });
  const writer = toClient.writable.getWriter();
  const serverSide = new StdioTransport(toServer.readable, {
    write: async (bytes) => {
      await writer.write(bytes.slice());
      return bytes.length;
    },
  });
  channel.start(serverSide);
  // As the process wrapper does (lib/channel/stdio_channel.ts), minus the parent check.
  const housekeeping = options.delivery === "manual" ? undefined : setInterval(() => {
    channel.housekeep().catch((err) => stderr.push(`housekeeping failed: ${err}\n`));
  }, channel.housekeepingMs);
  const peer = await ChannelPeer.over(new LinkedClientTransport(toServer.writable, toClient.readable), {
    onEvent: options.onEvent,
    stderr,
    closed: async () => {
      clearInterval(housekeeping);
      await channel.close();
      await writer.close().catch(() => {});
    },
  });
  return { peer, channel };
}

/** Start an in-process channel and return only its client side (the ChannelPeer API). */
export async function inProcessPeer(options: InProcessOptions): Promise<ChannelPeer> {
  return (await startInProcess(options)).peer;
}

/** The client's end of the linked streams: newline-delimited JSON-RPC, as over stdio. */
class LinkedClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T) => void;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #input: ReadableStream<Uint8Array>;
  #closed = false;

  constructor(output: WritableStream<Uint8Array>, input: ReadableStream<Uint8Array>) {
    this.#writer = output.getWriter();
    this.#input = input;
  }

  start(): Promise<void> {
    (async () => {
      let pending = "";
      for await (const text of this.#input.pipeThrough(new TextDecoderStream())) {
        pending += text;
        let newline: number;
        while ((newline = pending.indexOf("\n")) >= 0) {
          const line = pending.slice(0, newline);
          pending = pending.slice(newline + 1);
          if (line.trim()) this.onmessage?.(JSON.parse(line));
        }
      }
    })().catch((err) => this.onerror?.(err)).finally(() => this.close());
    return Promise.resolve();
  }

  async send(message: JSONRPCMessage): Promise<void> {
    await this.#writer.write(new TextEncoder().encode(JSON.stringify(message) + "\n"));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#writer.close().catch(() => {});
    this.onclose?.();
  }
}
