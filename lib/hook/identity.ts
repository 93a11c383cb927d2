import { type Bus, isPulled, type SessionRow } from "../bus/bus.ts";
import { parentOf } from "../process_info.ts";

/** What a hook knows about the Claude Code session that ran it. */
export interface HookSession {
  /** Claude Code session ids: the hook input's `session_id`, then `CLAUDE_CODE_SESSION_ID`. */
  sessionIds: string[];
  /** `CLAUDE_PID`: the Claude Code process (its MCP servers are its children). */
  claudePid: number | null;
  /** `CC_DM_SESSION_NAME` inherited from Claude Code's environment. */
  envName: string | null;
}

/** How far up from a channel process Claude Code may sit (a launcher script, `timeout`, ...). */
const ANCESTOR_DEPTH = 3;

/**
 * The live cc-dm session (a `cc-dm channel` row) that belongs to the Claude Code session of a
 * hook, or null. Matched by, in order: the Claude session id the channel recorded; the channel
 * process being a child of Claude Code (`CLAUDE_PID`; after `/clear` the session id changes
 * but the channel stays); `CC_DM_SESSION_NAME`, when that row was not started by another
 * Claude Code session. Offline rows, CLI members and other sessions' rows never match.
 */
export async function findHookIdentity(bus: Bus, who: HookSession): Promise<SessionRow | null> {
  const live = (await bus.sessions()).filter((row) => row.kind === "claude" && row.online);
  if (live.length === 0) return null;
  const byId = pick(
    live.filter((row) => row.claudeSessionId !== null && who.sessionIds.includes(row.claudeSessionId)),
  );
  if (byId) return byId;
  const child = who.claudePid === null ? [] : live.filter((row) => descendsFrom(row.pid, who.claudePid!));
  const byPid = child.find((row) => row.name === who.envName) ?? pick(child);
  if (byPid) return byPid;
  if (who.envName) {
    const row = live.find((r) => r.name === who.envName);
    if (row && (row.claudeSessionId === null || child.includes(row))) return row;
  }
  return null;
}

/** The hook's view of its session, from its environment and stdin. */
export function hookSession(
  env: Readonly<Record<string, string | undefined>>,
  inputSessionId: string | null,
): HookSession {
  const ids = [inputSessionId, env.CLAUDE_CODE_SESSION_ID?.trim() || null].filter((id): id is string => !!id);
  const pid = Number(env.CLAUDE_PID);
  return {
    sessionIds: [...new Set(ids)],
    claudePid: Number.isInteger(pid) && pid > 1 ? pid : null,
    envName: env.CC_DM_SESSION_NAME?.trim() || null,
  };
}

/** Several names for one session (two cc-dm servers): the pulling one, then the newest. */
function pick(rows: SessionRow[]): SessionRow | null {
  if (rows.length <= 1) return rows[0] ?? null;
  return [...rows].sort((a, b) =>
    (isPulled(a.delivery) ? 0 : 1) - (isPulled(b.delivery) ? 0 : 1) || b.startedAt - a.startedAt
  )[0];
}

/**
 * Every name `findHookIdentity` could ever pick for `who` without a session registering again:
 * rows matched by session id, by process or by CC_DM_SESSION_NAME, live or not, and that name
 * itself (mail may be queued for it before it registers). The "no mail" marker vouches for these.
 */
export function candidateNames(rows: readonly SessionRow[], who: HookSession): string[] {
  const names = new Set<string>(who.envName ? [who.envName] : []);
  for (const row of rows) {
    const byId = row.claudeSessionId !== null && who.sessionIds.includes(row.claudeSessionId);
    const byPid = who.claudePid !== null && descendsFrom(row.pid, who.claudePid);
    if (byId || byPid || row.name === who.envName) names.add(row.name);
  }
  return [...names].sort();
}

function descendsFrom(pid: number | null, ancestor: number): boolean {
  let current = pid;
  for (let depth = 0; depth < ANCESTOR_DEPTH && current !== null && current > 1; depth++) {
    current = parentOf(current);
    if (current === ancestor) return true;
  }
  return false;
}
