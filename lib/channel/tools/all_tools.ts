import { approveTool, denyTool } from "./answer_tools.ts";
import { broadcastTool } from "./broadcast_tool.ts";
import { dmTool } from "./dm_tool.ts";
import { inboxTool } from "./inbox_tool.ts";
import { registerTool } from "./register_tool.ts";
import { statusTool } from "./status_tool.ts";
import { whoTool } from "./who_tool.ts";

/** Every tool the channel server exposes, in the order the model sees them. */
export const ALL_TOOLS = [
  registerTool,
  dmTool,
  broadcastTool,
  whoTool,
  statusTool,
  inboxTool,
  approveTool,
  denyTool,
];
