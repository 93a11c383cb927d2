import type { Bus, DeliveryRoute } from "./bus/bus.ts";
import { isSessionAlive } from "./liveness.ts";
import { CLI_PREFIX } from "./rules.ts";

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
  /** False for a name with queued mail that no session has ever registered (sent with queue). */
  registered: boolean;
  /** How it gets mail (see SessionRow.delivery); null if never registered. */
  delivery: DeliveryRoute | null;
  /** Why it gets mail that way ("" when unknown). */
  deliveryReason: string;
  queued: number;
  oldestQueued: number | null;
  /** What its channel says is wrong with delivery (retrying, polling); null: fine or unknown. */
  health: string | null;
}

export interface RosterOptions {
  now: number;
  /**
   * Include offline sessions that still have mail waiting, and names that never registered
   * but have mail queued for them (lastSeen 0, registered false).
   */
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
      registered: true,
      delivery: s.kind === "claude" ? s.delivery : "inbox",
      deliveryReason: s.kind === "claude" ? s.deliveryReason : "a person or script: replies wait for ask",
      queued: waiting?.count ?? 0,
      oldestQueued: waiting?.oldest ?? null,
      health: live ? s.health : null,
    });
  }
  if (options.includeOffline && !options.viewerProject) {
    // Mail queued for a session that has not started yet (dm with queue): its project is
    // unknown, so only an untagged viewer, who reaches everyone, sees it.
    const known = new Set(sessions.map((s) => s.name));
    for (const m of mail) {
      if (known.has(m.recipient)) continue;
      entries.push({
        name: m.recipient,
        role: "",
        project: "",
        kind: m.recipient.startsWith(CLI_PREFIX) ? "cli" : "claude",
        live: false,
        pid: null,
        cwd: "",
        lastSeen: 0,
        registered: false,
        delivery: null,
        deliveryReason: "",
        queued: m.count,
        oldestQueued: m.oldest,
        health: null,
      });
    }
  }
  return entries.sort((a, b) => Number(b.live) - Number(a.live) || a.name.localeCompare(b.name));
}
