import type { Bus } from "./bus/bus.ts";
import { isSessionAlive } from "./liveness.ts";

/** One line of `who`: a session with its liveness and waiting mail. */
export interface RosterEntry {
  name: string;
  role: string;
  project: string;
  kind: "claude" | "cli";
  live: boolean;
  pid: number | null;
  cwd: string;
  lastSeen: number;
  queued: number;
  oldestQueued: number | null;
}

export interface RosterOptions {
  now: number;
  /** Include offline sessions that still have mail waiting. */
  includeOffline?: boolean;
  /** A tagged viewer sees only its project (the only sessions it can reach). */
  viewerProject?: string;
}

/** Sessions on the bus, live ones first, then by name. */
export async function roster(bus: Bus, options: RosterOptions): Promise<RosterEntry[]> {
  const [sessions, mail] = await Promise.all([bus.sessions(), bus.queuedMail()]);
  const queued = new Map(mail.map((m) => [m.recipient, m]));
  const entries: RosterEntry[] = [];
  for (const s of sessions) {
    if (options.viewerProject && s.project !== options.viewerProject) continue;
    const live = isSessionAlive(s, options.now);
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
      lastSeen: s.lastSeen,
      queued: waiting?.count ?? 0,
      oldestQueued: waiting?.oldest ?? null,
    });
  }
  return entries.sort((a, b) => Number(b.live) - Number(a.live) || a.name.localeCompare(b.name));
}
