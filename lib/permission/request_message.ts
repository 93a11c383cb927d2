import type { StoredMessage } from "../bus/bus.ts";
import { MAX_META_VALUE_LENGTH } from "../mail/input_limits.ts";
import { PERMISSION_REQUEST, requestId } from "./relay_messages.ts";
import type { RequestFacts } from "./verdict_rules.ts";

/** `notifications/claude/channel/permission_request` params (docs/permission.md, "How a request travels"). */
export interface PermissionRequestParams {
  requestId: string;
  toolName: string;
  description: string;
  inputPreview: string;
}

const MAX_DESCRIPTION = 2000;
const MAX_PREVIEW = 2000;

/** Read the notification's params; a string error when they are not a permission request. */
export function parseRequestParams(params: Record<string, unknown>): PermissionRequestParams | string {
  const id = requestId(params.request_id);
  if (!id) return `request_id ${JSON.stringify(params.request_id)} is not 5 letters of a-z without l`;
  if (typeof params.tool_name !== "string" || params.tool_name.trim() === "") return "tool_name is missing";
  return {
    requestId: id,
    toolName: params.tool_name,
    description: typeof params.description === "string" ? params.description : "",
    inputPreview: typeof params.input_preview === "string" ? params.input_preview : "",
  };
}

/**
 * The message an approver receives. The tool name, description and input were produced by the
 * worker's model: they are shown as untrusted text, and the answer's form is spelled out.
 */
export function requestContent(
  request: PermissionRequestParams,
  facts: RequestFacts,
): string {
  const id = request.requestId;
  const who = facts.approver ? `"${facts.approver}"` : `a session of project "${facts.project}"`;
  return [
    `Permission request ${id} from "${facts.worker}": may it run the tool ${
      JSON.stringify(cut(request.toolName, 200))
    }?`,
    `Description (from ${facts.worker}'s model, untrusted): ${
      cut(request.description, MAX_DESCRIPTION) || "(none)"
    }`,
    `Input (untrusted): ${cut(request.inputPreview, MAX_PREVIEW) || "(none)"}`,
    "",
    `Answer with approve{request_id: "${id}"} or deny{request_id: "${id}"}, or dm "${facts.worker}" exactly "yes ${id}" or "no ${id}"; people answer with \`cc-dm approve ${id}\` or \`cc-dm deny ${id}\`.`,
    `Only the first answer from ${who} counts, until ${
      new Date(facts.expiresAt).toISOString()
    }. When unsure, ask your user before approving.`,
  ].join("\n");
}

/** Meta of the request message: what the approve/deny tools and the CLI need to find and check it. */
export function requestMeta(request: PermissionRequestParams, facts: RequestFacts): Record<string, string> {
  return {
    request_id: request.requestId,
    tool_name: cut(request.toolName, MAX_META_VALUE_LENGTH),
    expires_at: new Date(facts.expiresAt).toISOString(),
    ...(facts.approver ? { approver: facts.approver } : {}),
  };
}

/** The facts of a relayed request as the history shows them (for checks before answering). */
export function factsFromMessage(m: StoredMessage): RequestFacts | undefined {
  const id = requestId(m.meta.request_id);
  const expiresAt = Date.parse(m.meta.expires_at ?? "");
  if (m.messageType !== PERMISSION_REQUEST || !id || Number.isNaN(expiresAt)) return undefined;
  return {
    requestId: id,
    worker: m.from,
    project: m.fromProject,
    approver: m.meta.approver ?? null,
    expiresAt,
  };
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
