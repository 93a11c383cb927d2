// @ts-types="@modelcontextprotocol/sdk/server/mcp"
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Delivery } from "../bus/bus.ts";
import { VERSION } from "../version.ts";
import type { ChannelContext } from "./context.ts";
import { channelEvent } from "./event.ts";
import { channelInstructions } from "./instructions.ts";
import { registerTools } from "./tools/register_tools.ts";

export interface ChannelServer {
  server: McpServer;
  /** Push one delivery as a `notifications/claude/channel` event. */
  push: (delivery: Delivery) => Promise<void>;
}

/**
 * The MCP server of one session: declares the `claude/channel` capability (Claude Code only
 * checks that the key exists), exposes the tools, and pushes messages as channel events.
 */
export function createChannelServer(ctx: ChannelContext, startupProblem?: string): ChannelServer {
  const server = new McpServer({ name: "cc-dm", version: VERSION }, {
    capabilities: { experimental: { "claude/channel": {} }, tools: {} },
    instructions: channelInstructions(ctx.membership.identity, startupProblem),
  });
  registerTools(server, ctx);
  const push = async (delivery: Delivery) => {
    await server.server.notification({
      method: "notifications/claude/channel",
      params: { ...channelEvent(delivery) },
    });
  };
  return { server, push };
}
