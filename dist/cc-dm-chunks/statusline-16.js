import {
  parseHookInput
} from "./chunk-50.js";
import {
  findHookIdentity,
  hookSession
} from "./chunk-51.js";
import {
  reaches
} from "./chunk-39.js";
import {
  engineFor
} from "./chunk-40.js";
import "./chunk-41.js";
import "./chunk-42.js";
import "./chunk-06.js";
import "./chunk-43.js";
import "./chunk-44.js";
import "./chunk-45.js";
import "./chunk-07.js";

// cmd/statusline.ts
var usage = `cc-dm statusline: one line about this session's cc-dm mail, for Claude Code's status line

Usage: cc-dm statusline        (Claude Code runs it, with its status line JSON on stdin)

Prints this session's cc-dm name, how it gets mail (events / inbox), how many messages wait
for it and how many other sessions are live in its reach:

  cc-dm backend \xB7 events \xB7 2 unread \xB7 3 peers

Install it with cc-dm setup --statusline (it never replaces a status line you have). Always
exits 0 and prints nothing when something is wrong (no bus, a locked one): a status line must
never show an error.

Examples:
  echo '{"session_id":"..."}' | cc-dm statusline
`;
var MAX_INPUT_BYTES = 64 * 1024;
async function run(argv, io) {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout(usage);
    return 0;
  }
  try {
    const line = await statusLine(io.stdinIsTty ? "" : await readSome(io.stdin), io.env);
    if (line) io.stdout(line + "\n");
  } catch {
  }
  return 0;
}
async function statusLine(input, env) {
  const engine = engineFor(env);
  if (!await engine.exists()) return "";
  const bus = await engine.open({
    mustExist: true
  });
  try {
    const who = hookSession(env, parseHookInput(input).sessionId);
    const row = await findHookIdentity(bus, who);
    if (!row) return "cc-dm: not registered";
    const [sessions, mail] = await Promise.all([
      bus.sessions(),
      bus.queuedMail()
    ]);
    const unread = mail.find((m) => m.recipient === row.name)?.count ?? 0;
    const peers = sessions.filter((s) => s.kind === "claude" && s.name !== row.name && reaches(row, s) && s.online).length;
    return [
      `cc-dm ${row.name}`,
      row.delivery,
      `${unread} unread`,
      `${peers} peer${peers === 1 ? "" : "s"}`
    ].join(" \xB7 ");
  } finally {
    await bus.close();
  }
}
async function readSome(stream) {
  const chunks = [];
  let size = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > MAX_INPUT_BYTES) break;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(bytes);
}
export {
  run,
  statusLine,
  usage
};
