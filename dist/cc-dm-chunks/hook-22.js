import {
  busyHook
} from "./chunk-58.js";
import "./chunk-59.js";
import {
  parseHookInput
} from "./chunk-50.js";
import "./chunk-51.js";
import "./chunk-40.js";
import "./chunk-41.js";
import "./chunk-42.js";
import "./chunk-06.js";
import "./chunk-43.js";
import "./chunk-44.js";
import "./chunk-45.js";
import {
  errorText
} from "./chunk-07.js";

// cmd/hook.ts
import { parseArgs } from "node:util";

// lib/hook/hook_event.ts
var HOOK_EVENTS = [
  "SessionStart",
  "UserPromptSubmit",
  "PostToolUse",
  "Stop",
  "Notification"
];
function kebabName(event) {
  return event.replace(/[A-Z]/g, (c, i) => (i ? "-" : "") + c.toLowerCase());
}
function parseHookEvent(name) {
  const wanted = name.trim().toLowerCase().replaceAll("-", "").replaceAll("_", "");
  return HOOK_EVENTS.find((event) => event.toLowerCase() === wanted) ?? null;
}

// cmd/hook.ts
var usage = `cc-dm hook: deliver cc-dm messages through Claude Code hooks

Usage: cc-dm hook [EVENT] [--wait] [--timeout SECONDS]

Claude Code runs this, not you: the plugin ships the hooks, or "cc-dm setup --hooks" adds them
to ~/.claude/settings.json. It reads the hook's JSON on stdin, finds the cc-dm name of the
session that ran it (Claude Code's session id, then its process, then CC_DM_SESSION_NAME) and
shows that name's unread messages, each once, whichever way (channel, hook, inbox) comes first:

  user-prompt-submit   with the prompt, as additionalContext
  post-tool-use        with the tool result, as additionalContext (a busy session)
  session-start        as additionalContext at start; with --wait like stop
  stop --wait          while the session is idle, waits for a message and wakes the session
                       (messages on stderr, exit 2); configure it with "asyncRewake": true
  notification         no messages: records that a permission dialog or question waits

Each run also records what the session is doing (busy, idle, waiting) for cc-dm who / wait.

EVENT is one of ${HOOK_EVENTS.map(kebabName).join(", ")} (or Claude Code's own spelling,
e.g. PostToolUse); without it, the hook_event_name of the input is used.

Options:
  --wait             wait for mail (asyncRewake hooks: stop, session-start)
  --timeout SECONDS  the hook's "timeout" in the settings; --wait gives up a little before it
                     (default 600)
  -h, --help         this help

Environment:
  CC_DM_POLL_MS      how often a waiting hook looks even without a wake-up (default 5000)
  CC_DM_HOOK_DEBUG   1: say on stderr why a hook failed (it still exits 0)

Examples:
  echo '{"session_id":"..."}' | cc-dm hook post-tool-use
  cc-dm hook stop --wait --timeout 86400

Exit codes: 0 done (any output on stdout), 2 messages on stderr (Claude Code wakes the session),
1 bad usage. A broken, locked or missing bus is exit 0 with no output: a hook never blocks work.
`;
var DEFAULT_TIMEOUT_S = 600;
async function run(argv, io) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        wait: {
          type: "boolean",
          default: false
        },
        timeout: {
          type: "string"
        },
        help: {
          type: "boolean",
          short: "h"
        }
      },
      strict: true,
      allowPositionals: true
    });
  } catch (err) {
    return usageFailure(io, errorText(err));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(usage);
    return 0;
  }
  if (positionals.length > 1) {
    return usageFailure(io, `unexpected argument ${JSON.stringify(positionals[1])}`);
  }
  const timeoutS = values.timeout === void 0 ? DEFAULT_TIMEOUT_S : Number(values.timeout);
  if (!(Number.isFinite(timeoutS) && timeoutS > 0)) {
    return usageFailure(io, `--timeout ${JSON.stringify(values.timeout)} is not a number of seconds above 0`);
  }
  let result;
  try {
    const input = parseHookInput(io.stdinIsTty ? "" : await readAll(io.stdin));
    const named = positionals[0] ?? input.eventName;
    const event = named ? parseHookEvent(named) : null;
    if (!event) {
      return usageFailure(io, named ? `${JSON.stringify(named)} is not a hook event cc-dm handles: use ${HOOK_EVENTS.map(kebabName).join(", ")}` : "no hook event: name one, or pipe the hook input JSON with hook_event_name");
    }
    const request = {
      event,
      wait: values.wait && (event === "Stop" || event === "SessionStart"),
      timeoutMs: timeoutS * 1e3,
      input,
      env: io.env
    };
    result = request.wait ? await (await import("./rewake-60.js")).rewakeHook(request, {
      pollMs: pollMs(io.env.CC_DM_POLL_MS)
    }) : await busyHook(request);
  } catch (err) {
    if (io.env.CC_DM_HOOK_DEBUG) io.stderr(`cc-dm hook: ${errorText(err)}
`);
    return 0;
  }
  if (!result.stdout && !result.stderr) {
    await result.commit().catch(() => {
    });
    return 0;
  }
  try {
    if (result.stdout) io.stdout(result.stdout);
    if (result.stderr) io.stderr(result.stderr);
  } catch {
    result.abandon();
    return 0;
  }
  await result.commit().catch(() => {
  });
  return result.wake ? 2 : 0;
}
function pollMs(raw) {
  const ms = Number(raw?.trim());
  return raw?.trim() && Number.isInteger(ms) && ms >= 10 && ms <= 6e4 ? ms : void 0;
}
function usageFailure(io, message) {
  io.stderr(`Error: ${message}
Try: cc-dm hook --help
`);
  return 1;
}
async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return new TextDecoder().decode(bytes);
}
export {
  run,
  usage
};
