// CPU time and resident memory of a process, read from /proc (Linux).

let clockTicks: number | undefined;

/** Kernel clock ticks per second (CLK_TCK), for turning utime/stime into seconds. */
export function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    const out = new Deno.Command("getconf", { args: ["CLK_TCK"] }).outputSync();
    clockTicks = Number(new TextDecoder().decode(out.stdout).trim()) || 100;
  }
  return clockTicks;
}

/** User + system CPU seconds used so far by `pid`. */
export function cpuSeconds(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 (utime, stime) are at 11 and 12 after the command name.
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
}

/** Resident set size of `pid` in MiB. */
export function rssMiB(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const kb = Number(status.match(/VmRSS:\s+(\d+) kB/)?.[1] ?? NaN);
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
