import { engineFor } from "../lib/bus/engines.ts";
import { findHookIdentity, hookSession } from "../lib/hook/identity.ts";
import { parseHookInput } from "../lib/hook/hook_input.ts";
import { reaches } from "../lib/access/project_scope.ts";
import type { Io } from "./io.ts";

export const usage =
  `cc-dm statusline: one line about this session's cc-dm mail, for Claude Code's status line

Usage: cc-dm statusline        (Claude Code runs it, with its status line JSON on stdin)

Prints this session's cc-dm name, how it gets mail (events / inbox), how many messages wait
for it and how many other sessions are live in its reach:

  cc-dm backend · events · 2 unread · 3 peers

Install it with cc-dm setup --statusline (it never replaces a status line you have). Always
exits 0 and prints nothing when something is wrong (no bus, a locked one): a status line must
never show an error.

Examples:
  echo '{"session_id":"..."}' | cc-dm statusline
`;

/** Claude Code's status line JSON is small; more than this is not it. */
const MAX_INPUT_BYTES = 64 * 1024;

export async function run(argv: string[], io: Io): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout(usage);
    return 0;
  }
  try {
    const line = await statusLine(io.stdinIsTty ? "" : await readSome(io.stdin), io.env);
    if (line) io.stdout(line + "\n");
  } catch {
    // Silent by design: Claude Code shows stdout as is.
  }
  return 0;
}

/** The line for the session of `input` (Claude Code's status line JSON); "" when there is none. */
export async function statusLine(
  input: string,
  env: Record<string, string | undefined>,
): Promise<string> {
  const engine = engineFor(env);
  if (!(await engine.exists())) return ""; // no cc-dm session ever ran here
  const bus = await engine.open({ mustExist: true });
  try {
    const who = hookSession(env, parseHookInput(input).sessionId);
    const row = await findHookIdentity(bus, who);
    if (!row) return "cc-dm: not registered";
    const [sessions, mail] = await Promise.all([bus.sessions(), bus.queuedMail()]);
    const unread = mail.find((m) => m.recipient === row.name)?.count ?? 0;
    const peers = sessions.filter((s) =>
      s.kind === "claude" && s.name !== row.name && reaches(row, s) && s.online
    ).length;
    return [
      `cc-dm ${row.name}`,
      row.delivery,
      `${unread} unread`,
      `${peers} peer${peers === 1 ? "" : "s"}`,
    ].join(" · ");
  } finally {
    await bus.close();
  }
}

async function readSome(stream: ReadableStream<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
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
