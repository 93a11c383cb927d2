// Facts about processes without the node:process polyfill, which costs ~5 MB of RSS in every
// long-lived channel process: /proc on Linux, the polyfill loaded on demand elsewhere.

const IS_LINUX = Deno.build.os === "linux";

type NodeProcess = { kill(pid: number, signal: number): void; ppid: number };
let nodeProcess: NodeProcess | undefined;

/** Load node:process once, on platforms without /proc. Call before the sync functions below. */
export async function loadProcessSupport(): Promise<void> {
  if (!IS_LINUX && !nodeProcess) nodeProcess = (await import("node:process")).default as NodeProcess;
}

/** /proc/<pid>/stat is one line of a few hundred bytes; read into one reused buffer. */
const statBuffer = new Uint8Array(4096);
const decoder = new TextDecoder();

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
function statFields(pid: number | "self"): string[] | null {
  // open + one read + close: half the cost of readTextFileSync (which stats and reads twice),
  // and a broadcast reads it for every live session's row.
  let stat: string;
  try {
    const file = Deno.openSync(`/proc/${pid}/stat`);
    try {
      const n = file.readSync(statBuffer) ?? 0;
      stat = n < statBuffer.length
        ? decoder.decode(statBuffer.subarray(0, n))
        : Deno.readTextFileSync(`/proc/${pid}/stat`);
    } finally {
      file.close();
    }
  } catch {
    return null;
  }
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** Whether a process with this pid exists (ours or another user's). */
export function pidExists(pid: number): boolean {
  if (IS_LINUX) return statFields(pid) !== null;
  // Without the polyfill loaded, say "maybe": callers then judge by the heartbeat.
  if (!nodeProcess) return true;
  try {
    nodeProcess!.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as { code?: string }).code === "EPERM";
  }
}

/** Start time of a process in clock ticks since boot (Linux), or null where unknown. */
export function processStart(pid: number): string | null {
  return IS_LINUX ? statFields(pid)?.[19] ?? null : null;
}

/** The current parent pid, read fresh each time (it changes when the parent dies). */
export function currentParentPid(): number {
  if (IS_LINUX) return Number(statFields("self")?.[1] ?? 0);
  return nodeProcess?.ppid ?? 0;
}

/** Command line of a process as its arguments, or null where it cannot be read. */
export function commandLine(pid: number): string[] | null {
  if (IS_LINUX) {
    try {
      const raw = Deno.readTextFileSync(`/proc/${pid}/cmdline`);
      return raw.split("\0").filter((arg, i, all) => arg !== "" || i < all.length - 1);
    } catch {
      return null;
    }
  }
  try {
    const out = new Deno.Command("ps", { args: ["-o", "args=", "-p", String(pid)], stderr: "null" })
      .outputSync();
    const text = new TextDecoder().decode(out.stdout).trim();
    return out.success && text ? text.split(/\s+/) : null;
  } catch {
    return null;
  }
}

/** Parent pid of another process (Linux), or null. */
export function parentOf(pid: number): number | null {
  if (!IS_LINUX) return null;
  const ppid = Number(statFields(pid)?.[1]);
  return Number.isInteger(ppid) && ppid > 0 ? ppid : null;
}
