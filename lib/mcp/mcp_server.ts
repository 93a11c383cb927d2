import {
  INTERNAL_ERROR,
  INVALID_PARAMS,
  isNotification,
  isRequest,
  JsonRpcError,
  type JsonRpcMessage,
  type JsonRpcRequest,
  METHOD_NOT_FOUND,
  PARSE_ERROR,
} from "./json_rpc.ts";
import type { StdioTransport } from "./stdio_transport.ts";
import type { Issue } from "./schema.ts";
import type { Tool, ToolResult } from "./tool.ts";

/**
 * Protocol revisions answered, newest first. Claude Code must stay on a "legacy" revision to
 * receive channel events: once a server answers a `server/discover` probe for the 2026-07-28
 * revision, Claude Code (2.1.330) treats the connection as "modern", which has no path for
 * unsolicited notifications, and drops every channel event without a word. So a client asking
 * for anything newer gets the newest one here, and `server/discover` is never answered.
 */
export const PROTOCOL_VERSIONS = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"] as const;

export interface McpServerOptions<C> {
  name: string;
  version: string;
  instructions: string;
  /** Experimental capabilities, e.g. `{"claude/channel": {}}`. */
  experimental: Record<string, Record<string, never>>;
  // deno-lint-ignore no-explicit-any
  tools: Tool<any, C>[];
  context: C;
  /** Turns an error thrown by a tool into its `isError` result. */
  toolError: (err: unknown) => ToolResult;
  /** Client notifications other than `initialized` (e.g. permission requests). */
  onNotification?: (method: string, params: Record<string, unknown>) => void;
  /** Called once the client has sent `notifications/initialized`. */
  onInitialized?: () => void;
  /** Called once the answer to the client's first `tools/list` is written. */
  onToolsListed?: () => void;
  /** Declare `tools.listChanged` (the channel's first-push signal, lib/channel/first_push.ts). */
  toolsListChanged?: boolean;
  /** Called when a `tools/list` request arrives, with how many have arrived so far (1, 2, ...). */
  onToolsListRequest?: (count: number) => void;
}

/**
 * A small MCP server: initialize, ping, tools/list, tools/call, and notifications both ways.
 * Written for cc-dm instead of the SDK's Server because the SDK's protocol schemas cost ~20 MB
 * of RSS in every session's process (and zod ~11 MiB more: tool inputs use ./schema.ts); the
 * SDK's Client drives it in the tests, and a real Claude Code in the e2e tests.
 */
export class McpServer<C> {
  #options: McpServerOptions<C>;
  #transport: StdioTransport | undefined;
  // deno-lint-ignore no-explicit-any
  #tools: Map<string, Tool<any, C>>;
  #listing: unknown[];
  #initialized = false;
  #toolsListed = false;
  #toolsListRequests = 0;

  constructor(options: McpServerOptions<C>) {
    this.#options = options;
    this.#tools = new Map(options.tools.map((t) => [t.name, t]));
    this.#listing = options.tools.map((t) => {
      const inputSchema = t.input.json();
      return {
        name: t.name,
        title: t.title,
        description: t.description,
        inputSchema,
        annotations: { title: t.title, ...t.annotations },
      };
    });
  }

  get initialized(): boolean {
    return this.#initialized;
  }

  /** Serve on `transport` until it closes. */
  connect(transport: StdioTransport): Promise<void> {
    this.#transport = transport;
    transport.onmessage = (message, raw) => {
      if (!message) {
        this.#reply({
          jsonrpc: "2.0",
          id: null,
          error: { code: PARSE_ERROR, message: `Parse error: ${raw?.slice(0, 80)}` },
        });
        return;
      }
      this.#handle(message);
    };
    return transport.start();
  }

  /** Send a notification to the client (resolves once written to stdout; there is no ack). */
  notify(method: string, params: Record<string, unknown>): Promise<void> {
    if (!this.#transport) return Promise.reject(new Error("not connected"));
    return this.#transport.send({ jsonrpc: "2.0", method, params });
  }

  #handle(message: JsonRpcMessage): void {
    if (isRequest(message)) {
      if (message.method === "tools/list") this.#options.onToolsListRequest?.(++this.#toolsListRequests);
      this.#answer(message).then(
        async (result) => {
          await this.#reply({ jsonrpc: "2.0", id: message.id, result });
          if (message.method === "tools/list" && !this.#toolsListed) {
            this.#toolsListed = true;
            this.#options.onToolsListed?.();
          }
        },
        (err) => {
          const code = err instanceof JsonRpcError ? err.code : INTERNAL_ERROR;
          const text = err instanceof Error ? err.message : String(err);
          this.#reply({ jsonrpc: "2.0", id: message.id, error: { code, message: text } });
        },
      );
    } else if (isNotification(message)) {
      if (message.method === "notifications/initialized") {
        if (!this.#initialized) {
          this.#initialized = true;
          this.#options.onInitialized?.();
        }
      } else {
        this.#options.onNotification?.(message.method, message.params ?? {});
      }
    }
    // Responses: this server sends no requests, so there is nothing to match them to.
  }

  #reply(message: JsonRpcMessage): Promise<void> {
    return this.#transport?.send(message).catch(() => {}) ?? Promise.resolve();
  }

  async #answer(request: JsonRpcRequest): Promise<unknown> {
    const params = request.params ?? {};
    switch (request.method) {
      case "initialize": {
        const asked = String(params.protocolVersion ?? "");
        const version = (PROTOCOL_VERSIONS as readonly string[]).includes(asked)
          ? asked
          : PROTOCOL_VERSIONS[0];
        return {
          protocolVersion: version,
          capabilities: {
            experimental: this.#options.experimental,
            tools: this.#options.toolsListChanged ? { listChanged: true } : {},
          },
          serverInfo: { name: this.#options.name, version: this.#options.version },
          instructions: this.#options.instructions,
        };
      }
      case "ping":
        return {};
      case "tools/list":
        return { tools: this.#listing };
      case "tools/call":
        return await this.#callTool(params);
      default:
        throw new JsonRpcError(METHOD_NOT_FOUND, `Method not found: ${request.method}`);
    }
  }

  async #callTool(params: Record<string, unknown>): Promise<ToolResult> {
    const name = params.name;
    if (typeof name !== "string") throw new JsonRpcError(INVALID_PARAMS, "tools/call needs a tool name");
    const tool = this.#tools.get(name);
    const { toolError, context } = this.#options;
    if (!tool) {
      return toolError(
        new JsonRpcError(
          INVALID_PARAMS,
          `Unknown tool ${JSON.stringify(name)}; the tools are ${[...this.#tools.keys()].join(", ")}`,
        ),
      );
    }
    const parsed = tool.input.check(params.arguments ?? {});
    if (!parsed.ok) {
      const problems = parsed.issues.map((i: Issue) => `${i.path}: ${i.message}`);
      return toolError(
        new JsonRpcError(INVALID_PARAMS, `Invalid arguments for ${name}: ${problems.join("; ")}`),
      );
    }
    try {
      return await tool.run(parsed.value, context);
    } catch (err) {
      return toolError(err);
    }
  }
}
