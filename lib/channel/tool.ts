import type { AnyObjectSchema } from "../mcp/schema.ts";
import type { Tool } from "../mcp/tool.ts";
import type { ChannelContext } from "./context.ts";

/** A tool of the channel server. */
export type ChannelTool<S extends AnyObjectSchema> = Tool<S, ChannelContext>;

/** Identity function that lets TypeScript infer `run`'s argument type from `input`. */
export function defineTool<S extends AnyObjectSchema>(tool: ChannelTool<S>): ChannelTool<S> {
  return tool;
}
