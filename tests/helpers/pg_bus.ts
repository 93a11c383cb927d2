// A PostgreSQL bus of its own for one test: a fresh database on the test server (pg_server.ts),
// the cc_dm schema created by its owner (the superuser, as `cc-dm bus init` would), and member
// roles granted as `cc-dm bus grant` would. Buses opened through it are closed by cleanup.
import postgres from "postgres";
import type { Bus } from "../../lib/bus/bus.ts";
import type { BusClock } from "../../lib/bus/engine.ts";
import { PostgresEngine } from "../../lib/bus/postgres/engine.ts";
import type { PgBus } from "../../lib/bus/postgres/pg_bus.ts";
import { grantSql } from "../../lib/bus/postgres/schema.ts";
import { type FreshDatabase, freshDatabase } from "./pg_server.ts";

export interface PgBusFixture {
  db: FreshDatabase;
  /** Login URL as member `short` (one of the roles asked for). */
  url(short: string): string;
  /** Open the bus as member `short`. */
  open(short: string, options?: { clock?: BusClock; note?: (text: string) => void }): Promise<PgBus>;
  /** A superuser connection to the test database (raw SQL, pg_terminate_backend). */
  admin: postgres.Sql;
  /** A raw connection as member `short` (what a hostile client could send). */
  raw(short: string): postgres.Sql;
  cleanup(): Promise<void>;
}

/** A fresh database with the cc_dm schema and the member roles `roles` granted. */
export async function freshPgBus(roles: string[] = ["a", "b"]): Promise<PgBusFixture> {
  const db = await freshDatabase({ roles });
  const owner = new PostgresEngine(db.adminUrl, {});
  await owner.init();
  for (const short of roles) await owner.apply(grantSql(db.roles[short], db.name));
  const admin = postgres(db.adminUrl, { max: 2, onnotice: () => {}, fetch_types: false });
  const opened: Bus[] = [];
  const raws: postgres.Sql[] = [];
  return {
    db,
    url: (short) => db.urlAs(short),
    async open(short, options = {}) {
      const bus = await new PostgresEngine(db.urlAs(short), {}).open(options) as PgBus;
      opened.push(bus);
      return bus;
    },
    admin,
    raw(short) {
      const sql = postgres(db.urlAs(short), { max: 1, onnotice: () => {}, fetch_types: false });
      raws.push(sql);
      return sql;
    },
    async cleanup() {
      await Promise.all(opened.map((b) => b.close()));
      await Promise.all(raws.map((r) => r.end({ timeout: 1 })));
      await admin.end({ timeout: 1 });
      await db.drop();
    },
  };
}
