// Times as people read them in tables and streams; JSON always uses RFC 3339 (`isoTime`).

/** RFC 3339 UTC, as in every JSON document cc-dm prints. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** How long ago, coarsely: `3s ago`, `5m ago`, `2h ago`, `4d ago`. */
export function ago(ms: number, now: number): string {
  const seconds = Math.max(0, Math.floor((now - ms) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ago`;
  return `${Math.floor(hours / 24)}d ago`;
}

/** Local `MM-DD HH:MM:SS`: fixed width, so a followed stream stays aligned. */
export function stamp(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${
    two(d.getSeconds())
  }`;
}
