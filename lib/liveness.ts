import process from "node:process";
import { hostname } from "node:os";
import type { SessionRow } from "./bus/bus.ts";

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
  return { pid: Deno.pid, pidStart: processStart(Deno.pid), host: hostname() };
}

/** Whether a process with this pid exists (ours or not). */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as { code?: string }).code === "EPERM";
  }
}

/** Start time of a process in clock ticks since boot (Linux), or null where unknown. */
export function processStart(pid: number): string | null {
  if (Deno.build.os !== "linux") return null;
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether the process holding a session row still runs. */
export function isSessionAlive(row: SessionRow, now: number, here = hostname()): boolean {
  if (row.instance === null || row.pid === null) return false;
  const heartbeatFresh = now - row.lastSeen < HEARTBEAT_STALE_MS;
  if (row.host !== here) return heartbeatFresh;
  if (!pidExists(row.pid)) return false;
  if (row.pidStart === null) return heartbeatFresh;
  return processStart(row.pid) === row.pidStart;
}
