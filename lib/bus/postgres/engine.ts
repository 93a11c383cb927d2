import type { Bus } from "../bus.ts";
import type { BusEngine, EngineCheck, EngineOpenOptions } from "../engine.ts";
import { printable, type Target, targetOf } from "./target.ts";

/** The driver and what uses it, loaded only when a PostgreSQL bus is opened. */
async function driver() {
  const [{ connect }, { busError }, { PgBus }, schema] = await Promise.all([
    import("./connect.ts"),
    import("./pg_errors.ts"),
    import("./pg_bus.ts"),
    import("./schema.ts"),
  ]);
  return { connect, busError, PgBus, ...schema };
}

// The PostgreSQL engine: the `cc_dm` schema in a database the team owns, one member role per
// person, LISTEN/NOTIFY for wake-ups and session advisory locks for liveness (pg_bus.ts). The
// owner creates and upgrades the schema with `cc-dm bus init`; members never run DDL.

/** The PostgreSQL engine of one URL (`CC_DM_BUS_URL=postgres://...`). */
export class PostgresEngine implements BusEngine {
  readonly kind = "postgres" as const;
  readonly location: string;
  readonly target: Target;
  #url: string;
  #env: Record<string, string | undefined>;

  constructor(url: string, env: Record<string, string | undefined>) {
    this.#url = url;
    this.#env = { ...env };
    this.location = printable(url);
    this.target = targetOf(url, env);
  }

  /**
   * Connect as the URL's user and check the schema. Never creates anything (the owner runs
   * `cc-dm bus init`). Throws BusError "unreachable", "denied", "cantopen", "schema".
   */
  async open(options: EngineOpenOptions = {}): Promise<Bus> {
    const { PgBus } = await driver();
    return await PgBus.open({
      url: this.#url,
      env: this.#env,
      location: this.location,
      target: this.target,
      clock: options.clock,
      note: options.note,
    });
  }

  /** A configured server may hold mail: true (the hook's fast path then asks the server). */
  exists(): Promise<boolean> {
    return Promise.resolve(true);
  }

  /**
   * Doctor's checks (doctor_checks.ts): reachable, as whom, TLS, server version, schema version,
   * the member's grants and row-level security, LISTEN through whatever sits between, clock
   * skew, one round trip. Never throws.
   */
  async inspect(): Promise<EngineCheck[]> {
    const [{ inspectPostgres }, { SCHEMA_VERSION, DOCTOR_FACTS }] = await Promise.all([
      import("./doctor_checks.ts"),
      import("./schema.ts"),
    ]);
    return await inspectPostgres(this.#url, this.#env, { ...DOCTOR_FACTS, expected: SCHEMA_VERSION });
  }

  /** Nothing to repair on a server: a dead session's name is freed by the server itself. */
  repair(): Promise<EngineCheck[]> {
    return Promise.resolve([]);
  }

  /**
   * Create or upgrade the schema as the URL's user, who becomes (or must be) its owner. Throws
   * BusError when the server refuses (no CREATE right on the database: "denied").
   */
  async init(): Promise<{ from: number; to: number; user: string }> {
    const { connect, busError, migrate } = await driver();
    const sql = connect(this.#url, this.#env, { purpose: " bus init" });
    try {
      const [me] = await sql`SELECT current_user AS user`;
      const result = await migrate(sql, this.location);
      return { ...result, user: String(me.user) };
    } catch (err) {
      throw busError(err, this.location, this.target);
    } finally {
      await sql.end({ timeout: 0 }).catch(() => {});
    }
  }

  /** Run `text` (grant or revoke SQL) as the URL's user (the owner). */
  async apply(text: string): Promise<void> {
    const { connect, busError } = await driver();
    const sql = connect(this.#url, this.#env, { purpose: " bus grant" });
    try {
      await sql.unsafe(text);
    } catch (err) {
      throw busError(err, this.location, this.target);
    } finally {
      await sql.end({ timeout: 0 }).catch(() => {});
    }
  }
}
