import {
  answerRequest
} from "./chunk-53.js";
import {
  cliSender
} from "./chunk-29.js";
import {
  isoTime
} from "./chunk-34.js";
import {
  withBus
} from "./chunk-36.js";
import {
  parseThenRun
} from "./chunk-37.js";
import {
  EXIT,
  EXIT_CODES
} from "./chunk-05.js";
import {
  UsageError
} from "./chunk-07.js";

// cmd/answer_command.ts
import { parseArgs } from "node:util";
function answerUsage(behavior) {
  const verb = behavior === "allow" ? "approve" : "deny";
  return `cc-dm ${verb}: ${behavior === "allow" ? "allow" : "refuse"} a tool call another session asked permission for

Usage: cc-dm ${verb} <request_id> [--from NAME] [--project TAG] [--to SESSION] [--json]

A session started with CC_DM_PERMISSION_RELAY=1 sends each tool permission prompt of its
Claude Code to its approver (CC_DM_PERMISSION_APPROVER, e.g. cli:alice) or, when it names
none, to the sessions of its project; \`cc-dm tail\` shows them ([permission_request]). This
finds request <request_id> in the history, checks you may answer it, and sends the verdict to
the session that asked, as cli:<you>. The session applies only the first verdict from its
approver (or from its project), before the request expires (5 minutes); a refusal comes back
as a message to you (\`cc-dm tail --session cli:<you>\`).

Options:
  --from NAME        answer as cli:NAME (default cli:$USER; env CC_DM_FROM)
  --project TAG      your project tag (env CC_DM_SESSION_PROJECT); needed when the session
                     names no approver: only its project may answer
  --to SESSION       the session that asked, when the id alone is ambiguous
  --json             print the result as one JSON object
  -h, --help         this help

Examples:
  cc-dm tail --no-follow -n 5
  cc-dm ${verb} abcde --from alice
  cc-dm ${verb} abcde --project web --to backend

${EXIT_CODES}
`;
}
function parseAnswer(behavior, argv, io) {
  const verb = behavior === "allow" ? "approve" : "deny";
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      from: {
        type: "string"
      },
      project: {
        type: "string"
      },
      to: {
        type: "string"
      },
      json: {
        type: "boolean"
      },
      help: {
        type: "boolean",
        short: "h"
      }
    },
    strict: true,
    allowPositionals: true
  });
  if (values.help) return null;
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length ? `cc-dm ${verb}: one request id, got ${positionals.length}` : `cc-dm ${verb}: missing the request id`, `cc-dm ${verb} abcde --from alice`);
  }
  return {
    behavior,
    requestId: positionals[0],
    sender: cliSender(io, values),
    worker: values.to,
    json: !!values.json
  };
}
function answerCommand(behavior) {
  return parseThenRun(answerUsage(behavior), (argv, io) => parseAnswer(behavior, argv, io), runAnswer);
}
async function runAnswer(options, io) {
  const { behavior, sender } = options;
  const sent = await withBus(io, {
    mustExist: true
  }, async (bus) => {
    return await answerRequest(bus, sender, {
      requestId: options.requestId,
      behavior,
      worker: options.worker
    }, Date.now(), void 0, {
      cwd: io.cwd,
      host: Deno.hostname()
    });
  });
  const m = sent.receipt.message;
  io.stdout(options.json ? JSON.stringify({
    request_id: sent.requestId,
    behavior,
    from: sender.name,
    to: sent.worker,
    message_id: m.id,
    thread_id: m.threadId,
    sent_at: isoTime(m.createdAt)
  }) + "\n" : `sent ${behavior} for ${sent.requestId} to ${sent.worker} (message ${m.id})
`);
  return EXIT.ok;
}

export {
  answerUsage,
  answerCommand
};
