import type { Bus, DeliveryRoute, SessionRow, SessionState } from "../bus/bus.ts";
import { CLI_PREFIX } from "../mail/input_limits.ts";
import { reaches } from "../access/project_scope.ts";

/** One line of `who`: a session with its liveness and waiting mail. */
export interface RosterEntry {
  name: string;
  role: string;
  project: string;
  kind: "claude" | "cli";
  live: boolean;
  pid: number | null;
  cwd: string;
  /** Machine it runs on, as it said when it took the name; null if never registered. */
  host: string | null;
  /** The database user the engine vouches for as its holder (PostgreSQL); null locally. */
  user: string | null;
  lastSeen: number;
  /** False for a name with queued mail that no session has ever registered (sent with queue). */
  registered: boolean;
  /** How it gets mail (see SessionRow.delivery); null if never registered. */
  delivery: DeliveryRoute | null;
  /** Why it gets mail that way ("" when unknown). */
  deliveryReason: string;
  queued: number;
  oldestQueued: number | null;
  /** What it is doing: its hooks' last word while live, `offline`, or `unknown` (no hooks). */
  state: ShownState;
  /** Since when (the state's change, or going offline); null when unknown. */
  stateSince: number | null;
  /** The one-line status it set for itself; null: none. */
  statusText: string | null;
  statusAt: number | null;
  /** What its channel says is wrong with delivery (retrying, polling); null: fine or unknown. */
  health: string | null;
}

/** A session's state as shown: the stored one, or what liveness says. */
export type ShownState = SessionState | "offline" | "unknown";

/** The state of a row as `who` shows it: offline when its process is gone, unknown without hooks. */
export function shownState(row: SessionRow, live: boolean): { state: ShownState; since: number | null } {
  if (!live) return { state: "offline", since: row.lastSeen || null };
  return row.state === null ? { state: "unknown", since: null } : { state: row.state, since: row.stateSince };
}

export interface RosterOptions {
  /**
   * Include offline sessions that still have mail waiting, and names that never registered
   * but have mail queued for them (lastSeen 0, registered false).
   */
  includeOffline?: boolean;
  /** A tagged viewer sees only the sessions it reaches (lib/access/project_scope.ts). */
  viewerProject?: string;
}

/** Sessions on the bus, live ones first, then by name. */
export async function roster(bus: Bus, options: RosterOptions): Promise<RosterEntry[]> {
  const [sessions, mail] = await Promise.all([bus.sessions(), bus.queuedMail()]);
  const queued = new Map(mail.map((m) => [m.recipient, m]));
  const entries: RosterEntry[] = [];
  const viewer = { project: options.viewerProject ?? "" };
  for (const s of sessions) {
    if (!reaches(viewer, s)) continue;
    const live = s.online;
    const waiting = queued.get(s.name);
    if (!live && !(options.includeOffline && waiting)) continue;
    entries.push({
      name: s.name,
      role: s.role,
      project: s.project,
      kind: s.kind,
      live,
      pid: live ? s.pid : null,
      cwd: s.cwd,
      host: s.host || null,
      user: s.user,
      lastSeen: s.lastSeen,
      registered: true,
      delivery: s.kind === "claude" ? s.delivery : "inbox",
      deliveryReason: s.kind === "claude" ? s.deliveryReason : "a person or script: replies wait for ask",
      queued: waiting?.count ?? 0,
      oldestQueued: waiting?.oldest ?? null,
      ...stateFields(s, live),
      health: live ? s.health : null,
    });
  }
  if (options.includeOffline) {
    // Mail queued for a session that has not started yet (dm with queue): its project is
    // unknown (""), so under the one scope rule a tagged viewer sees only `cli:` names of these.
    const known = new Set(sessions.map((s) => s.name));
    for (const m of mail) {
      const kind = m.recipient.startsWith(CLI_PREFIX) ? "cli" : "claude";
      if (known.has(m.recipient) || !reaches(viewer, { project: "", kind })) continue;
      entries.push({
        name: m.recipient,
        role: "",
        project: "",
        kind,
        live: false,
        pid: null,
        cwd: "",
        host: null,
        user: null,
        lastSeen: 0,
        registered: false,
        delivery: null,
        deliveryReason: "",
        queued: m.count,
        oldestQueued: m.oldest,
        state: "offline",
        stateSince: null,
        statusText: null,
        statusAt: null,
        health: null,
      });
    }
  }
  return entries.sort((a, b) => Number(b.live) - Number(a.live) || a.name.localeCompare(b.name));
}

function stateFields(row: SessionRow, live: boolean) {
  const { state, since } = shownState(row, live);
  return {
    state,
    stateSince: since,
    statusText: live ? row.statusText : null,
    statusAt: live ? row.statusAt : null,
  };
}
