import type { AnyObjectSchema, ArgsOf } from "./schema.ts";

/** MCP tool annotations (hints for the client; never trusted for security). */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** MCP tool result: text for the model, a structured copy, and whether it failed. */
export interface ToolResult {
  content: { type: "text"; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** One tool: its input schema, its description for the model, and what it does. */
export interface Tool<S extends AnyObjectSchema, C> {
  name: string;
  title: string;
  description: string;
  input: S;
  annotations: ToolAnnotations;
  run: (args: ArgsOf<S>, ctx: C) => Promise<ToolResult>;
}
