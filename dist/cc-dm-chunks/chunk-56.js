import {
  NO_MAIL_CHECK
} from "./chunk-41.js";

// lib/hook/hook_config.ts
var WAIT_TIMEOUT_S = 86400;
var BUSY_TIMEOUT_S = 10;
var HOOK_SPECS = [
  // Idle at start (not after a compaction, which can happen mid-turn): wait for mail.
  {
    event: "SessionStart",
    matcher: "startup|resume|clear",
    args: [
      "hook",
      "session-start",
      "--wait",
      "--timeout",
      String(WAIT_TIMEOUT_S)
    ],
    timeout: WAIT_TIMEOUT_S,
    asyncRewake: true
  },
  {
    event: "UserPromptSubmit",
    args: [
      "hook",
      "user-prompt-submit"
    ],
    timeout: BUSY_TIMEOUT_S
  },
  {
    event: "PostToolUse",
    matcher: "*",
    args: [
      "hook",
      "post-tool-use"
    ],
    timeout: BUSY_TIMEOUT_S
  },
  {
    event: "Stop",
    args: [
      "hook",
      "stop",
      "--wait",
      "--timeout",
      String(WAIT_TIMEOUT_S)
    ],
    timeout: WAIT_TIMEOUT_S,
    asyncRewake: true
  },
  // State only: a permission dialog or a question waits for the user (`who` shows waiting).
  {
    event: "Notification",
    matcher: "permission_prompt|elicitation_dialog",
    args: [
      "hook",
      "notification"
    ],
    timeout: BUSY_TIMEOUT_S
  }
];
function hookGroup(spec, command) {
  const hook = {
    type: "command",
    command: command(spec.args),
    timeout: spec.timeout
  };
  if (spec.asyncRewake) hook.asyncRewake = true;
  return spec.matcher === void 0 ? {
    hooks: [
      hook
    ]
  } : {
    matcher: spec.matcher,
    hooks: [
      hook
    ]
  };
}
function withNoMailCheck(args, command) {
  const busy = args.length === 2 && args[0] === "hook" && (args[1] === "post-tool-use" || args[1] === "user-prompt-submit");
  return busy ? `${NO_MAIL_CHECK}; exec ${command}` : command;
}
function isCcDmHookCommand(command) {
  return /(^|[\s\/\\'"])(cc-dm(\.exe)?|main\.ts|cc-dm\.js)['"]?\s+hook(\s|$)/.test(command);
}

export {
  HOOK_SPECS,
  hookGroup,
  withNoMailCheck,
  isCcDmHookCommand
};
