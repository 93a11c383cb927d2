import {
  asObject,
  liveSessionsDir,
  managedSettingsDir,
  objectOf,
  readJsonFile,
  userSettingsPath
} from "./chunk-49.js";

// lib/claude_code/managed_settings.ts
import { join } from "node:path";
function readManagedSettings(env) {
  const dir = managedSettingsDir(env);
  const paths = [
    join(dir, "managed-settings.json")
  ];
  const dropIns = join(dir, "managed-settings.d");
  try {
    const names = [
      ...Deno.readDirSync(dropIns)
    ].filter((e) => e.isFile && e.name.endsWith(".json") && !e.name.startsWith(".")).map((e) => e.name).sort();
    paths.push(...names.map((n) => join(dropIns, n)));
  } catch {
  }
  const result = {
    dir,
    files: [],
    layers: [],
    merged: {},
    problems: []
  };
  for (const path of paths) {
    const file = readJsonFile(path);
    if (file.state === "absent") continue;
    result.files.push(path);
    if (file.state === "invalid") {
      result.problems.push({
        path,
        reason: file.reason
      });
      continue;
    }
    const layer = objectOf(file);
    result.layers.push(layer);
    Object.assign(result.merged, layer);
  }
  return result;
}

// lib/claude_code/running_sessions.ts
import { join as join2 } from "node:path";
function runningSessions(env) {
  const dir = liveSessionsDir(env);
  let names;
  try {
    names = [
      ...Deno.readDirSync(dir)
    ].filter((e) => /^\d+\.json$/.test(e.name)).map((e) => e.name);
  } catch {
    return [];
  }
  const sessions = [];
  for (const name of names) {
    const pid = Number(name.slice(0, -".json".length));
    const argv = commandLine(pid);
    if (argv === void 0) continue;
    const info = asObject(objectOf(readJsonFile(join2(dir, name))));
    sessions.push({
      pid,
      cwd: typeof info.cwd === "string" ? info.cwd : "",
      argv
    });
  }
  return sessions.sort((a, b) => a.pid - b.pid);
}
function commandLine(pid) {
  if (Deno.build.os !== "linux") return null;
  try {
    const raw = Deno.readTextFileSync(`/proc/${pid}/cmdline`);
    return raw.split("\0").filter((a, i, all) => a !== "" || i < all.length - 1);
  } catch {
    return void 0;
  }
}
var CHANNEL_FLAGS = [
  "--channels",
  "--dangerously-load-development-channels"
];
function channelFlagValues(argv) {
  const values = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const flag = CHANNEL_FLAGS.find((f) => arg === f || arg.startsWith(`${f}=`));
    if (!flag) continue;
    if (arg.includes("=")) {
      values.push(...arg.slice(arg.indexOf("=") + 1).split(","));
      continue;
    }
    while (i + 1 < argv.length && !argv[i + 1].startsWith("-")) values.push(...argv[++i].split(","));
  }
  return values.map((v) => v.trim()).filter(Boolean);
}

// lib/claude_code/inbox_socket.ts
import { join as join3 } from "node:path";
function readLiveSession(env, pid) {
  const file = readJsonFile(join3(liveSessionsDir(env), `${pid}.json`));
  if (file.state !== "ok") return null;
  const v = asObject(file.value);
  const str = (x) => typeof x === "string" && x !== "" ? x : null;
  return {
    sessionId: str(v.sessionId),
    cwd: str(v.cwd),
    socket: str(v.messagingSocketPath),
    status: str(v.status)
  };
}
function crossSessionInbound(env, projectDir, managed) {
  const layers = [
    managed,
    ...projectDir ? [
      objectOf(readJsonFile(join3(projectDir, ".claude", "settings.local.json"))),
      objectOf(readJsonFile(join3(projectDir, ".claude", "settings.json")))
    ] : [],
    objectOf(readJsonFile(userSettingsPath(env)))
  ];
  for (const layer of layers) {
    if (typeof layer.crossSessionInbound === "string") return layer.crossSessionInbound;
  }
  return "accept";
}
function inboxSocketGate(env, claudeArgv, live, projectDir, managed) {
  if (env.CLAUDE_CODE_HARBOR_KITE === "0") {
    return {
      open: false,
      reason: "CLAUDE_CODE_HARBOR_KITE=0 turns Claude Code's inbox socket off"
    };
  }
  if (env.CLAUDE_CODE_SIMPLE || (claudeArgv ?? []).includes("--bare")) {
    return {
      open: false,
      reason: "Claude Code runs in bare mode (no inbox socket)"
    };
  }
  if (managed.messagingBeyondOwnAgentsDisabled === true) {
    return {
      open: false,
      reason: "managed settings set messagingBeyondOwnAgentsDisabled"
    };
  }
  const inbound = crossSessionInbound(env, projectDir, managed);
  if (inbound === "hold" || inbound === "refuse") {
    return {
      open: false,
      reason: `crossSessionInbound is "${inbound}": Claude Code ${inbound === "hold" ? "holds peer messages for the human" : "drops peer messages"}`,
      fix: 'set "crossSessionInbound": "accept" in ~/.claude/settings.json (or remove it)'
    };
  }
  const path = env.CLAUDE_CODE_MESSAGING_SOCKET?.trim() || live?.socket;
  if (!path) return {
    open: false,
    reason: "Claude Code gave no inbox socket (older than 2.1.224?)"
  };
  return {
    open: true,
    path
  };
}
var encoder = new TextEncoder();
async function writeInboxFrame(path, frame, timeoutMs = 2e3) {
  const line = encoder.encode(JSON.stringify(frame) + "\n");
  const conn = await withTimeout(Deno.connect({
    transport: "unix",
    path
  }), timeoutMs, path);
  try {
    let written = 0;
    while (written < line.length) {
      written += await withTimeout(conn.write(line.subarray(written)), timeoutMs, path);
    }
  } finally {
    try {
      conn.close();
    } catch {
    }
  }
}
function withTimeout(promise, ms, path) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`inbox socket ${path} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([
    promise,
    timeout
  ]).finally(() => clearTimeout(timer));
}

export {
  readManagedSettings,
  runningSessions,
  channelFlagValues,
  readLiveSession,
  crossSessionInbound,
  inboxSocketGate,
  writeInboxFrame
};
