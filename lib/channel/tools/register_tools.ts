// @ts-types="@modelcontextprotocol/sdk/server/mcp"
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ChannelContext } from "../context.ts";
import { registerBroadcastTool } from "./broadcast_tool.ts";
import { registerDmTool } from "./dm_tool.ts";
import { registerInboxTool } from "./inbox_tool.ts";
import { registerRegisterTool } from "./register_tool.ts";
import { registerWhoTool } from "./who_tool.ts";

/** Every tool the channel server exposes. */
export function registerTools(server: McpServer, ctx: ChannelContext): void {
  registerRegisterTool(server, ctx);
  registerDmTool(server, ctx);
  registerBroadcastTool(server, ctx);
  registerWhoTool(server, ctx);
  registerInboxTool(server, ctx);
}
