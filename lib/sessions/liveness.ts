import type { SessionRow } from "../bus/bus.ts";
import { pidExists, processStart } from "../process_info.ts";

// A session is live while its process runs: checked with kill(pid, 0) and, on Linux, the
// process start time so a recycled pid is not mistaken for it. The heartbeat is the backup
// where the process cannot be checked (another host, or no start time on this platform).

/** How often a live session refreshes `last_seen`. */
export const HEARTBEAT_MS = 10_000;
/** A heartbeat older than this marks a session dead where its process cannot be checked. */
export const HEARTBEAT_STALE_MS = 60_000;

export interface ProcessIdentity {
  pid: number;
  pidStart: string | null;
  host: string;
}

/** This process as the bus records it. */
export function thisProcess(): ProcessIdentity {
  return { pid: Deno.pid, pidStart: processStart(Deno.pid), host: Deno.hostname() };
}

/** Whether the process holding a session row still runs. */
export function isSessionAlive(row: SessionRow, now: number, here = Deno.hostname()): boolean {
  if (row.instance === null || row.pid === null) return false;
  const heartbeatFresh = now - row.lastSeen < HEARTBEAT_STALE_MS;
  if (row.host !== here) return heartbeatFresh;
  // One /proc read where the start time is known (every send checks its recipient): a process
  // that is gone has no start time either.
  if (row.pidStart !== null) return processStart(row.pid) === row.pidStart;
  return pidExists(row.pid) && heartbeatFresh;
}
