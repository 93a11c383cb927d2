import { CcDmError, errorText } from "../errors.ts";
import type { Identity } from "../sessions/membership.ts";
import { JsonRpcError } from "../mcp/json_rpc.ts";
import type { ToolResult } from "../mcp/tool.ts";

export type { ToolResult };

/** A successful result: a line for the model, the facts as JSON, and who "you" are. */
export function ok(text: string, data: Record<string, unknown>, you: Identity | null): ToolResult {
  // Claude Code shows the model only structuredContent when there is one: the sentence goes in too.
  const structured = { summary: text, ...data, you: you ?? null };
  return {
    content: [{ type: "text", text: `${text}\n${JSON.stringify(structured)}` }],
    structuredContent: structured,
  };
}

/** An expected failure as an `isError` result with the reason and what to do instead. */
export function fail(err: unknown): ToolResult {
  if (err instanceof JsonRpcError) return { content: [{ type: "text", text: err.message }], isError: true };
  if (!(err instanceof CcDmError)) {
    return { content: [{ type: "text", text: `cc-dm internal error: ${errorText(err)}` }], isError: true };
  }
  const text = err.hint ? `${err.message}\nTry: ${err.hint}` : err.message;
  return { content: [{ type: "text", text }], isError: true };
}

/** The caller's identity, or an error telling the model how to get one. */
export function requireIdentity(you: Identity | null): Identity {
  if (you) return you;
  throw new CcDmError(
    "This session is not registered on cc-dm, so it cannot send",
    1,
    "Ask the user which name to use, then call register{name, role}.",
  );
}
