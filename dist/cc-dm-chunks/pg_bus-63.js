import {
  SERVER_KEEPALIVE_SQL,
  connect
} from "./chunk-67.js";
import {
  busError,
  errorCode,
  isTransient
} from "./chunk-69.js";
import {
  SCHEMA_VERSION
} from "./chunk-57.js";
import "./chunk-68.js";
import {
  PollSubscription,
  WakeLatch
} from "./chunk-43.js";
import {
  BusError
} from "./chunk-44.js";
import "./chunk-45.js";
import {
  NameTakenError
} from "./chunk-07.js";

// lib/bus/postgres/wake_listener.ts
import { createHash } from "node:crypto";
var PING_MS = 1e4;
var PING_DEADLINE_MS = 8e3;
var BACKOFF_FIRST_MS = 100;
var BACKOFF_MAX_MS = 5e3;
var FALLBACK_POLL_MS = 500;
var PROBE_MS = 2e3;
function wakeChannel(recipient) {
  if (recipient === null) return "cc_dm_traffic";
  return "cc_dm_" + createHash("md5").update(recipient).digest("hex").slice(0, 24);
}
var WAKE_CHANNEL_SQL = (expr) => `'cc_dm_' || substr(md5(${expr}), 1, 24)`;
var WakeListener = class {
  #options;
  #pool = null;
  #channels = /* @__PURE__ */ new Map();
  #listening = /* @__PURE__ */ new Set();
  #closed = false;
  #broken = false;
  #reconnecting = null;
  #ping;
  /** Why LISTEN cannot be trusted here (a pooler); subscriptions then poll. */
  #unusable = null;
  #probe = null;
  #probed = false;
  /** Times the connection was rebuilt (tests and doctor). */
  reconnects = 0;
  constructor(options) {
    this.#options = options;
  }
  /** Listen on `recipient`'s channel; resolves once LISTEN is in force (or it fell back to polling). */
  async subscribe(recipient) {
    if (this.#closed) return new PollSubscription("the bus is closed", FALLBACK_POLL_MS);
    if (this.#unusable) return new PollSubscription(this.#unusable, FALLBACK_POLL_MS);
    const channel = wakeChannel(recipient);
    const sub = new Subscription(`LISTEN ${channel} on ${this.#options.location}`, () => this.#drop(channel, sub));
    let subs = this.#channels.get(channel);
    if (!subs) this.#channels.set(channel, subs = /* @__PURE__ */ new Set());
    subs.add(sub);
    try {
      await this.#listen(channel);
      if (!this.#probed) await this.#checkDelivery(channel);
    } catch (err) {
      this.#options.note(`cc-dm: cannot LISTEN yet (${err.message}); retrying`);
      this.#connectionLost();
    }
    if (this.#unusable) {
      subs.delete(sub);
      return new PollSubscription(this.#unusable, FALLBACK_POLL_MS);
    }
    return sub;
  }
  async close() {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#ping);
    for (const subs of this.#channels.values()) for (const sub of subs) sub.closeQuietly();
    this.#channels.clear();
    const pool = this.#pool;
    this.#pool = null;
    await pool?.end({
      timeout: 1
    }).catch(() => {
    });
  }
  #pool_() {
    if (this.#pool) return this.#pool;
    const pool = this.#options.connect((channel, payload) => this.#notified(channel, payload), () => {
      if (this.#pool === pool) this.#connectionLost();
    });
    this.#pool = pool;
    this.#listening.clear();
    clearInterval(this.#ping);
    this.#ping = setInterval(() => this.#pingOnce(pool), PING_MS);
    Deno.unrefTimer(this.#ping);
    return pool;
  }
  async #listen(channel) {
    if (this.#listening.has(channel) && !this.#broken) return;
    const pool = this.#pool_();
    await pool.unsafe(`LISTEN "${channel}"`);
    if (this.#pool === pool) this.#listening.add(channel);
  }
  /**
   * A first LISTEN is followed by a NOTIFY to it: behind a transaction-mode pooler the LISTEN
   * lands on a server connection that is handed to someone else, and nothing comes back.
   */
  async #checkDelivery(channel) {
    this.#probed = true;
    const payload = `probe-${crypto.randomUUID()}`;
    const back = new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), PROBE_MS);
      this.#probe = {
        payload,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        }
      };
    });
    await this.#options.notify(channel, payload);
    if (!await back) {
      this.#unusable = `LISTEN/NOTIFY does not reach this connection (a NOTIFY to itself never came back within ${PROBE_MS} ms): is ${this.#options.location} a transaction-mode pooler (PgBouncer pool_mode=transaction)? cc-dm needs a direct or session-mode connection; polling every ${FALLBACK_POLL_MS} ms`;
      this.#options.note(`cc-dm: ${this.#unusable}`);
    }
    this.#probe = null;
  }
  #notified(channel, payload) {
    if (this.#probe && payload === this.#probe.payload) return this.#probe.resolve();
    const subs = this.#channels.get(channel);
    if (subs) {
      for (const sub of subs) sub.wake();
    }
  }
  #drop(channel, sub) {
    const subs = this.#channels.get(channel);
    if (!subs) return;
    subs.delete(sub);
    if (subs.size > 0) return;
    this.#channels.delete(channel);
    if (this.#listening.delete(channel) && this.#pool && !this.#broken) {
      this.#pool.unsafe(`UNLISTEN "${channel}"`).catch(() => {
      });
    }
  }
  #wakeAll() {
    for (const subs of this.#channels.values()) for (const sub of subs) sub.wake();
  }
  #pingOnce(pool) {
    if (this.#broken || this.#closed) return;
    let answered = false;
    const deadline = setTimeout(() => {
      if (!answered && this.#pool === pool) {
        this.#options.note(`cc-dm: the LISTEN connection to ${this.#options.location} stopped answering; reconnecting`);
        this.#connectionLost();
      }
    }, PING_DEADLINE_MS);
    pool`SELECT 1`.then(() => {
      answered = true;
      clearTimeout(deadline);
    }, () => {
      answered = true;
      clearTimeout(deadline);
      if (this.#pool === pool) this.#connectionLost();
    });
  }
  /** The listening connection is gone: look now, then rebuild it with backoff and look again. */
  #connectionLost() {
    if (this.#closed) return;
    this.#broken = true;
    this.#wakeAll();
    this.#reconnecting ??= this.#reconnect().finally(() => this.#reconnecting = null);
  }
  async #reconnect() {
    let delay = BACKOFF_FIRST_MS;
    while (!this.#closed) {
      const old = this.#pool;
      this.#pool = null;
      clearInterval(this.#ping);
      old?.end({
        timeout: 0
      }).catch(() => {
      });
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.#closed) return;
      try {
        const pool = this.#pool_();
        const channels = [
          ...this.#channels.keys()
        ];
        await pool.unsafe(channels.length ? channels.map((c) => `LISTEN "${c}"`).join("; ") : "SELECT 1");
        if (this.#pool !== pool) continue;
        for (const c of channels) this.#listening.add(c);
        this.#broken = false;
        this.reconnects++;
        this.#wakeAll();
        return;
      } catch {
        this.#wakeAll();
        delay = Math.min(delay * 2, BACKOFF_MAX_MS);
      }
    }
  }
};
var Subscription = class {
  mode = "socket";
  detail;
  #latch = new WakeLatch();
  #onClose;
  constructor(detail, onClose) {
    this.detail = detail;
    this.#onClose = onClose;
  }
  wake() {
    this.#latch.wake();
  }
  next(timeoutMs) {
    return this.#latch.next(timeoutMs);
  }
  closeQuietly() {
    this.#latch.close();
  }
  close() {
    if (!this.#latch.closed) {
      this.#onClose();
      this.#latch.close();
    }
    return Promise.resolve();
  }
};

// lib/bus/postgres/pg_bus.ts
var RETRY_MS = 5e3;
var QUERY_DEADLINE_MS = 1e4;
var HELD = `held AS MATERIALIZED (
  SELECT l.pid, (l.classid::bigint << 32) | l.objid::bigint AS key FROM pg_locks l
  WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))`;
var ONLINE = `(s.instance IS NOT NULL AND EXISTS (SELECT 1 FROM held h
  WHERE h.pid = s.backend_pid AND h.key = cc_dm.name_key(s.name)))`;
var MESSAGE_COLUMNS = `m.id, m.from_name, m.from_user, m.from_role, m.from_project, m.from_instance,
  m.to_name, m.recipients, m.content, m.priority, m.message_type, m.thread_id, m.in_reply_to, m.meta,
  m.created_at`;
var NEVER_CONNECTED = /* @__PURE__ */ new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECT_TIMEOUT",
  "57P03",
  "53300"
]);
var PgBus = class _PgBus {
  location;
  /** The database user this bus acts as (current_user): what the server records as from_user. */
  user;
  #sql;
  #options;
  #listener;
  #fresh;
  #closed = false;
  constructor(sql, user, options, fresh) {
    this.#sql = sql;
    this.#fresh = fresh;
    this.user = user;
    this.#options = options;
    this.location = options.location;
    const note = options.note ?? (() => {
    });
    this.#listener = new WakeListener({
      location: options.location,
      note,
      notify: (channel, payload) => this.#sql`SELECT pg_notify(${channel}, ${payload})`,
      connect: (onnotify, onclose) => connect(options.url, options.env, {
        purpose: " listen",
        onnotify,
        onclose
      })
    });
  }
  /**
   * Connect and check the schema. Throws BusError: "unreachable", "denied", "cantopen" (no such
   * database), "schema" (not initialized, or another version: `cc-dm bus init`).
   */
  static async open(options) {
    const fresh = {
      connection: true
    };
    const sql = connect(options.url, options.env, {
      onclose: () => fresh.connection = true
    });
    let timer;
    try {
      const checked = (async () => {
        try {
          const results = await sql.unsafe(`${SERVER_KEEPALIVE_SQL}; SELECT current_user AS user, (SELECT max(version) FROM cc_dm.schema_version) AS version`);
          fresh.connection = false;
          const [me] = results[results.length - 1];
          return {
            user: String(me.user),
            version: Number(me.version ?? 0)
          };
        } catch (err) {
          const code = errorCode(err);
          if (code === "42P01" || code === "3F000") return {
            user: "",
            version: 0
          };
          throw err;
        }
      })();
      checked.catch(() => {
      });
      const { user, version } = await Promise.race([
        checked,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(Object.assign(new Error(`the server did not reply within ${QUERY_DEADLINE_MS / 1e3} s`), {
            code: "ETIMEDOUT"
          })), QUERY_DEADLINE_MS);
        })
      ]);
      if (version !== SCHEMA_VERSION) {
        throw new BusError(version === 0 ? "missing" : "schema", version === 0 ? `The bus at ${options.location} has no cc-dm schema yet` : `The bus at ${options.location} has schema version ${version}; this cc-dm uses ${SCHEMA_VERSION}`, version > SCHEMA_VERSION ? "Upgrade cc-dm on this machine." : `The bus owner runs \`cc-dm bus init ${options.location}\` (creates or upgrades the schema).`);
      }
      return new _PgBus(sql, user, options, fresh);
    } catch (err) {
      await sql.end({
        timeout: 0
      }).catch(() => {
      });
      throw busError(err, options.location, options.target);
    } finally {
      clearTimeout(timer);
    }
  }
  /** The engine's time expression (ms), with the test clock's offset. */
  #now() {
    const offset = this.#options.clock ? Math.round(this.#options.clock.now() - Date.now()) : 0;
    return this.#sql`(floor(extract(epoch FROM statement_timestamp()) * 1000)::bigint + ${offset}::bigint)`;
  }
  /** Run `work`, retrying while the connection is being rebuilt; driver errors become BusErrors. */
  async #run(work, attempt) {
    const deadline = Date.now() + RETRY_MS;
    let delay = 50;
    for (; ; ) {
      try {
        return await this.#bounded(async () => {
          if (this.#fresh.connection) {
            await this.#sql.unsafe(SERVER_KEEPALIVE_SQL);
            this.#fresh.connection = false;
          }
          return await work();
        });
      } catch (err) {
        attempt?.(err);
        if (this.#closed || !isTransient(err) || Date.now() + delay >= deadline) {
          throw busError(err, this.location, this.#options.target);
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 250);
      }
    }
  }
  /**
   * `work` within QUERY_DEADLINE_MS. A link that died without a word (a cut cable, a machine
   * gone) never answers and never errors: the socket would wait for TCP to give up, minutes. At
   * the deadline the connection is dropped for a new one, and the call fails as unreachable.
   */
  async #bounded(work) {
    const pool = this.#sql;
    let timer;
    const running = work();
    running.catch(() => {
    });
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => {
        if (this.#sql === pool && !this.#closed) this.#replaceConnection();
        reject(Object.assign(new Error(`the server did not reply within ${QUERY_DEADLINE_MS / 1e3} s`), {
          code: "ETIMEDOUT"
        }));
      }, QUERY_DEADLINE_MS);
    });
    try {
      return await Promise.race([
        running,
        timeout
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
  /** A new query connection; the old one (and the locks on it) is dropped. */
  #replaceConnection() {
    const old = this.#sql;
    const pool = connect(this.#options.url, this.#options.env, {
      onclose: () => {
        if (this.#sql === pool) this.#fresh.connection = true;
      }
    });
    this.#sql = pool;
    this.#fresh.connection = true;
    old.end({
      timeout: 0
    }).catch(() => {
    });
  }
  claimSession(claim) {
    return this.#run(async () => {
      let took = false;
      try {
        return await this.#sql.begin(async (tx) => {
          const [existing] = await tx.unsafe(`WITH ${HELD} SELECT s.*, ${ONLINE} AS online FROM cc_dm.sessions s WHERE s.name = $1`, [
            claim.name
          ]);
          if (existing && existing.db_user !== this.user) {
            throw new NameTakenError(`Session name "${claim.name}" belongs to database user ${existing.db_user} on this bus`, "Pick another name: a name stays with the database user that first took it (the bus owner can forget it).");
          }
          if (existing?.online && existing.instance !== claim.instance) throw takenBy(claim.name, existing);
          const [lock] = await tx`SELECT cc_dm.take_name(${claim.name}) AS got`;
          if (!lock.got) throw takenBy(claim.name, existing);
          took = !existing?.online;
          const same = existing?.instance === claim.instance;
          const now = this.#now();
          const fields = {
            role: claim.role,
            project: claim.project,
            kind: claim.kind,
            pid: claim.pid,
            pid_start: claim.pidStart,
            host: claim.host,
            instance: claim.instance,
            cwd: claim.cwd,
            claude_session_id: claim.claudeSessionId,
            delivery: claim.delivery,
            delivery_reason: claim.deliveryReason,
            accept_from: claim.acceptFrom === null ? null : JSON.stringify(claim.acceptFrom),
            reject_from: claim.rejectFrom === null ? null : JSON.stringify(claim.rejectFrom),
            health: null
          };
          if (!existing) {
            await tx`INSERT INTO cc_dm.sessions ${tx({
              name: claim.name,
              ...fields,
              started_at: 0,
              last_seen: 0
            })}`;
          }
          const kept = same ? {} : {
            state: null,
            state_since: null,
            status_text: null,
            status_at: null,
            transcript_path: null
          };
          await tx`UPDATE cc_dm.sessions SET ${tx({
            ...fields,
            ...kept
          })}, started_at = ${now},
            last_seen = ${now}, backend_pid = pg_backend_pid() WHERE name = ${claim.name}`;
          await tx`UPDATE cc_dm.deliveries SET claimed_by = NULL, claimed_at = NULL
            WHERE recipient = ${claim.name} AND delivered_at IS NULL AND claimed_by IS NOT NULL`;
          const [row] = await tx`SELECT s.*, true AS online FROM cc_dm.sessions s WHERE s.name = ${claim.name}`;
          return sessionFromRow(row);
        });
      } catch (err) {
        if (took) await this.#sql`SELECT cc_dm.free_name(${claim.name})`.catch(() => {
        });
        throw err;
      }
    });
  }
  leaveSession(name, instance) {
    return this.#run(async () => {
      const free = await this.#sql.begin(async (tx) => {
        const left = await tx`UPDATE cc_dm.sessions SET pid = NULL, pid_start = NULL, instance = NULL,
          backend_pid = NULL, last_seen = ${this.#now()} WHERE name = ${name} AND instance = ${instance} RETURNING 1`;
        await tx`UPDATE cc_dm.deliveries SET claimed_by = NULL, claimed_at = NULL
          WHERE recipient = ${name} AND claimed_by = ${instance} AND delivered_at IS NULL`;
        if (left.length === 1) return true;
        return (await tx`SELECT 1 FROM cc_dm.sessions WHERE name = ${name}`).length === 0;
      });
      if (free) await this.#sql`SELECT cc_dm.free_name(${name})`;
    });
  }
  touchSession(name, instance, health) {
    return this.#run(async () => {
      const set = health === void 0 ? this.#sql`last_seen = ${this.#now()}` : this.#sql`last_seen = ${this.#now()}, health = ${health}`;
      const touched = await this.#sql`UPDATE cc_dm.sessions SET ${set}
        WHERE name = ${name} AND instance = ${instance} AND backend_pid = pg_backend_pid() RETURNING 1`;
      if (touched.length === 1) return true;
      return await this.#sql.begin(async (tx) => {
        const [row] = await tx`SELECT instance FROM cc_dm.sessions WHERE name = ${name}`;
        if (row?.instance !== instance) return false;
        const [lock] = await tx`SELECT cc_dm.take_name(${name}) AS got`;
        if (!lock.got) return false;
        const back = await tx`UPDATE cc_dm.sessions SET ${set}, backend_pid = pg_backend_pid()
          WHERE name = ${name} AND instance = ${instance} RETURNING 1`;
        return back.length === 1;
      });
    });
  }
  sessions() {
    return this.#run(async () => {
      const rows = await this.#sql.unsafe(`WITH ${HELD} SELECT s.*, ${ONLINE} AS online FROM cc_dm.sessions s ORDER BY s.started_at, s.name`);
      return rows.map(sessionFromRow);
    });
  }
  session(name) {
    return this.#run(async () => {
      const [row] = await this.#sql.unsafe(`WITH ${HELD} SELECT s.*, ${ONLINE} AS online FROM cc_dm.sessions s WHERE s.name = $1`, [
        name
      ]);
      return row ? sessionFromRow(row) : void 0;
    });
  }
  forgetSession(name) {
    return this.#run(async () => {
      const gone = await this.#sql`DELETE FROM cc_dm.sessions WHERE name = ${name} RETURNING 1`;
      return gone.length === 1;
    });
  }
  setState(name, state, report = {}) {
    const transcript = report.transcriptPath ?? null;
    const fresh = state === "idle" && report.statusFreshMs !== void 0 ? report.statusFreshMs : null;
    return this.#run(async () => {
      const changed = await this.#sql`
        UPDATE cc_dm.sessions s SET
          state_since = CASE WHEN s.state IS NOT DISTINCT FROM ${state}::text THEN s.state_since ELSE p.now END,
          state = ${state}::text,
          transcript_path = coalesce(${transcript}::text, s.transcript_path),
          status_text = CASE WHEN p.stale IS NOT NULL AND s.status_at < p.stale THEN NULL ELSE s.status_text END,
          status_at = CASE WHEN p.stale IS NOT NULL AND s.status_at < p.stale THEN NULL ELSE s.status_at END
        FROM (SELECT ${this.#now()} AS now, ${this.#now()} - ${fresh}::bigint AS stale) p
        WHERE s.name = ${name} AND s.instance IS NOT NULL
          AND (s.state IS DISTINCT FROM ${state}::text
            OR (${transcript}::text IS NOT NULL AND s.transcript_path IS DISTINCT FROM ${transcript}::text)
            OR (p.stale IS NOT NULL AND s.status_at < p.stale))
        RETURNING 1`;
      if (changed.length === 1) return true;
      const [row] = await this.#sql`SELECT instance FROM cc_dm.sessions WHERE name = ${name}`;
      return row?.instance != null;
    });
  }
  setStatus(name, instance, text) {
    return this.#run(async () => {
      const changed = await this.#sql`UPDATE cc_dm.sessions SET status_text = ${text},
        status_at = CASE WHEN ${text}::text IS NULL THEN NULL ELSE ${this.#now()} END
        WHERE name = ${name} AND instance = ${instance} RETURNING 1`;
      return changed.length === 1;
    });
  }
  insertMessage(msg) {
    const key = crypto.randomUUID();
    return this.#send(key, (attempt) => this.#run(() => this.#store(this.#sql, msg, key), attempt));
  }
  /**
   * A send that failed as unreachable after its statement may have reached the server (a reply
   * lost on a dying link, a COMMIT just before a restart) could be stored: say so instead of
   * "failed", so nobody is told a stored message was lost (a retry here reuses the send key, so
   * within the retry window it is never stored twice).
   */
  async #send(key, send) {
    let maybeSent = false;
    try {
      return await send((err) => {
        if (!NEVER_CONNECTED.has(errorCode(err) ?? "")) maybeSent = true;
      });
    } catch (err) {
      if (!maybeSent || !(err instanceof BusError) || err.kind !== "unreachable") throw err;
      throw new BusError("unreachable", `${err.message}; the connection failed while the message was being stored, so it may have been stored (send key ${key})`, `Check with \`cc-dm tail\` once the bus is back before sending it again. ${err.hint ?? ""}`.trim());
    }
  }
  insertCliMessage(msg, presence) {
    const key = crypto.randomUUID();
    return this.#send(key, (attempt) => this.#run(async () => {
      return await this.#sql.begin(async (tx) => {
        const [existing] = await tx.unsafe(`WITH ${HELD} SELECT s.*, ${ONLINE} AS online FROM cc_dm.sessions s WHERE s.name = $1`, [
          msg.from
        ]);
        if (existing && existing.db_user !== this.user) {
          throw new NameTakenError(`Cannot send as "${msg.from}": that name belongs to database user ${existing.db_user} on this bus; nothing was sent`, "Send under another name (--from), one of your own.");
        }
        if (existing?.online && existing.kind === "claude") {
          throw new NameTakenError(`Cannot send as "${msg.from}": a live Claude session holds that name (on ${existing.host || "?"}, in ${existing.cwd || "?"}); nothing was sent`, "Send under another name, or from that session.");
        }
        if (!existing?.online) {
          const now = this.#now();
          const fields = {
            role: msg.fromRole,
            project: msg.fromProject,
            kind: "cli",
            host: presence.host,
            cwd: presence.cwd,
            pid: null,
            pid_start: null,
            instance: null,
            backend_pid: null,
            claude_session_id: null,
            delivery: "events",
            delivery_reason: "",
            accept_from: null,
            reject_from: null,
            health: null,
            state: null,
            state_since: null,
            status_text: null,
            status_at: null,
            transcript_path: null
          };
          await tx`INSERT INTO cc_dm.sessions ${tx({
            name: msg.from,
            started_at: 0,
            last_seen: 0
          })}
            ON CONFLICT (name) DO NOTHING`;
          await tx`UPDATE cc_dm.sessions SET ${tx(fields)}, started_at = ${now}, last_seen = ${now}
            WHERE name = ${msg.from} AND NOT (instance IS NOT NULL AND cc_dm.holds(name, backend_pid))`;
          await tx`UPDATE cc_dm.deliveries SET claimed_by = NULL, claimed_at = NULL
            WHERE recipient = ${msg.from} AND delivered_at IS NULL AND claimed_by IS NOT NULL`;
        }
        return await this.#store(tx, msg, key);
      });
    }, attempt));
  }
  /** Insert the message, its deliveries and the wake-ups in one statement (NOTIFY fires at COMMIT). */
  async #store(sql, msg, key) {
    const recipients = JSON.stringify(msg.recipients);
    const rows = await sql`
      WITH m AS (
        INSERT INTO cc_dm.messages (from_name, from_role, from_project, to_name, recipients, content, priority,
          message_type, thread_id, in_reply_to, meta, created_at, send_key)
        VALUES (${msg.from}, ${msg.fromRole}, ${msg.fromProject}, ${msg.to}, ${recipients}, ${msg.content},
          ${msg.priority}, ${msg.messageType}, ${msg.threadId ?? ""}, ${msg.inReplyTo}, ${JSON.stringify(msg.meta)},
          ${this.#now()}, ${key})
        ON CONFLICT (send_key) DO NOTHING
        RETURNING *),
      d AS (
        INSERT INTO cc_dm.deliveries (message_id, recipient)
        SELECT m.id, r.value FROM m, jsonb_array_elements_text(${recipients}::text::jsonb) WITH ORDINALITY r(value, n)
        ORDER BY r.n
        RETURNING 1),
      w AS (
        SELECT pg_notify(${this.#sql.unsafe(WAKE_CHANNEL_SQL("r.value"))}, m.id::text)
        FROM m, jsonb_array_elements_text(${recipients}::text::jsonb) r(value)
        UNION ALL SELECT pg_notify('cc_dm_traffic', m.id::text) FROM m)
      SELECT ${this.#sql.unsafe(MESSAGE_COLUMNS)}, (SELECT count(*) FROM d) AS deliveries,
        (SELECT count(*) FROM w) AS woken
      FROM m`;
    if (rows.length === 1) return toMessage(rows[0]);
    const [stored] = await sql`SELECT ${this.#sql.unsafe(MESSAGE_COLUMNS)} FROM cc_dm.messages m
      WHERE m.send_key = ${key}`;
    if (!stored) throw new Error(`message with send key ${key} was neither stored nor found`);
    return toMessage(stored);
  }
  claimDeliveries(recipient, claimer, leaseMs, limit, only) {
    return this.#run(() => this.#claim([], recipient, claimer, leaseMs, limit, only));
  }
  ackDeliveries(deliveryIds, claimer) {
    if (deliveryIds.length === 0) return Promise.resolve();
    return this.#run(async () => {
      await this.#sql`UPDATE cc_dm.deliveries SET delivered_at = ${this.#now()}
        WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify(deliveryIds)}::text::jsonb)::bigint)
          AND claimed_by = ${claimer} AND delivered_at IS NULL`;
    });
  }
  ackAndClaim(ackIds, recipient, claimer, leaseMs, limit) {
    return this.#run(() => this.#claim(ackIds, recipient, claimer, leaseMs, limit));
  }
  /**
   * One statement: acknowledge `ackIds`, claim the next batch (FOR UPDATE SKIP LOCKED: two
   * claimers never take the same row), and return the claimed messages.
   */
  async #claim(ackIds, recipient, claimer, leaseMs, limit, only) {
    const sql = this.#sql;
    const acks = JSON.stringify(ackIds);
    const reply = only ? sql`AND d.message_id IN (SELECT m.id FROM cc_dm.messages m WHERE m.id > ${only.messageId}
          AND (m.thread_id = ${only.threadId} OR m.in_reply_to = ${String(only.messageId)}))` : sql``;
    const rows = await sql`
      WITH p AS (SELECT ${this.#now()} AS now),
      a AS (
        UPDATE cc_dm.deliveries SET delivered_at = p.now FROM p
        WHERE id IN (SELECT jsonb_array_elements_text(${acks}::text::jsonb)::bigint)
          AND claimed_by = ${claimer} AND delivered_at IS NULL
        RETURNING 1),
      c AS (
        UPDATE cc_dm.deliveries t SET claimed_by = ${claimer}, claimed_at = p.now FROM p
        WHERE t.id IN (
          SELECT d.id FROM cc_dm.deliveries d, p
          WHERE d.recipient = ${recipient} AND d.delivered_at IS NULL
            AND (d.claimed_by IS NULL OR d.claimed_at < p.now - ${leaseMs}::bigint)
            AND d.id NOT IN (SELECT jsonb_array_elements_text(${acks}::text::jsonb)::bigint)
            ${reply}
          ORDER BY d.id LIMIT ${limit}
          FOR UPDATE OF d SKIP LOCKED)
        RETURNING t.id AS delivery_id, t.message_id)
      SELECT c.delivery_id, ${sql.unsafe(MESSAGE_COLUMNS)}, (SELECT count(*) FROM a) AS acked
      FROM c JOIN cc_dm.messages m ON m.id = c.message_id
      ORDER BY c.delivery_id`;
    return rows.map((r) => ({
      deliveryId: Number(r.delivery_id),
      recipient,
      message: toMessage(r)
    }));
  }
  releaseDeliveries(deliveryIds, claimer) {
    if (deliveryIds.length === 0) return Promise.resolve();
    return this.#run(async () => {
      await this.#sql`UPDATE cc_dm.deliveries SET claimed_by = NULL, claimed_at = NULL
        WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify(deliveryIds)}::text::jsonb)::bigint)
          AND claimed_by = ${claimer} AND delivered_at IS NULL`;
    });
  }
  renewDeliveries(deliveryIds, claimer) {
    if (deliveryIds.length === 0) return Promise.resolve();
    return this.#run(async () => {
      await this.#sql`UPDATE cc_dm.deliveries SET claimed_at = ${this.#now()}
        WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify(deliveryIds)}::text::jsonb)::bigint)
          AND claimed_by = ${claimer} AND delivered_at IS NULL`;
    });
  }
  setDelivery(name, instance, delivery, reason) {
    return this.#run(async () => {
      const changed = await this.#sql`UPDATE cc_dm.sessions SET delivery = ${delivery}, delivery_reason = ${reason}
        WHERE name = ${name} AND instance = ${instance} RETURNING 1`;
      return changed.length === 1;
    });
  }
  queuedMail() {
    return this.#run(async () => {
      const rows = await this.#sql`
        SELECT d.recipient, count(*) AS count, min(m.created_at) AS oldest
        FROM cc_dm.deliveries d JOIN cc_dm.messages m ON m.id = d.message_id
        WHERE d.delivered_at IS NULL GROUP BY d.recipient ORDER BY d.recipient`;
      return rows.map((r) => ({
        recipient: String(r.recipient),
        count: Number(r.count),
        oldest: Number(r.oldest)
      }));
    });
  }
  deliveryStates(messageId) {
    return this.#run(async () => {
      const rows = await this.#sql`SELECT recipient, delivered_at IS NOT NULL AS delivered
        FROM cc_dm.deliveries WHERE message_id = ${messageId} ORDER BY id`;
      return rows.map((r) => ({
        recipient: String(r.recipient),
        delivered: r.delivered === true
      }));
    });
  }
  message(id) {
    if (!Number.isSafeInteger(id)) return Promise.resolve(void 0);
    return this.#run(async () => {
      const [row] = await this.#sql`SELECT ${this.#sql.unsafe(MESSAGE_COLUMNS)} FROM cc_dm.messages m
        WHERE m.id = ${id}`;
      return row ? toMessage(row) : void 0;
    });
  }
  history(query) {
    const sql = this.#sql;
    const after = query.afterId !== void 0 ? sql`AND m.id > ${query.afterId}` : sql``;
    const session = query.session !== void 0 ? sql`AND (m.from_name = ${query.session} OR m.id IN (SELECT d.message_id FROM cc_dm.deliveries d
          WHERE d.recipient = ${query.session}))` : sql``;
    const project = query.project !== void 0 ? sql`AND (m.from_project = ${query.project} OR EXISTS (SELECT 1 FROM cc_dm.deliveries d
          JOIN cc_dm.sessions s ON s.name = d.recipient WHERE d.message_id = m.id AND s.project = ${query.project}))` : sql``;
    const thread = query.thread !== void 0 ? sql`AND m.thread_id = ${query.thread}` : sql``;
    return this.#run(async () => {
      const rows = await sql`SELECT ${sql.unsafe(MESSAGE_COLUMNS)} FROM cc_dm.messages m
        WHERE true ${after} ${session} ${project} ${thread} ORDER BY m.id DESC LIMIT ${query.limit}`;
      return rows.map(toMessage).reverse();
    });
  }
  prune(policy) {
    return this.#run(async () => {
      const [row] = await this.#sql`SELECT * FROM cc_dm.prune(
        (SELECT ${this.#now()}) - ${policy.deliveredMaxAgeMs}::bigint,
        ${Math.min(policy.deliveredMaxCount, 2 ** 31 - 1)}::integer,
        (SELECT ${this.#now()}) - ${policy.offlineSessionMaxAgeMs}::bigint)`;
      return {
        messages: Number(row.messages),
        sessions: Number(row.sessions)
      };
    });
  }
  subscribe(recipient) {
    return this.#listener.subscribe(recipient);
  }
  /** Times the LISTEN connection was rebuilt since open (tests, doctor). */
  get listenReconnects() {
    return this.#listener.reconnects;
  }
  async close() {
    if (this.#closed) return;
    this.#closed = true;
    await this.#listener.close();
    await this.#sql.end({
      timeout: 1
    }).catch(() => {
    });
  }
};
function takenBy(name, row) {
  const where = row ? ` (on ${row.host || "?"}, in ${row.cwd || "?"}, database user ${row.db_user})` : "";
  return new NameTakenError(`Session name "${name}" is taken by a live session${where}`, "Pick another name, or stop that session first; a name is free again as soon as its connection to the bus ends.");
}
var ROUTES = [
  "events",
  "socket",
  "hooks",
  "inbox"
];
function num(value) {
  return value === null || value === void 0 ? null : Number(value);
}
function sessionFromRow(r) {
  return {
    name: String(r.name),
    role: String(r.role),
    project: String(r.project),
    kind: r.kind === "cli" ? "cli" : "claude",
    online: r.online === true,
    user: r.db_user == null ? null : String(r.db_user),
    pid: num(r.pid),
    pidStart: r.pid_start == null ? null : String(r.pid_start),
    host: String(r.host),
    instance: r.instance == null ? null : String(r.instance),
    cwd: String(r.cwd),
    claudeSessionId: r.claude_session_id == null ? null : String(r.claude_session_id),
    delivery: ROUTES.find((x) => x === r.delivery) ?? "inbox",
    deliveryReason: typeof r.delivery_reason === "string" ? r.delivery_reason : "",
    acceptFrom: r.accept_from == null ? null : JSON.parse(String(r.accept_from)),
    rejectFrom: r.reject_from == null ? null : JSON.parse(String(r.reject_from)),
    startedAt: Number(r.started_at),
    lastSeen: Number(r.last_seen),
    state: r.state === "busy" || r.state === "idle" || r.state === "waiting" ? r.state : null,
    stateSince: num(r.state_since),
    statusText: r.status_text == null ? null : String(r.status_text),
    statusAt: num(r.status_at),
    transcriptPath: r.transcript_path == null ? null : String(r.transcript_path),
    health: r.health == null ? null : String(r.health)
  };
}
function toMessage(r) {
  return {
    id: Number(r.id),
    from: String(r.from_name),
    fromRole: String(r.from_role),
    fromProject: String(r.from_project),
    to: r.to_name == null ? null : String(r.to_name),
    recipients: JSON.parse(String(r.recipients)),
    content: String(r.content),
    priority: String(r.priority),
    messageType: String(r.message_type),
    threadId: String(r.thread_id),
    inReplyTo: r.in_reply_to == null ? null : String(r.in_reply_to),
    meta: JSON.parse(String(r.meta)),
    createdAt: Number(r.created_at),
    fromInstance: r.from_instance == null ? null : String(r.from_instance),
    fromUser: r.from_user == null ? null : String(r.from_user)
  };
}
export {
  PgBus,
  sessionFromRow
};
