import * as s from "../../mcp/schema.ts";
import { answerRequest } from "../../permission/answer_request.ts";
import type { Behavior } from "../../permission/relay_messages.ts";
import { defineTool } from "../tool.ts";
import { ok, requireIdentity } from "../tool_result.ts";

function answerTool(behavior: Behavior) {
  const verb = behavior === "allow" ? "approve" : "deny";
  return defineTool({
    name: verb,
    title: behavior === "allow"
      ? "Approve a relayed permission request"
      : "Deny a relayed permission request",
    description: behavior === "allow"
      ? 'Allow the tool call of another session\'s permission request (a <channel> message with message_type="permission_request"). Only the approver that session names (or, when it names none, a session of its project) can answer; the first answer counts. Approve only what you or your user are sure of.'
      : 'Refuse the tool call of another session\'s permission request (a <channel> message with message_type="permission_request"). Only the approver that session names (or, when it names none, a session of its project) can answer; the first answer counts.',
    input: s.object({
      request_id: s.string().describe("request_id of the permission request (5 letters)"),
      to: s.string().optional().describe(
        "The session that asked (from_session); only needed if the id is ambiguous",
      ),
    }),
    annotations: {
      readOnlyHint: false,
      destructiveHint: behavior === "allow",
      idempotentHint: false,
      openWorldHint: false,
    },
    run: async ({ request_id, to }, ctx) => {
      const you = requireIdentity(ctx.membership.identity);
      const sent = await answerRequest(
        ctx.bus,
        you,
        { requestId: request_id, behavior, worker: to },
        ctx.now(),
        ctx.access,
      );
      const m = sent.receipt.message;
      return ok(
        `Sent ${behavior} for request ${sent.requestId} to "${sent.worker}" (message_id ${m.id}). It applies it if the request is still open; a refusal comes back as a message.`,
        {
          request_id: sent.requestId,
          behavior,
          to: sent.worker,
          message_id: String(m.id),
          thread_id: m.threadId,
        },
        you,
      );
    },
  });
}

export const approveTool = answerTool("allow");
export const denyTool = answerTool("deny");
