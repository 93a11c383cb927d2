import type { z } from "zod";
import type { Tool } from "../mcp/tool.ts";
import type { ChannelContext } from "./context.ts";

/** A tool of the channel server. */
export type ChannelTool<S extends z.ZodObject> = Tool<S, ChannelContext>;

/** Identity function that lets TypeScript infer `run`'s argument type from `input`. */
export function defineTool<S extends z.ZodObject>(tool: ChannelTool<S>): ChannelTool<S> {
  return tool;
}
