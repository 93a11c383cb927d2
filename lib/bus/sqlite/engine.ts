import { join } from "node:path";
import type { Bus } from "../bus.ts";
import type { BusEngine, EngineCheck, EngineOpenOptions } from "../engine.ts";
import { SqliteBus } from "./sqlite_bus.ts";

// The SQLite engine: one WAL database file in the cc-dm directory, shared by every process of
// one user, with a directory of wake-up sockets beside it. Its layout lives here only.

/** Where the SQLite bus lives inside the cc-dm directory. */
export function busFile(home: string): string {
  return join(home, "bus.db");
}

/** Directory of per-recipient wake-up sockets. */
export function wakeDir(home: string): string {
  return join(home, "wake");
}

/** The SQLite engine of one cc-dm directory. */
export class SqliteEngine implements BusEngine {
  readonly kind = "sqlite" as const;
  readonly location: string;

  constructor(readonly home: string) {
    this.location = busFile(home);
  }

  open(options: EngineOpenOptions = {}): Promise<Bus> {
    return SqliteBus.open({ dir: this.home, file: this.location, wakeDir: wakeDir(this.home), ...options });
  }

  exists(): Promise<boolean> {
    try {
      Deno.lstatSync(this.location);
      return Promise.resolve(true);
    } catch {
      return Promise.resolve(false);
    }
  }

  inspect(): Promise<EngineCheck[]> {
    throw new Error("not yet");
  }

  repair(): Promise<EngineCheck[]> {
    throw new Error("not yet");
  }
}
