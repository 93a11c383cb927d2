import {
  sendDm
} from "./chunk-28.js";
import {
  MAX_META_VALUE_LENGTH,
  normalizeName
} from "./chunk-38.js";
import {
  reaches
} from "./chunk-39.js";
import {
  CcDmError,
  NotFoundError
} from "./chunk-07.js";

// lib/permission/relay_messages.ts
var PERMISSION_REQUEST = "permission_request";
var VERDICT = "verdict";
var REQUEST_ID = /^[a-km-z]{5}$/;
var FREE_TEXT_VERDICT = /^\s*(y|yes|n|no)\s+([a-km-z]{5})\s*$/i;
function requestId(raw) {
  if (typeof raw !== "string") return void 0;
  const id = raw.trim().toLowerCase();
  return REQUEST_ID.test(id) ? id : void 0;
}
function freeTextVerdict(content) {
  const match = FREE_TEXT_VERDICT.exec(content);
  if (!match) return void 0;
  return {
    behavior: match[1].toLowerCase().startsWith("y") ? "allow" : "deny",
    requestId: match[2].toLowerCase()
  };
}
function verdictText(behavior2, id) {
  return `${behavior2 === "allow" ? "yes" : "no"} ${id}`;
}
function behavior(raw) {
  return raw === "allow" || raw === "deny" ? raw : void 0;
}

// lib/permission/request_message.ts
var MAX_DESCRIPTION = 2e3;
var MAX_PREVIEW = 2e3;
function parseRequestParams(params) {
  const id = requestId(params.request_id);
  if (!id) return `request_id ${JSON.stringify(params.request_id)} is not 5 letters of a-z without l`;
  if (typeof params.tool_name !== "string" || params.tool_name.trim() === "") return "tool_name is missing";
  return {
    requestId: id,
    toolName: params.tool_name,
    description: typeof params.description === "string" ? params.description : "",
    inputPreview: typeof params.input_preview === "string" ? params.input_preview : ""
  };
}
function requestContent(request, facts) {
  const id = request.requestId;
  const who = facts.approver ? `"${facts.approver}"` : `a session of project "${facts.project}"`;
  return [
    `Permission request ${id} from "${facts.worker}": may it run the tool ${JSON.stringify(cut(request.toolName, 200))}?`,
    `Description (from ${facts.worker}'s model, untrusted): ${cut(request.description, MAX_DESCRIPTION) || "(none)"}`,
    `Input (untrusted): ${cut(request.inputPreview, MAX_PREVIEW) || "(none)"}`,
    "",
    `Answer with approve{request_id: "${id}"} or deny{request_id: "${id}"}, or dm "${facts.worker}" exactly "yes ${id}" or "no ${id}"; people answer with \`cc-dm approve ${id}\` or \`cc-dm deny ${id}\`.`,
    `Only the first answer from ${who} counts, until ${new Date(facts.expiresAt).toISOString()}. When unsure, ask your user before approving.`
  ].join("\n");
}
function requestMeta(request, facts) {
  return {
    request_id: request.requestId,
    tool_name: cut(request.toolName, MAX_META_VALUE_LENGTH),
    expires_at: new Date(facts.expiresAt).toISOString(),
    ...facts.approver ? {
      approver: facts.approver
    } : {}
  };
}
function factsFromMessage(m) {
  const id = requestId(m.meta.request_id);
  const expiresAt = Date.parse(m.meta.expires_at ?? "");
  if (m.messageType !== PERMISSION_REQUEST || !id || Number.isNaN(expiresAt)) return void 0;
  return {
    requestId: id,
    worker: m.from,
    project: m.fromProject,
    approver: m.meta.approver ?? null,
    expiresAt
  };
}
function cut(text, max) {
  return text.length > max ? `${text.slice(0, max)}\u2026` : text;
}

// lib/permission/verdict_rules.ts
function verdictRefusal(request, requestId2, sender, now) {
  if (!request) return `no permission request ${requestId2} is open in this session`;
  if (sender.name === request.worker) return `"${sender.name}" cannot answer its own permission request`;
  if (request.approver !== null) {
    if (sender.name !== request.approver) {
      return `"${sender.name}" is not the approver of request ${requestId2} (CC_DM_PERMISSION_APPROVER of "${request.worker}" is "${request.approver}")`;
    }
  } else if (request.project === "" || sender.project !== request.project) {
    return `"${sender.name}" (project "${sender.project || "(none)"}") is not in project "${request.project || "(none)"}" of "${request.worker}", and only sessions of that project may answer its requests`;
  }
  if (request.answered) {
    return `request ${requestId2} was already answered (${request.answered.behavior} by "${request.answered.by}", message ${request.answered.messageId}); only the first verdict counts`;
  }
  if (now >= request.expiresAt) {
    return `request ${requestId2} expired at ${new Date(request.expiresAt).toISOString()}`;
  }
  return void 0;
}
function bindingRefusal(request, verdict) {
  const requestMessage = request.messageId ?? null;
  if (requestMessage !== null) {
    if (verdict.typed && verdict.inReplyTo !== String(requestMessage)) {
      return `the verdict answers message ${verdict.inReplyTo ?? "(none)"}, not request message ${requestMessage} (an earlier request with the same id?)`;
    }
    if (!verdict.typed && verdict.id < requestMessage) {
      return `the verdict (message ${verdict.id}) is older than request message ${requestMessage}`;
    }
  }
  if (request.approverInstance && verdict.fromInstance !== request.approverInstance) {
    return `it was not sent by the session that held the name "${request.approver}" when request ${request.requestId} was relayed (a name taken over later cannot answer)`;
  }
  return void 0;
}

// lib/permission/answer_request.ts
var SEARCH_DEPTH = 2e3;
async function answerRequest(bus, you, answer, now, policy, cli) {
  const id = requestId(answer.requestId);
  if (!id) {
    throw new CcDmError(`Invalid request id ${JSON.stringify(answer.requestId)}: it is 5 letters of a-z without l, e.g. abcde`, 1, "Copy request_id from the permission request.");
  }
  const worker = answer.worker === void 0 ? void 0 : normalizeName(answer.worker, "worker name");
  const request = await findRequest(bus, you, id, now, worker);
  const facts = factsFromMessage(request);
  const refusal = verdictRefusal(facts, id, {
    name: you.name,
    project: you.project
  }, now);
  if (refusal) throw new CcDmError(`Cannot answer permission request ${id}: ${refusal}; nothing was sent`, 1);
  const row = await bus.session(facts.worker);
  if (!row?.online) {
    throw new CcDmError(`Cannot answer permission request ${id}: "${facts.worker}" is offline, and its request ended with it; nothing was sent`, 1);
  }
  const receipt = await sendDm(bus, you, {
    to: facts.worker,
    content: verdictText(answer.behavior, id),
    internalType: VERDICT,
    inReplyTo: String(request.id),
    meta: {
      request_id: id,
      behavior: answer.behavior
    }
  }, policy, cli);
  return {
    receipt,
    worker: facts.worker,
    requestId: id,
    behavior: answer.behavior
  };
}
async function findRequest(bus, you, id, now, worker) {
  const history = await bus.history({
    limit: SEARCH_DEPTH,
    session: worker
  });
  const newestByWorker = /* @__PURE__ */ new Map();
  let newestExpired;
  for (let i = history.length - 1; i >= 0; i--) {
    const m = history[i];
    if (m.messageType !== PERMISSION_REQUEST || m.meta.request_id !== id) continue;
    if (worker !== void 0 && m.from !== worker) continue;
    if (!reaches(you, {
      project: m.fromProject,
      kind: "claude"
    })) continue;
    const facts = factsFromMessage(m);
    if (!facts) continue;
    if (facts.expiresAt <= now) {
      newestExpired ??= m;
      continue;
    }
    if (!newestByWorker.has(m.from)) newestByWorker.set(m.from, m);
  }
  if (newestByWorker.size > 1) {
    const list = [
      ...newestByWorker.values()
    ].map((m) => `"${m.from}" (message ${m.id})`).join(", ");
    throw new CcDmError(`Cannot answer permission request ${id}: it is open in ${newestByWorker.size} sessions, ${list}; nothing was sent`, 1, "Name the session that asked: `to` in the tool, `--to SESSION` on the command line.");
  }
  const open = newestByWorker.values().next().value ?? newestExpired;
  if (open) return open;
  throw new NotFoundError(`No permission request ${id}${worker ? ` from "${worker}"` : ""} in reach on this bus; nothing was sent`, you.project ? `Requests of other projects are out of reach for project "${you.project}"; \`cc-dm tail\` shows recent requests.` : "`cc-dm tail` shows recent requests.");
}

export {
  PERMISSION_REQUEST,
  VERDICT,
  requestId,
  freeTextVerdict,
  behavior,
  parseRequestParams,
  requestContent,
  requestMeta,
  verdictRefusal,
  bindingRefusal,
  answerRequest
};
