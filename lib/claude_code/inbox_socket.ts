import { join } from "node:path";
import type { Env } from "../paths.ts";
import { asObject, objectOf, readJsonFile } from "./json_file.ts";
import { liveSessionsDir, userSettingsPath } from "./paths.ts";

// The session's inbox socket (docs/delivery.md): every MCP server Claude Code starts gets
// CLAUDE_CODE_MESSAGING_SOCKET, and the sessions file `~/.claude/sessions/<pid>.json` names the
// same path as `messagingSocketPath`. One JSON line `{"type":"user","message":{...}}` written to it
// starts a turn in an idle session, or reaches a busy one right after its running tool. Nothing
// is written back: the transcript is the only receipt.

/** What `~/.claude/sessions/<pid>.json` says about a running session. */
export interface LiveSessionFile {
  sessionId: string | null;
  cwd: string | null;
  socket: string | null;
  /** Claude Code's own word for what the session is doing (`idle`, `busy`, ...), if present. */
  status: string | null;
}

/** Read the sessions file of Claude Code process `pid`; null when it does not exist (yet). */
export function readLiveSession(env: Env, pid: number): LiveSessionFile | null {
  const file = readJsonFile(join(liveSessionsDir(env), `${pid}.json`));
  if (file.state !== "ok") return null;
  const v = asObject(file.value);
  const str = (x: unknown) => (typeof x === "string" && x !== "" ? x : null);
  return {
    sessionId: str(v.sessionId),
    cwd: str(v.cwd),
    socket: str(v.messagingSocketPath),
    status: str(v.status),
  };
}

export type SocketGate = { open: true; path: string } | { open: false; reason: string; fix?: string };

/** The value of `crossSessionInbound` that applies: managed, then local, project, user settings. */
export function crossSessionInbound(
  env: Env,
  projectDir: string | null,
  managed: Record<string, unknown>,
): string {
  const layers: Record<string, unknown>[] = [
    managed,
    ...(projectDir
      ? [
        objectOf(readJsonFile(join(projectDir, ".claude", "settings.local.json"))),
        objectOf(readJsonFile(join(projectDir, ".claude", "settings.json"))),
      ]
      : []),
    objectOf(readJsonFile(userSettingsPath(env))),
  ];
  for (const layer of layers) {
    if (typeof layer.crossSessionInbound === "string") return layer.crossSessionInbound;
  }
  return "accept";
}

/**
 * Whether writing to the inbox socket reaches the model: the socket is known and none of
 * Claude Code's switches turns it off or holds messages for the human.
 */
export function inboxSocketGate(
  env: Env,
  claudeArgv: string[] | null,
  live: LiveSessionFile | null,
  projectDir: string | null,
  managed: Record<string, unknown>,
): SocketGate {
  if (env.CLAUDE_CODE_HARBOR_KITE === "0") {
    return { open: false, reason: "CLAUDE_CODE_HARBOR_KITE=0 turns Claude Code's inbox socket off" };
  }
  if (env.CLAUDE_CODE_SIMPLE || (claudeArgv ?? []).includes("--bare")) {
    return { open: false, reason: "Claude Code runs in bare mode (no inbox socket)" };
  }
  if (managed.messagingBeyondOwnAgentsDisabled === true) {
    return { open: false, reason: "managed settings set messagingBeyondOwnAgentsDisabled" };
  }
  const inbound = crossSessionInbound(env, projectDir, managed);
  if (inbound === "hold" || inbound === "refuse") {
    return {
      open: false,
      reason: `crossSessionInbound is "${inbound}": Claude Code ${
        inbound === "hold" ? "holds peer messages for the human" : "drops peer messages"
      }`,
      fix: 'set "crossSessionInbound": "accept" in ~/.claude/settings.json (or remove it)',
    };
  }
  const path = env.CLAUDE_CODE_MESSAGING_SOCKET?.trim() || live?.socket;
  if (!path) return { open: false, reason: "Claude Code gave no inbox socket (older than 2.1.224?)" };
  return { open: true, path };
}

const encoder = new TextEncoder();

/**
 * Write one frame (a JSON line) to the inbox socket and close. Throws when the socket cannot
 * be reached; success means only that Claude Code read the bytes, not that it showed them.
 */
export async function writeInboxFrame(
  path: string,
  frame: Record<string, unknown>,
  timeoutMs = 2000,
): Promise<void> {
  const line = encoder.encode(JSON.stringify(frame) + "\n");
  const conn = await withTimeout(Deno.connect({ transport: "unix", path }), timeoutMs, path);
  try {
    let written = 0;
    while (written < line.length) {
      written += await withTimeout(conn.write(line.subarray(written)), timeoutMs, path);
    }
  } finally {
    try {
      conn.close();
    } catch {
      // already closed by the peer
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, path: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`inbox socket ${path} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
