import {
  pgConnectOptions,
  redactedUrl
} from "./chunk-45.js";

// lib/bus/postgres/target.ts
function targetOf(url, env) {
  const options = pgConnectOptions(url, env);
  return {
    host: options.host.join(","),
    port: options.port[0],
    database: options.database,
    user: options.user
  };
}
function printable(url) {
  return redactedUrl(url);
}

// lib/bus/postgres/engine.ts
async function driver() {
  const [{ connect }, { busError }, { PgBus }, schema] = await Promise.all([
    import("./connect-61.js"),
    import("./pg_errors-62.js"),
    import("./pg_bus-63.js"),
    import("./schema-64.js")
  ]);
  return {
    connect,
    busError,
    PgBus,
    ...schema
  };
}
var PostgresEngine = class {
  kind = "postgres";
  location;
  target;
  #url;
  #env;
  constructor(url, env) {
    this.#url = url;
    this.#env = {
      ...env
    };
    this.location = printable(url);
    this.target = targetOf(url, env);
  }
  /**
   * Connect as the URL's user and check the schema. Never creates anything (the owner runs
   * `cc-dm bus init`). Throws BusError "unreachable", "denied", "cantopen", "schema".
   */
  async open(options = {}) {
    const { PgBus } = await driver();
    return await PgBus.open({
      url: this.#url,
      env: this.#env,
      location: this.location,
      target: this.target,
      clock: options.clock,
      note: options.note
    });
  }
  /** A configured server may hold mail: true (the hook's fast path then asks the server). */
  exists() {
    return Promise.resolve(true);
  }
  /**
   * Doctor's checks (doctor_checks.ts): reachable, as whom, TLS, server version, schema version,
   * the member's grants and row-level security, LISTEN through whatever sits between, clock
   * skew, one round trip. Never throws.
   */
  async inspect() {
    const [{ inspectPostgres }, { SCHEMA_VERSION, DOCTOR_FACTS }] = await Promise.all([
      import("./doctor_checks-65.js"),
      import("./schema-64.js")
    ]);
    return await inspectPostgres(this.#url, this.#env, {
      ...DOCTOR_FACTS,
      expected: SCHEMA_VERSION
    });
  }
  /** Nothing to repair on a server: a dead session's name is freed by the server itself. */
  repair() {
    return Promise.resolve([]);
  }
  /**
   * Create or upgrade the schema as the URL's user, who becomes (or must be) its owner. Throws
   * BusError when the server refuses (no CREATE right on the database: "denied").
   */
  async init() {
    const { connect, busError, migrate } = await driver();
    const sql = connect(this.#url, this.#env, {
      purpose: " bus init"
    });
    try {
      const [me] = await sql`SELECT current_user AS user`;
      const result = await migrate(sql, this.location);
      return {
        ...result,
        user: String(me.user)
      };
    } catch (err) {
      throw busError(err, this.location, this.target);
    } finally {
      await sql.end({
        timeout: 0
      }).catch(() => {
      });
    }
  }
  /** Run `text` (grant or revoke SQL) as the URL's user (the owner). */
  async apply(text) {
    const { connect, busError } = await driver();
    const sql = connect(this.#url, this.#env, {
      purpose: " bus grant"
    });
    try {
      await sql.unsafe(text);
    } catch (err) {
      throw busError(err, this.location, this.target);
    } finally {
      await sql.end({
        timeout: 0
      }).catch(() => {
      });
    }
  }
};

export {
  PostgresEngine
};
