import {
  CLI_PREFIX,
  content,
  label,
  messageType,
  normalizeName,
  priority,
  senderMeta,
  tag
} from "./chunk-38.js";
import {
  reaches
} from "./chunk-39.js";
import {
  CcDmError,
  InvalidInputError,
  NotFoundError
} from "./chunk-07.js";

// lib/access/access_error.ts
var AccessRefusedError = class extends CcDmError {
  constructor(message, hint) {
    super(message, 1, hint);
    this.name = "AccessRefusedError";
  }
};

// lib/access/sender_pattern.ts
function parsePatternList(raw, variable) {
  if (raw === void 0 || raw.trim() === "") return null;
  const patterns = [];
  for (const entry of raw.split(",")) {
    if (entry.trim() === "") continue;
    try {
      patterns.push(normalizePattern(entry));
    } catch (err) {
      throw new CcDmError(`Invalid ${variable} entry ${JSON.stringify(entry.trim())}: ${err.message}`, 2, "Use session names, role:<role> or project:<tag>, separated by commas, e.g. planner,role:lead");
    }
  }
  return patterns.length ? [
    ...new Set(patterns)
  ] : null;
}
function normalizePattern(entry) {
  const value = entry.trim().toLowerCase();
  for (const kind of [
    "role",
    "project"
  ]) {
    if (value.startsWith(`${kind}:`)) {
      const tag2 = tag(value.slice(kind.length + 1), kind);
      if (tag2 === "") throw new Error(`${kind}: needs a value`);
      return `${kind}:${tag2}`;
    }
  }
  return normalizeName(value);
}
function matchesPattern(pattern, party) {
  if (pattern.startsWith("role:")) return party.role === pattern.slice(5);
  if (pattern.startsWith("project:")) return party.project !== "" && party.project === pattern.slice(8);
  return party.name === pattern;
}
function firstMatch(patterns, party) {
  return patterns.find((p) => matchesPattern(p, party));
}

// lib/access/receiver_rules.ts
function receiverRulesFromEnv(env) {
  return {
    acceptFrom: parsePatternList(env.CC_DM_ACCEPT_FROM, "CC_DM_ACCEPT_FROM"),
    rejectFrom: parsePatternList(env.CC_DM_REJECT_FROM, "CC_DM_REJECT_FROM")
  };
}
function receiverRefusal(recipient, sender) {
  if (recipient.rejectFrom) {
    const hit = firstMatch(recipient.rejectFrom, sender);
    if (hit) {
      return `"${recipient.name}" refuses messages from "${sender.name}" (its CC_DM_REJECT_FROM: ${hit})`;
    }
  }
  if (recipient.acceptFrom && !firstMatch(recipient.acceptFrom, sender)) {
    return `"${recipient.name}" accepts messages only from ${recipient.acceptFrom.join(", ")} (its CC_DM_ACCEPT_FROM), not from "${sender.name}"`;
  }
  return void 0;
}

// lib/access/sender_policy.ts
var OPEN_POLICY = {
  broadcastRoles: null,
  dmAllow: null,
  dmBlock: null
};
function senderPolicyFromEnv(env) {
  const dmAllow = parsePatternList(env.CC_DM_DM_ALLOWLIST, "CC_DM_DM_ALLOWLIST");
  const dmBlock = parsePatternList(env.CC_DM_DM_BLOCKLIST, "CC_DM_DM_BLOCKLIST");
  if (dmAllow && dmBlock) {
    throw new CcDmError("CC_DM_DM_ALLOWLIST and CC_DM_DM_BLOCKLIST are both set: use one of them, not both", 2, "Keep CC_DM_DM_ALLOWLIST (only these recipients) or CC_DM_DM_BLOCKLIST (all but these) in the server's env.");
  }
  return {
    broadcastRoles: roleList(env.CC_DM_BROADCAST_ALLOWED_ROLES),
    dmAllow,
    dmBlock
  };
}
function roleList(raw) {
  if (raw === void 0 || raw.trim() === "") return null;
  const roles = raw.split(",").filter((r) => r.trim() !== "").map((r) => {
    try {
      return tag(r, "role");
    } catch (err) {
      throw new CcDmError(`Invalid CC_DM_BROADCAST_ALLOWED_ROLES entry: ${err.message}`, 2);
    }
  });
  return roles.length ? roles : null;
}
function broadcastRefusal(policy, sender) {
  if (!policy.broadcastRoles || policy.broadcastRoles.includes(sender.role)) return void 0;
  return `role "${sender.role}" may not broadcast: CC_DM_BROADCAST_ALLOWED_ROLES of this session allows only ${policy.broadcastRoles.join(", ")}`;
}
function recipientRefusal(policy, recipient) {
  if (policy.dmBlock) {
    const hit = firstMatch(policy.dmBlock, recipient);
    if (hit) return `CC_DM_DM_BLOCKLIST of this session blocks "${recipient.name}" (entry ${hit})`;
  }
  if (policy.dmAllow && !firstMatch(policy.dmAllow, recipient)) {
    return `"${recipient.name}" is not in CC_DM_DM_ALLOWLIST of this session (${policy.dmAllow.join(", ")})`;
  }
  return void 0;
}

// lib/mail/routing.ts
async function sendDm(bus, sender, request, policy = OPEN_POLICY, cli) {
  const to = normalizeName(request.to, "recipient name");
  if (to === sender.name) {
    throw new InvalidInputError(`Invalid recipient "${to}": that is you`, "Use `who` to see the other sessions.");
  }
  const fields = await messageFields(bus, request);
  const target = await bus.session(to);
  const own = recipientRefusal(policy, target ?? {
    name: to,
    role: "",
    project: ""
  });
  if (own) {
    throw new AccessRefusedError(`Cannot message "${to}": ${own}; nothing was sent`, "The user set this rule for this session; ask them if the message must go out.");
  }
  if (!target) {
    if (!request.queueForUnknown) {
      const known = await knownNames(bus, sender);
      const error = new NotFoundError(`No session named "${to}" has ever registered on this bus; nothing was sent`, `${known} Check the spelling, or queue it for a session that has not started yet (queue: true).`);
      error.cliHint = `${known} Check the spelling, or queue it for a session that has not started yet: cc-dm send ${to} --queue "..."`;
      throw error;
    }
  } else if (!reaches(sender, target)) {
    throw new InvalidInputError(`Cannot message "${to}": it is in project "${target.project || "(none)"}" and you are in project "${sender.project}"; nothing was sent`, "A session with a project tag reaches only its own project.");
  } else {
    const theirs = receiverRefusal(target, sender);
    if (theirs) {
      throw new AccessRefusedError(`Cannot message "${to}": ${theirs}; nothing was sent`, "The recipient chose whom it accepts; reach it through a session it accepts, or ask its user.");
    }
  }
  const message = await store(bus, {
    ...fields,
    from: sender.name,
    fromRole: sender.role,
    fromProject: sender.project,
    to,
    recipients: [
      to
    ]
  }, cli, request.wake);
  const live = target !== void 0 && target.online;
  return {
    message,
    live: live ? [
      to
    ] : [],
    queued: live ? [] : [
      to
    ],
    refused: [],
    routes: live ? {
      [to]: routeOf(target)
    } : {}
  };
}
async function sendBroadcast(bus, sender, request, policy = OPEN_POLICY, cli) {
  const own = broadcastRefusal(policy, sender);
  if (own) {
    throw new AccessRefusedError(`Cannot broadcast: ${own}; nothing was sent`, "Message the sessions one by one with dm, or ask the user.");
  }
  const fields = await messageFields(bus, request);
  const reachable = (await bus.sessions()).filter((s) => s.kind === "claude" && s.name !== sender.name && reaches(sender, s) && s.online).sort((a, b) => a.name.localeCompare(b.name));
  const recipients = [];
  const refused = [];
  for (const s of reachable) {
    const reason = recipientRefusal(policy, s) ?? receiverRefusal(s, sender);
    if (reason) refused.push({
      name: s.name,
      reason
    });
    else recipients.push(s.name);
  }
  const message = await store(bus, {
    ...fields,
    from: sender.name,
    fromRole: sender.role,
    fromProject: sender.project,
    to: null,
    recipients
  }, cli, request.wake);
  const routes = Object.fromEntries(reachable.filter((s) => recipients.includes(s.name)).map((s) => [
    s.name,
    routeOf(s)
  ]));
  return {
    message,
    live: recipients,
    queued: [],
    refused,
    routes
  };
}
function store(bus, msg, cli, wake) {
  return cli ? bus.insertCliMessage(msg, cli) : bus.insertMessage(msg, {
    wake
  });
}
function routeOf(row) {
  return row.kind === "cli" ? "inbox" : row.delivery;
}
async function messageFields(bus, request) {
  const content2 = content(request.content);
  const inReplyTo = label(request.inReplyTo, "in_reply_to");
  let threadId = label(request.threadId, "thread_id") ?? null;
  if (inReplyTo !== void 0 && threadId === null) {
    const parentId = Number(inReplyTo);
    const parent = Number.isSafeInteger(parentId) ? await bus.message(parentId) : void 0;
    threadId = parent?.threadId ?? inReplyTo;
  }
  return {
    content: content2,
    priority: priority(request.priority),
    messageType: request.internalType ?? messageType(request.messageType ?? (inReplyTo !== void 0 ? "reply" : void 0)),
    threadId,
    inReplyTo: inReplyTo ?? null,
    meta: senderMeta(request.meta, {
      relay: request.internalType !== void 0 || request.relayMeta === true
    })
  };
}
async function knownNames(bus, sender) {
  const sessions = (await bus.sessions()).filter((s) => s.name !== sender.name && reaches(sender, s));
  const names = sessions.filter((s) => s.kind === "claude").map((s) => s.name);
  const registered = new Set(sessions.map((s) => s.name));
  const queuedFor = (await bus.queuedMail()).map((m) => m.recipient).filter((n) => !registered.has(n) && n !== sender.name && reaches(sender, {
    project: "",
    kind: n.startsWith(CLI_PREFIX) ? "cli" : "claude"
  }));
  const parts = [];
  if (names.length) parts.push(`Known sessions: ${names.join(", ")}.`);
  if (queuedFor.length) parts.push(`Mail is queued for (not started yet): ${queuedFor.join(", ")}.`);
  return parts.length ? parts.join(" ") : "No other sessions are known yet.";
}

export {
  receiverRulesFromEnv,
  senderPolicyFromEnv,
  sendDm,
  sendBroadcast
};
