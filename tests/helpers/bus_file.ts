import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";

/** Read rows straight from a test bus, to check what was (not) stored. */
export function queryBus<T = Record<string, unknown>>(
  ccDmHome: string,
  sql: string,
  ...params: (string | number)[]
): T[] {
  const db = new DatabaseSync(join(ccDmHome, "bus.db"), { readOnly: true });
  try {
    db.exec("PRAGMA busy_timeout = 5000");
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
