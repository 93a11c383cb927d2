import type { RetentionPolicy } from "../bus/bus.ts";

/**
 * History is kept for `tail` and threads, within bounds. Undelivered mail is never pruned:
 * it waits for its recipient however long that takes (doctor reports the oldest).
 */
export const RETENTION: RetentionPolicy = {
  deliveredMaxAgeMs: 7 * 24 * 3600_000,
  deliveredMaxCount: 50_000,
  offlineSessionMaxAgeMs: 30 * 24 * 3600_000,
};

/** How often a long-running process prunes. */
export const PRUNE_EVERY_MS = 3600_000;
