import { processStart } from "../process_info.ts";

// Whether a session is live is the bus engine's judgement (SessionRow.online). This is what
// a process says about itself when it takes a name, and how often it proves it still runs.

/** How often a live session refreshes `last_seen`. */
export const HEARTBEAT_MS = 10_000;

export interface ProcessIdentity {
  pid: number;
  pidStart: string | null;
  host: string;
}

/** This process as the bus records it. */
export function thisProcess(): ProcessIdentity {
  return { pid: Deno.pid, pidStart: processStart(Deno.pid), host: Deno.hostname() };
}
