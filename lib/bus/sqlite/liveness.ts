import type { SessionRow } from "../bus.ts";
import { pidExists, processStart } from "../../process_info.ts";

// A session is live while its process runs: checked with kill(pid, 0) and, on Linux, the
// process start time so a recycled pid is not mistaken for it. The heartbeat is the backup
// where the process cannot be checked (another host, or no start time on this platform).

/** A heartbeat older than this marks a session dead where its process cannot be checked. */
export const HEARTBEAT_STALE_MS = 60_000;

/** Whether the process holding a session row still runs, at engine time `now`. */
export function isHolderAlive(
  row: Pick<SessionRow, "instance" | "pid" | "pidStart" | "host" | "lastSeen">,
  now: number,
  here: string,
): boolean {
  if (row.instance === null || row.pid === null) return false;
  const heartbeatFresh = now - row.lastSeen < HEARTBEAT_STALE_MS;
  if (row.host !== here) return heartbeatFresh;
  // One /proc read where the start time is known (every send checks its recipient): a process
  // that is gone has no start time either.
  if (row.pidStart !== null) return processStart(row.pid) === row.pidStart;
  return pidExists(row.pid) && heartbeatFresh;
}
