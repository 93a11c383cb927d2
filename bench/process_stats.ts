// CPU time and memory of a process, read from /proc (Linux).

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on every Linux port that matters). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds used so far by the whole process: utime + stime of /proc/<pid>/stat, which also
 * counts threads that have exited (Deno's pool threads come and go; summing the threads still
 * alive under /proc/<pid>/task misses their time). Resolution is one tick (10 ms): measure over
 * several seconds and several processes.
 */
export function cpuSeconds(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 of stat(5), counted from 1 with pid and comm first.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Resident set size of `pid` in MiB (shared pages counted in full). */
export function rssMiB(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const kb = Number(status.match(/VmRSS:\s+(\d+) kB/)?.[1] ?? NaN);
  return kb / 1024;
}

/** Proportional set size of `pid` in MiB: shared pages split between the processes sharing them. */
export function pssMiB(pid: number): number {
  const rollup = Deno.readTextFileSync(`/proc/${pid}/smaps_rollup`);
  const kb = Number(rollup.match(/^Pss:\s+(\d+) kB/m)?.[1] ?? NaN);
  return kb / 1024;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}
