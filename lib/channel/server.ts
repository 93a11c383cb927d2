import type { Delivery } from "../bus/bus.ts";
import { McpServer } from "../mcp/mcp_server.ts";
import { VERSION } from "../version.ts";
import type { Route } from "./delivery_route.ts";
import type { ChannelContext } from "./context.ts";
import { channelEvent } from "./event.ts";
import { channelInstructions } from "./instructions.ts";
import { fail } from "./tool_result.ts";
import { ALL_TOOLS } from "./tools/all_tools.ts";

export interface ChannelServer {
  server: McpServer<ChannelContext>;
  /** Push one delivery as a `notifications/claude/channel` event. */
  push: (delivery: Delivery) => Promise<void>;
}

export interface ChannelServerOptions {
  startupProblem?: string;
  /** How mail reaches this session (lib/channel/delivery_route.ts) and why. */
  route: Route;
  routeReason: string;
  /** The client finished initializing. */
  onInitialized: () => void;
  /** The answer to the client's first `tools/list` is written. */
  onToolsListed?: () => void;
  /** A `tools/list` request arrived (`count`: how many so far). */
  onToolsListRequest?: (count: number) => void;
  /** Declare `tools.listChanged` (the first-push signal, lib/channel/first_push.ts). */
  toolsListChanged?: boolean;
  /** Declare `claude/channel/permission`: Claude Code then relays tool permission prompts. */
  permissionRelay?: boolean;
  /** Client notifications other than `initialized` (permission requests). */
  onNotification?: (method: string, params: Record<string, unknown>) => void;
}

/**
 * The MCP server of one session: declares the `claude/channel` capability (Claude Code only
 * checks that the key exists) and, with the permission relay on, `claude/channel/permission`;
 * serves the tools, and pushes messages as channel events.
 */
export function createChannelServer(ctx: ChannelContext, options: ChannelServerOptions): ChannelServer {
  const server = new McpServer<ChannelContext>({
    name: "cc-dm",
    version: VERSION,
    instructions: channelInstructions(
      ctx.membership.identity,
      options.startupProblem,
      options.route,
      options.routeReason,
    ),
    experimental: options.permissionRelay
      ? { "claude/channel": {}, "claude/channel/permission": {} }
      : { "claude/channel": {} },
    tools: ALL_TOOLS,
    context: ctx,
    toolError: fail,
    onInitialized: options.onInitialized,
    onToolsListed: options.onToolsListed,
    onToolsListRequest: options.onToolsListRequest,
    toolsListChanged: options.toolsListChanged,
    onNotification: options.onNotification,
  });
  const push = (delivery: Delivery) =>
    server.notify("notifications/claude/channel", { ...channelEvent(delivery) });
  return { server, push };
}
