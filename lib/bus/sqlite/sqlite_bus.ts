import { DatabaseSync, type StatementSync } from "node:sqlite";
import { pathToFileURL } from "node:url";
import type {
  Bus,
  CliPresence,
  Delivery,
  DeliveryRoute,
  HistoryQuery,
  NewMessage,
  QueuedMail,
  ReplyFilter,
  RetentionPolicy,
  SessionClaim,
  SessionRow,
  SessionState,
  StoredMessage,
  StoreOptions,
  WakeSubscription,
} from "../bus.ts";
import { isPulled } from "../bus.ts";
import { join } from "node:path";
import { CcDmError, NameTakenError } from "../../errors.ts";
import type { BusClock } from "../engine.ts";
import { BusError } from "../errors.ts";
import { isLegacyBus, moveLegacyAside } from "./legacy.ts";
import { isHolderAlive } from "./liveness.ts";
import {
  describeFix,
  ensurePrivateDir,
  ensurePrivateFile,
  type ModeFix,
  tighten,
} from "../../private_files.ts";
import { migrate, SCHEMA_VERSION, schemaVersion } from "./schema.ts";
import { busError, openError, sqliteFailure } from "./sqlite_errors.ts";
import { subscribeWake, timerSubscription, wakeRecipients } from "./wake_sockets.ts";
import { WriterTurns } from "./writer_turns.ts";
import {
  CLAIM,
  CLAIM_REPLIES,
  HAS_PENDING,
  INSERT_DELIVERY,
  PRECLAIMED,
  RELEASE_HOLDER_CLAIMS,
  RELEASE_PRECLAIMED,
  RELEASE_RECIPIENT_CLAIMS,
} from "./pending_sql.ts";
import { clearNoMailMarks, noMailDir } from "../no_mail_marks.ts";

/** How long a writer waits for the lock before "database is locked". */
const BUSY_TIMEOUT_MS = 5000;
/**
 * SQLite's own wait per attempt. Short: its busy handler blocks the whole process, so the rest
 * of the wait happens in #retry, where the event loop keeps running.
 */
const BUSY_STEP_MS = 20;
/**
 * WAL checkpoints. SQLite's automatic one runs inside whichever COMMIT crosses 1,000 pages, so
 * a sender paid 3.6-5.6 ms (an fsync) every ~140 messages. It is off; after a write that leaves
 * the WAL over CHECKPOINT_WAL_BYTES, a PASSIVE checkpoint runs on a timer once the caller has
 * its answer (and never keeps a CLI process alive). Only past HARD_WAL_BYTES (a writer that
 * never yields to its timers) does a writer checkpoint inline.
 */
const CHECKPOINT_WAL_BYTES = 4 * 1024 * 1024;
const HARD_WAL_BYTES = 16 * 1024 * 1024;
const CHECKPOINT_SPACING_MS = 200;
/** After a checkpoint the WAL is reused from its start and cut back to this size. */
const WAL_SIZE_LIMIT_BYTES = 1024 * 1024;

export interface SqliteBusOptions {
  /** The cc-dm directory (0700). */
  dir: string;
  /** The database file inside it. */
  file: string;
  /** Wake-up sockets directory (wake_sockets.ts). */
  wakeDir: string;
  /** Where notes about repairs go (modes fixed, 1.x bus moved aside). */
  note?: (text: string) => void;
  /** Open an existing bus only; never create the directory or file. */
  mustExist?: boolean;
  /** Look only: no creation, migration, move-aside or mode fixes (doctor). Implies mustExist. */
  readOnly?: boolean;
  /** The clock of every stored time; default the system clock. */
  clock?: BusClock;
  /** "poll": subscriptions never wake, readers poll (CC_DM_WAKE=poll); default "watch". */
  wake?: "watch" | "poll";
}

type Row = Record<string, unknown>;
type Claimed = { id: number; message_id: number };

const MESSAGE_COLUMNS = `m.id, m.from_name, m.from_role, m.from_project, m.to_name, m.content,
  m.priority, m.message_type, m.thread_id, m.in_reply_to, m.meta, m.created_at, m.from_instance,
  (SELECT group_concat(d.recipient, ',') FROM deliveries d WHERE d.message_id = m.id) AS recipients`;

/** The SQLite engine: one WAL database file shared by every process of one user. */
export class SqliteBus implements Bus {
  readonly location: string;
  readonly fixes: ModeFix[] = [];
  #db!: DatabaseSync;
  #dir: string;
  #wakeDir: string;
  #note: (text: string) => void;
  #claim!: StatementSync;
  #claimReplies!: StatementSync;
  #ack!: StatementSync;
  #hasPending!: StatementSync;
  #preclaimed!: StatementSync;
  #insertMessage!: StatementSync;
  #insertDelivery!: StatementSync;
  #setThread!: StatementSync;
  #touch!: StatementSync;
  #selectSession: StatementSync | undefined;
  #touchHealth: StatementSync | undefined;
  #historyBySession: StatementSync | undefined;
  #selectSessions!: StatementSync;
  #messagesByIds!: StatementSync;
  #checkpointAt = 0;
  /** Whether this open made hooks/nomail (#prepareNoMailDir). */
  #noMailDirReady = false;
  /** Wake-ups of stored messages not yet sent (StoreOptions.wake "after"). */
  #pendingWakes = new Set<Promise<void>>();
  #checkpointTimer: ReturnType<typeof setTimeout> | undefined;
  #options: SqliteBusOptions;
  #fileId: FileId | null | "unknown" = null;
  /**
   * Per claimer: the deliveries this process handed it and it has neither acknowledged nor
   * handed back. Senders claim a pushing holder's mail at insert (pending_sql.ts
   * INSERT_DELIVERY): its claims outside this set are the ones it was not handed yet.
   */
  #handed = new Map<string, Set<number>>();
  /** Writers queue here before SQLite's write lock (writer_turns.ts); none for a read-only open. */
  #turns: WriterTurns | undefined;
  /** The engine clock: every stored time comes from it. */
  readonly #now: () => number;
  readonly #here = Deno.hostname();

  /**
   * Open (or create) the bus. Throws BusError: "missing" (mustExist and no file), "locked",
   * "corrupt", "readonly", "cantopen", "schema" (readOnly and it needs a migration), ...
   */
  static open(options: SqliteBusOptions): Promise<SqliteBus> {
    return Promise.resolve(new SqliteBus(options));
  }

  /** Synchronous open, for SqliteBus.open and the engine's own tools; throws as open does. */
  constructor(options: SqliteBusOptions) {
    this.location = options.file;
    this.#dir = options.dir;
    this.#wakeDir = options.wakeDir;
    this.#note = options.note ?? (() => {});
    this.#options = options;
    const clock = options.clock;
    this.#now = clock ? () => clock.now() : Date.now;
    try {
      this.#open(options);
    } catch (err) {
      throw openError(err, options.file, !!(options.mustExist || options.readOnly));
    }
  }

  /**
   * Reopen the bus when its file is no longer the one this process opened (`rm -rf ~/.cc-dm`
   * under running sessions, a restore from backup): the old file is unreachable for everyone
   * else, so staying on it would split the bus silently. True when it reopened; the caller
   * registers its name again. Throws as open does when the new file cannot be made.
   */
  reopenIfReplaced(): Promise<boolean> {
    if (sameFile(this.#fileId, fileId(this.location))) return Promise.resolve(false);
    this.#closeNow();
    this.#noMailDirReady = false;
    this.#selectSession = undefined;
    this.#touchHealth = undefined;
    this.#historyBySession = undefined;
    try {
      this.#open({ ...this.#options, mustExist: false });
    } catch (err) {
      return Promise.reject(openError(err, this.location, false));
    }
    return Promise.resolve(true);
  }

  #open(options: SqliteBusOptions): void {
    const note = this.#note;
    this.#handed.clear(); // a reopened file's ids are other rows
    if (options.readOnly) {
      Deno.statSync(options.file); // NotFound: "missing"
      this.#db = openDatabase(options.file, { create: false, setWal: false });
      try {
        this.#checkReadable(options.file);
      } catch (err) {
        this.#db.close();
        throw err;
      }
      this.#db.exec(`PRAGMA busy_timeout = ${BUSY_STEP_MS}`);
      this.#fileId = fileId(options.file);
      this.#prepare();
      return;
    }
    if (options.mustExist) {
      Deno.statSync(options.file); // throws NotFound, which callers turn into a clear error
    } else {
      const dirFix = ensurePrivateDir(options.dir);
      if (dirFix) this.fixes.push(dirFix);
      const fileFix = ensurePrivateFile(options.file);
      if (fileFix) this.fixes.push(fileFix);
      // The directories inside get the same checks as the top one. A bad one does not stop the
      // bus (wake-ups and hook marks then degrade to polling); it is said on stderr.
      for (const sub of [options.wakeDir, join(options.dir, "hooks")]) {
        try {
          if (!Deno.lstatSync(sub)) continue;
          const fix = ensurePrivateDir(sub, { sub: true });
          if (fix) this.fixes.push(fix);
        } catch (err) {
          if (err instanceof Deno.errors.NotFound) continue;
          note(
            err instanceof CcDmError && err.hint
              ? `${err.message}. ${err.hint}`
              : String((err as Error).message),
          );
        }
      }
    }
    // Before opening: closing any descriptor of a database file drops this process's SQLite
    // locks on it (POSIX locks are per process), and a second process could then reset the
    // -shm under us (SIGBUS). SQLite creates missing ones with bus.db's mode.
    for (const suffix of ["-wal", "-shm"]) {
      const fix = tighten(options.file + suffix, 0o600);
      if (fix) this.fixes.push(fix);
    }
    this.#db = openDatabase(options.file);
    if (isLegacyBus(this.#db)) {
      this.#db.close();
      const aside = moveLegacyAside(options.file, new Date());
      note(
        `Found a cc-dm 1.x bus at ${options.file}; moved it aside to ${aside} (1.x mail expires after 15 s, so nothing was carried over) and created a new bus.`,
      );
      ensurePrivateFile(options.file);
      this.#db = openDatabase(options.file);
    }
    // Only a bus that needs migrating takes the write lock at open: `who`, `tail` and the hooks
    // must work while another process holds it.
    this.#turns = new WriterTurns(options.dir);
    if (schemaVersion(this.#db) !== SCHEMA_VERSION) this.#transaction(() => migrate(this.#db, options.file));
    this.#db.exec(`PRAGMA busy_timeout = ${BUSY_STEP_MS}`);
    for (const fix of this.fixes) note(describeFix(fix));
    this.#fileId = fileId(options.file);
    this.#prepare();
  }

  /** A read-only open must find the current schema: it may not migrate or move anything. */
  #checkReadable(file: string): void {
    if (isLegacyBus(this.#db)) {
      throw new BusError(
        "schema",
        `Cannot read bus ${JSON.stringify(file)}: it is a cc-dm 1.x bus`,
        "Any cc-dm 2 command moves it aside and starts a new bus (1.x mail expired after 15 s).",
      );
    }
    const version = schemaVersion(this.#db);
    if (version !== SCHEMA_VERSION) {
      throw new BusError(
        "schema",
        `Cannot read bus ${
          JSON.stringify(file)
        }: schema version ${version}, this cc-dm reads ${SCHEMA_VERSION}`,
        version < SCHEMA_VERSION ? "Run `cc-dm who` to upgrade it." : "Upgrade this cc-dm.",
      );
    }
  }

  #prepare(): void {
    this.#claim = this.#db.prepare(CLAIM);
    this.#claimReplies = this.#db.prepare(CLAIM_REPLIES);
    // One statement for a whole batch: ids travel as a JSON array.
    this.#ack = this.#db.prepare(`
      UPDATE deliveries SET delivered_at = ?
      WHERE id IN (SELECT value FROM json_each(?)) AND claimed_by = ? AND delivered_at IS NULL`);
    this.#selectSessions = this.#db.prepare(`SELECT * FROM sessions ORDER BY started_at, name`);
    this.#messagesByIds = this.#db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.id IN (SELECT value FROM json_each(?))`,
    );
    this.#hasPending = this.#db.prepare(HAS_PENDING);
    this.#insertMessage = this.#db.prepare(`
      INSERT INTO messages (from_name, from_role, from_project, to_name, content, priority,
        message_type, thread_id, in_reply_to, meta, created_at, from_instance)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT instance FROM sessions WHERE name = ?1))
      RETURNING id`);
    this.#insertDelivery = this.#db.prepare(INSERT_DELIVERY);
    this.#preclaimed = this.#db.prepare(PRECLAIMED);
    this.#setThread = this.#db.prepare(`UPDATE messages SET thread_id = ? WHERE id = ?`);
    this.#touch = this.#db.prepare(`UPDATE sessions SET last_seen = ? WHERE name = ? AND instance = ?`);
  }

  async claimSession(claim: SessionClaim): Promise<SessionRow> {
    const row = await this.#retry(() => {
      return Promise.resolve(this.#transaction(() => {
        const now = this.#now();
        const existing = this.#sessionRow(claim.name);
        if (existing && existing.instance && existing.instance !== claim.instance && existing.online) {
          throw new NameTakenError(
            `Session name "${claim.name}" is taken by a live session (pid ${existing.pid}, in ${
              existing.cwd || "?"
            })`,
            "Pick another name, or stop that session first; a name is free again as soon as its process exits.",
          );
        }
        this.#db.prepare(`
          INSERT INTO sessions (name, role, project, kind, pid, pid_start, host, instance, cwd,
            claude_session_id, started_at, last_seen, delivery, accept_from, reject_from, delivery_reason,
            claims_at_insert)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
          ON CONFLICT(name) DO UPDATE SET role = excluded.role, project = excluded.project,
            claims_at_insert = 1,
            kind = excluded.kind, pid = excluded.pid, pid_start = excluded.pid_start,
            host = excluded.host, instance = excluded.instance, cwd = excluded.cwd,
            claude_session_id = excluded.claude_session_id, started_at = excluded.started_at,
            last_seen = excluded.last_seen, delivery = excluded.delivery,
            accept_from = excluded.accept_from, reject_from = excluded.reject_from,
            delivery_reason = excluded.delivery_reason, health = NULL,
            state = CASE WHEN sessions.instance IS excluded.instance THEN sessions.state END,
            state_since = CASE WHEN sessions.instance IS excluded.instance THEN sessions.state_since END,
            status_text = CASE WHEN sessions.instance IS excluded.instance THEN sessions.status_text END,
            status_at = CASE WHEN sessions.instance IS excluded.instance THEN sessions.status_at END,
            transcript_path = CASE WHEN sessions.instance IS excluded.instance
              THEN sessions.transcript_path END`).run(
          claim.name,
          claim.role,
          claim.project,
          claim.kind,
          claim.pid,
          claim.pidStart,
          claim.host,
          claim.instance,
          claim.cwd,
          claim.claudeSessionId,
          now,
          now,
          claim.delivery,
          claim.acceptFrom === null ? null : JSON.stringify(claim.acceptFrom),
          claim.rejectFrom === null ? null : JSON.stringify(claim.rejectFrom),
          claim.deliveryReason,
        );
        // A previous holder that died between claim and push left claims behind: release them
        // so those messages are delivered again (at-least-once, deduplicated by message_id).
        this.#db.prepare(RELEASE_RECIPIENT_CLAIMS).run(claim.name);
        return this.#sessionRow(claim.name)!;
      }));
    });
    // A new name for some Claude Code session, or released claims: its hooks must look again.
    // (A person's or script's `cli:` name is never a session's, only its own claims matter.)
    clearNoMailMarks(this.#dir, claim.kind === "cli" ? [claim.name] : null);
    return row;
  }

  async leaveSession(name: string, instance: string): Promise<void> {
    await this.#retry(() => {
      this.#transaction(() => {
        const now = this.#now();
        this.#db.prepare(`
          UPDATE sessions SET pid = NULL, pid_start = NULL, instance = NULL, last_seen = ?
          WHERE name = ? AND instance = ?`).run(now, name, instance);
        this.#db.prepare(RELEASE_HOLDER_CLAIMS).run(name, instance);
      });
      return Promise.resolve();
    });
    // Its released claims are mail again.
    clearNoMailMarks(this.#dir, [name]);
  }

  touchSession(name: string, instance: string, health?: string | null): Promise<boolean> {
    return this.#retry(() => {
      const now = this.#now();
      if (health !== undefined) {
        this.#touchHealth ??= this.#db.prepare(
          `UPDATE sessions SET last_seen = ?, health = ? WHERE name = ? AND instance = ?`,
        );
        const touchHealth = this.#touchHealth;
        return Promise.resolve(
          this.#write(() => Number(touchHealth.run(now, health, name, instance).changes) === 1),
        );
      }
      return Promise.resolve(this.#write(() => Number(this.#touch.run(now, name, instance).changes) === 1));
    });
  }

  sessions(): Promise<SessionRow[]> {
    return this.#retry(() => {
      const now = this.#now();
      return Promise.resolve(
        (this.#selectSessions.all() as Row[]).map((r) => sessionFromRow(r, now, this.#here)),
      );
    });
  }

  session(name: string): Promise<SessionRow | undefined> {
    return this.#retry(() => {
      return Promise.resolve(this.#sessionRow(name));
    });
  }

  setState(
    name: string,
    state: SessionState,
    report: { transcriptPath?: string | null; statusFreshMs?: number } = {},
  ): Promise<boolean> {
    // No waiting for the lock: state is a courtesy, and the hook that records it must not spend
    // its time budget on it (the claim after it waits for the lock already).
    try {
      return Promise.resolve(this.#setState(name, state, report));
    } catch (err) {
      return Promise.reject(busError(err, this.location));
    }
  }

  #setState(
    name: string,
    state: SessionState,
    report: { transcriptPath?: string | null; statusFreshMs?: number },
  ): boolean {
    const now = this.#now();
    const transcript = report.transcriptPath ?? null;
    const stale = state === "idle" && report.statusFreshMs !== undefined ? now - report.statusFreshMs : null;
    const changes = this.#db.prepare(`
      UPDATE sessions SET
        state_since = CASE WHEN state IS ? THEN state_since ELSE ? END,
        state = ?,
        transcript_path = coalesce(?, transcript_path),
        status_text = CASE WHEN ? IS NOT NULL AND status_at < ? THEN NULL ELSE status_text END,
        status_at = CASE WHEN ? IS NOT NULL AND status_at < ? THEN NULL ELSE status_at END
      WHERE name = ? AND instance IS NOT NULL
        AND (state IS NOT ? OR (? IS NOT NULL AND transcript_path IS NOT ?)
          OR (? IS NOT NULL AND status_at < ?))`).run(
      state,
      now,
      state,
      transcript,
      stale,
      stale,
      stale,
      stale,
      name,
      state,
      transcript,
      transcript,
      stale,
      stale,
    ).changes;
    if (Number(changes) === 1) return true;
    return this.#sessionRow(name)?.instance != null;
  }

  setStatus(name: string, instance: string, text: string | null): Promise<boolean> {
    return this.#retry(() => {
      const changes = this.#write(() =>
        this.#db.prepare(
          `UPDATE sessions SET status_text = ?, status_at = ? WHERE name = ? AND instance = ?`,
        ).run(text, text === null ? null : this.#now(), name, instance).changes
      );
      return Number(changes) === 1;
    });
  }

  forgetSession(name: string): Promise<boolean> {
    return this.#retry(() => {
      return Promise.resolve(
        this.#write(() =>
          Number(this.#db.prepare(`DELETE FROM sessions WHERE name = ?`).run(name).changes) === 1
        ),
      );
    });
  }

  insertMessage(msg: NewMessage, options: StoreOptions = {}): Promise<StoredMessage> {
    return this.#store(msg, null, options.wake ?? "before");
  }

  insertCliMessage(msg: NewMessage, presence: CliPresence): Promise<StoredMessage> {
    return this.#store(msg, presence, "before");
  }

  async #store(msg: NewMessage, cli: CliPresence | null, wake: "before" | "after"): Promise<StoredMessage> {
    const { id, now } = await this.#retry(() =>
      this.#transaction(() => {
        const now = this.#now();
        if (cli) this.#writeCliRow(msg, cli, now);
        const { id } = this.#insertMessage.get(
          msg.from,
          msg.fromRole,
          msg.fromProject,
          msg.to,
          msg.content,
          msg.priority,
          msg.messageType,
          msg.threadId ?? "",
          msg.inReplyTo,
          JSON.stringify(msg.meta),
          now,
        ) as { id: number };
        if (msg.threadId === null) this.#setThread.run(String(id), id);
        for (const recipient of msg.recipients) this.#insertDelivery.run(id, recipient, now);
        return { id, now };
      })
    );
    this.#afterWrite();
    // After COMMIT, before the wake-up: the recipients' busy hooks look again (never throws).
    // A CLI sender's row was written too: its released claims are mail again.
    if (!this.#noMailDirReady) this.#prepareNoMailDir();
    clearNoMailMarks(this.#dir, cli ? [...msg.recipients, msg.from] : msg.recipients);
    // Stored: from here nothing may report the send failed (a retry would duplicate it).
    if (wake === "after") this.#wakeSoon(id, msg.recipients);
    else await this.#wake(id, msg.recipients);
    return {
      ...msg,
      id,
      threadId: msg.threadId ?? String(id),
      createdAt: now,
    };
  }

  /**
   * Make hooks/nomail once per open (private, as every directory of the bus), so the look for
   * markers after each send lists a directory instead of raising NotFound, which cost ~30 µs
   * of a dm's ~150 µs (the error's stack trace). A hooks/ we may not write in stays as it is.
   */
  #prepareNoMailDir(): void {
    this.#noMailDirReady = true;
    try {
      for (const dir of [join(this.#dir, "hooks"), noMailDir(this.#dir)]) {
        const fix = ensurePrivateDir(dir, { sub: true });
        if (fix) this.#note(describeFix(fix));
      }
    } catch {
      // Not ours or not writable: the markers' look raises NotFound each time, as before.
    }
  }

  /** Wake the readers of a stored message. Never throws: a lost wake-up only delays delivery to the reader's safety poll. */
  async #wake(id: number, recipients: readonly string[]): Promise<void> {
    try {
      await wakeRecipients(this.#wakeDir, recipients);
    } catch (err) {
      this.#note(
        `message ${id} is stored, but waking its readers failed (they find it on their next poll): ${
          err instanceof Error ? err.message : String(err)
        }`,
      );
    }
  }

  /**
   * #wake once the caller had its answer: setImmediate runs after the promise callbacks that
   * write it (setTimeout(0) would wait ~2 ms here). close() waits for what is pending.
   */
  #wakeSoon(id: number, recipients: readonly string[]): void {
    const pending = new Promise((resolve) => setImmediate(resolve)).then(() => this.#wake(id, recipients));
    this.#pendingWakes.add(pending);
    pending.finally(() => this.#pendingWakes.delete(pending));
  }

  /**
   * The row of a person or script sending now, written offline as a claim and a leave would
   * (inside #store's transaction). A live `ask` of the same name keeps its row; a live Claude
   * session holding the name refuses the send.
   */
  #writeCliRow(msg: NewMessage, cli: CliPresence, now: number): void {
    const existing = this.#sessionRow(msg.from);
    if (existing?.online) {
      if (existing.kind === "cli") return;
      throw new NameTakenError(
        `Session name "${msg.from}" is taken by a live session (pid ${existing.pid}, in ${
          existing.cwd || "?"
        }); nothing was sent`,
        "Send under another name (--from); a name is free again as soon as its process exits.",
      );
    }
    this.#db.prepare(`
      INSERT INTO sessions (name, role, project, kind, pid, pid_start, host, instance, cwd,
        claude_session_id, started_at, last_seen, delivery, accept_from, reject_from, delivery_reason)
      VALUES (?, ?, ?, 'cli', NULL, NULL, ?, NULL, ?, NULL, ?, ?, 'events', NULL, NULL, '')
      ON CONFLICT(name) DO UPDATE SET role = excluded.role, project = excluded.project,
        kind = excluded.kind, pid = NULL, pid_start = NULL, host = excluded.host, instance = NULL,
        claims_at_insert = 0,
        cwd = excluded.cwd, claude_session_id = NULL, started_at = excluded.started_at,
        last_seen = excluded.last_seen, delivery = excluded.delivery, accept_from = NULL,
        reject_from = NULL, delivery_reason = excluded.delivery_reason, health = NULL, state = NULL,
        state_since = NULL, status_text = NULL, status_at = NULL, transcript_path = NULL`).run(
      msg.from,
      msg.fromRole,
      msg.fromProject,
      cli.host,
      cli.cwd,
      now,
      now,
    );
    // Claims a dead holder of the name left behind are mail again, as after a claim.
    this.#db.prepare(RELEASE_RECIPIENT_CLAIMS).run(msg.from);
  }

  async claimDeliveries(
    recipient: string,
    claimer: string,
    leaseMs: number,
    limit: number,
    only?: ReplyFilter,
  ): Promise<Delivery[]> {
    if (only) {
      // `ask` waiting for replies: a person's name, never claimed at insert.
      if (!(await this.#retry(() => this.#hasPending.get(recipient, this.#now() - leaseMs)))) return [];
      const replies = await this.#retry(() =>
        this.#write(() => this.#claimNow(recipient, claimer, this.#now(), leaseMs, limit, only))
      );
      this.#afterWrite();
      return await this.#retry(() => this.#deliveries(recipient, replies));
    }
    // Reads first: a pushing session's mail was claimed for it by its senders, and most
    // safety polls of an idle session find nothing; neither takes the write lock.
    const claimed = await this.#retry(() => {
      const now = this.#now();
      if (!this.#hasPending.get(recipient, now - leaseMs)) {
        return this.#takePreclaimed(recipient, claimer, limit);
      }
      const both = this.#transaction(() => [
        ...this.#claimNow(recipient, claimer, now, leaseMs, limit),
        ...this.#takePreclaimed(recipient, claimer, limit),
      ]);
      this.#afterWrite();
      return both;
    });
    const deliveries = await this.#retry(() => this.#deliveries(recipient, claimed));
    this.#markHanded(claimer, deliveries.map((d) => d.deliveryId));
    return deliveries;
  }

  async ackDeliveries(deliveryIds: number[], claimer: string): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.#retry(() =>
      this.#write(() => this.#ack.run(this.#now(), JSON.stringify(deliveryIds), claimer))
    );
    this.#markHanded(claimer, [], deliveryIds);
    this.#afterWrite();
  }

  async ackAndClaim(
    ackIds: number[],
    recipient: string,
    claimer: string,
    leaseMs: number,
    limit: number,
  ): Promise<Delivery[]> {
    if (ackIds.length === 0) return await this.claimDeliveries(recipient, claimer, leaseMs, limit);
    const claimed = await this.#retry(() =>
      this.#transaction(() => {
        const now = this.#now();
        this.#ack.run(now, JSON.stringify(ackIds), claimer);
        // Usually nothing came meanwhile: a read costs a tenth of the claim's UPDATE.
        const fresh = this.#hasPending.get(recipient, now - leaseMs)
          ? this.#claimNow(recipient, claimer, now, leaseMs, limit)
          : [];
        return [...fresh, ...this.#takePreclaimed(recipient, claimer, limit)];
      })
    );
    this.#markHanded(claimer, [], ackIds);
    this.#afterWrite();
    const deliveries = await this.#retry(() => this.#deliveries(recipient, claimed));
    this.#markHanded(claimer, deliveries.map((d) => d.deliveryId));
    return deliveries;
  }

  async releaseDeliveries(deliveryIds: number[], claimer: string): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.#retry(() =>
      this.#transaction(() => {
        const release = this.#db.prepare(`UPDATE deliveries SET claimed_by = NULL, claimed_at = NULL
        WHERE id = ? AND claimed_by = ? AND delivered_at IS NULL`);
        for (const id of deliveryIds) release.run(id, claimer);
      })
    );
    // Only once committed: a failed release leaves them claimed and handed, not to be handed twice.
    this.#markHanded(claimer, [], deliveryIds);
  }

  renewDeliveries(deliveryIds: number[], claimer: string): Promise<void> {
    if (deliveryIds.length === 0) return Promise.resolve();
    return this.#retry(() =>
      this.#transaction(() => {
        const now = this.#now();
        const renew = this.#db.prepare(`UPDATE deliveries SET claimed_at = ?
        WHERE id = ? AND claimed_by = ? AND delivered_at IS NULL`);
        for (const id of deliveryIds) renew.run(now, id, claimer);
      })
    );
  }

  setDelivery(name: string, instance: string, delivery: DeliveryRoute, reason: string): Promise<boolean> {
    return this.#retry(() =>
      this.#transaction(() => {
        const changed = this.#db.prepare(
          `UPDATE sessions SET delivery = ?, delivery_reason = ? WHERE name = ? AND instance = ?`,
        ).run(delivery, reason, name, instance).changes;
        // A session that now pulls its mail (hooks, inbox) hands back what its senders claimed
        // for it and it never took; in the same transaction, so no sender claims more after.
        // What it was handed stays claimed: a receipt may still settle it.
        if (isPulled(delivery)) {
          this.#db.prepare(RELEASE_PRECLAIMED).run(name, instance, this.#handedJson(instance));
        }
        return Number(changed) === 1;
      })
    );
  }

  deliveryStates(messageId: number): Promise<{ recipient: string; delivered: boolean }[]> {
    return this.#retry(() => {
      const rows = this.#db.prepare(
        `SELECT recipient, delivered_at IS NOT NULL AS delivered FROM deliveries WHERE message_id = ? ORDER BY id`,
      ).all(messageId) as Row[];
      return rows.map((r) => ({ recipient: String(r.recipient), delivered: Number(r.delivered) === 1 }));
    });
  }

  queuedMail(): Promise<QueuedMail[]> {
    return this.#retry(() => {
      const rows = this.#db.prepare(`
        SELECT d.recipient, count(*) AS count, min(m.created_at) AS oldest
        FROM deliveries d JOIN messages m ON m.id = d.message_id
        WHERE d.delivered_at IS NULL GROUP BY d.recipient ORDER BY d.recipient`).all() as Row[];
      return Promise.resolve(rows.map((r) => ({
        recipient: String(r.recipient),
        count: Number(r.count),
        oldest: Number(r.oldest),
      })));
    });
  }

  message(id: number): Promise<StoredMessage | undefined> {
    return this.#retry(() => {
      return Promise.resolve(this.#messagesById([id]).get(id));
    });
  }

  history(query: HistoryQuery): Promise<StoredMessage[]> {
    if (query.session !== undefined && query.project === undefined && query.thread === undefined) {
      const session = query.session;
      return this.#retry(() => this.#sessionHistory(session, query.afterId ?? 0, query.limit));
    }
    return this.#retry(() => {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (query.afterId !== undefined) {
        where.push("m.id > ?");
        params.push(query.afterId);
      }
      if (query.session !== undefined) {
        where.push(
          "(m.from_name = ? OR EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND d.recipient = ?))",
        );
        params.push(query.session, query.session);
      }
      if (query.project !== undefined) {
        where.push(`(m.from_project = ? OR EXISTS (SELECT 1 FROM deliveries d JOIN sessions s
          ON s.name = d.recipient WHERE d.message_id = m.id AND s.project = ?))`);
        params.push(query.project, query.project);
      }
      if (query.thread !== undefined) {
        where.push("m.thread_id = ?");
        params.push(query.thread);
      }
      const sql = `SELECT ${MESSAGE_COLUMNS} FROM messages m
        ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY m.id DESC LIMIT ?`;
      const rows = this.#db.prepare(sql).all(...params, query.limit) as Row[];
      return Promise.resolve(rows.map(toMessage).reverse());
    });
  }

  prune(policy: RetentionPolicy): Promise<{ messages: number; sessions: number }> {
    return this.#retry(() => {
      const now = this.#now();
      // The cut-offs are found with reads, outside the write lock, each costing about what it
      // will delete (ids grow with time), so a prune with nothing to do takes no lock at all;
      // the deletes are then id ranges. Before, both deletes scanned every message in the lock.
      const ageCut = now - policy.deliveredMaxAgeMs;
      const firstYoung = this.#db.prepare(`SELECT id FROM messages WHERE created_at >= ? ORDER BY id LIMIT 1`)
        .get(ageCut) as { id: number } | undefined;
      const { low, high } = this.#db.prepare(`SELECT min(id) AS low, max(id) AS high FROM messages`)
        .get() as { low: number | null; high: number | null };
      const oldEnd = firstYoung?.id ?? (high === null ? 0 : high + 1);
      // Only when the id range is longer than the bound can there be more messages than it.
      const countEnd = low !== null && high !== null && high - low + 1 > policy.deliveredMaxCount
        ? (this.#db.prepare(`SELECT id FROM messages ORDER BY id DESC LIMIT 1 OFFSET ?`)
          .get(policy.deliveredMaxCount) as { id: number } | undefined)?.id
        : undefined;
      const staleSessions = this.#db.prepare(
        `SELECT 1 FROM sessions WHERE instance IS NULL AND last_seen < ? LIMIT 1`,
      ).get(now - policy.offlineSessionMaxAgeMs);
      const oldWork = low !== null && low < oldEnd;
      if (!oldWork && countEnd === undefined && !staleSessions) return { messages: 0, sessions: 0 };
      return this.#transaction(() => {
        const fullyDelivered = `NOT EXISTS (SELECT 1 FROM deliveries d
          WHERE d.message_id = messages.id AND d.delivered_at IS NULL)`;
        let messages = 0;
        if (oldWork) {
          messages += Number(
            this.#db.prepare(`DELETE FROM messages WHERE id < ? AND created_at < ? AND ${fullyDelivered}`)
              .run(oldEnd, ageCut).changes,
          );
        }
        if (countEnd !== undefined) {
          messages += Number(
            this.#db.prepare(`DELETE FROM messages WHERE id <= ? AND ${fullyDelivered}`).run(countEnd)
              .changes,
          );
        }
        const sessions = staleSessions
          ? Number(
            this.#db.prepare(`DELETE FROM sessions WHERE instance IS NULL AND last_seen < ?
              AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.recipient = sessions.name
                AND d.delivered_at IS NULL)`).run(now - policy.offlineSessionMaxAgeMs).changes,
          )
          : 0;
        return { messages, sessions };
      });
    });
  }

  subscribe(recipient: string | null): Promise<WakeSubscription> {
    // The socket listens before this returns: a message inserted after it wakes it.
    if (this.#options.wake === "poll") return Promise.resolve(timerSubscription("CC_DM_WAKE=poll"));
    try {
      return Promise.resolve(subscribeWake(this.#wakeDir, recipient, this.#note));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  async close(): Promise<void> {
    this.#closeNow();
    // Wake-ups of messages already stored still go out (they need no database).
    await Promise.all(this.#pendingWakes);
  }

  #closeNow(): void {
    if (this.#checkpointTimer !== undefined) clearTimeout(this.#checkpointTimer);
    this.#checkpointTimer = undefined;
    this.#turns?.close();
    this.#turns = undefined;
    try {
      this.#db.close();
    } catch {
      // Already closed.
    }
  }

  #sessionRow(name: string): SessionRow | undefined {
    // Every send looks its recipient up: prepare once.
    this.#selectSession ??= this.#db.prepare(`SELECT * FROM sessions WHERE name = ?`);
    const row = this.#selectSession.get(name) as Row | undefined;
    return row ? sessionFromRow(row, this.#now(), this.#here) : undefined;
  }

  #messagesById(ids: number[]): Map<number, StoredMessage> {
    const rows = this.#messagesByIds.all(JSON.stringify([...new Set(ids)])) as Row[];
    return new Map(rows.map((r) => [Number(r.id), toMessage(r)]));
  }

  #claimNow(
    recipient: string,
    claimer: string,
    now: number,
    leaseMs: number,
    limit: number,
    only?: ReplyFilter,
  ): Claimed[] {
    return (only
      ? this.#claimReplies.all(
        claimer,
        now,
        recipient,
        now - leaseMs,
        only.messageId,
        only.threadId,
        String(only.messageId),
        limit,
      )
      : this.#claim.all(claimer, now, recipient, now - leaseMs, limit)) as Claimed[];
  }

  /** What senders claimed for this holder and it was not handed yet (a read). */
  #takePreclaimed(recipient: string, claimer: string, limit: number): Claimed[] {
    return this.#preclaimed.all(recipient, claimer, this.#handedJson(claimer), limit) as Claimed[];
  }

  #handedJson(claimer: string): string {
    return JSON.stringify([...this.#handed.get(claimer) ?? []]);
  }

  /** Record what `claimer` is handed now; settled ids leave (acknowledged or handed back). */
  #markHanded(claimer: string, handed: Iterable<number>, settled: Iterable<number> = []): void {
    let set = this.#handed.get(claimer);
    if (!set) this.#handed.set(claimer, set = new Set());
    for (const id of settled) set.delete(id);
    for (const id of handed) set.add(id);
    if (set.size === 0) this.#handed.delete(claimer);
  }

  /** The claimed rows as deliveries, once each (a fresh claim and a claim at insert may overlap). */
  #deliveries(recipient: string, claimed: Claimed[]): Delivery[] {
    if (claimed.length === 0) return [];
    const unique = [...new Map(claimed.map((c) => [c.id, c])).values()];
    const messages = this.#messagesById(unique.map((c) => c.message_id));
    return unique
      .map((c) => ({ deliveryId: c.id, recipient, message: messages.get(c.message_id)! }))
      .sort((a, b) => a.deliveryId - b.deliveryId);
  }

  /** The newest `limit` messages sent by or to `name`: two index range scans, not a history scan. */
  #sessionHistory(name: string, afterId: number, limit: number): StoredMessage[] {
    this.#historyBySession ??= this.#db.prepare(`
      SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.id IN (
        SELECT id FROM (SELECT id FROM messages WHERE from_name = ?1 AND id > ?2 ORDER BY id DESC LIMIT ?3)
        UNION
        SELECT id FROM (SELECT message_id AS id FROM deliveries WHERE recipient = ?1 AND message_id > ?2
          ORDER BY message_id DESC LIMIT ?3))
      ORDER BY m.id DESC LIMIT ?3`);
    return (this.#historyBySession.all(name, afterId, limit) as Row[]).map(toMessage).reverse();
  }

  /** Upkeep after a write: the checkpoint policy (see CHECKPOINT_WAL_BYTES). */
  #afterWrite(): void {
    let size: number;
    try {
      size = Deno.statSync(this.location + "-wal").size;
    } catch {
      return;
    }
    if (size < CHECKPOINT_WAL_BYTES) return;
    if (size >= HARD_WAL_BYTES) return this.#checkpoint();
    if (this.#checkpointTimer !== undefined || Date.now() - this.#checkpointAt < CHECKPOINT_SPACING_MS) {
      return;
    }
    const timer = setTimeout(() => {
      this.#checkpointTimer = undefined;
      this.#checkpoint();
    }, 0);
    // A CLI process that is done must not stay for the checkpoint: the next writer runs it.
    Deno.unrefTimer(timer);
    this.#checkpointTimer = timer;
  }

  #checkpoint(): void {
    this.#checkpointAt = Date.now(); // spacing of upkeep: wall time, not bus time
    try {
      // PASSIVE never waits for readers or writers; it copies what it can.
      this.#db.exec("PRAGMA wal_checkpoint(PASSIVE)");
    } catch {
      // Closed meanwhile, or busy: a later write tries again.
    }
  }

  /** A single-statement write, in this process's writer turn. */
  #write<T>(work: () => T): T {
    return this.#turns ? this.#turns.run(work) : work();
  }

  #transaction<T>(work: () => T): T {
    return this.#write(() => this.#transactionNow(work));
  }

  #transactionNow<T>(work: () => T): T {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.#db.exec("COMMIT");
      return result;
    } catch (err) {
      // SQLite rolls back by itself on some errors (disk full, I/O): a second ROLLBACK would
      // replace the real reason with "cannot rollback - no transaction is active".
      if (this.#db.isTransaction) {
        try {
          this.#db.exec("ROLLBACK");
        } catch {
          // The original error is the one worth reporting.
        }
      }
      throw err;
    }
  }

  /**
   * Run `work`, retrying while another process holds the lock, for up to BUSY_TIMEOUT_MS. The
   * wait is asynchronous (SQLite's own busy handler sleeps in the thread): a channel waiting
   * for the lock still answers ping and tool calls. Other SQLite errors become clear BusErrors.
   */
  async #retry<T>(work: () => T | Promise<T>): Promise<T> {
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    let delay = 5;
    for (;;) {
      try {
        return await work();
      } catch (err) {
        if (sqliteFailure(err) !== "locked" || Date.now() >= deadline) throw busError(err, this.location);
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 100);
      }
    }
  }
}

type FileId = { dev: number; ino: number };

/**
 * The file's identity; null when nothing is there (deleted, or never made); "unknown" when the
 * look itself failed (any other error): a failed stat is no proof the bus was replaced, and
 * reopening on one split a channel from its claims for a lease (seen once in ~10 fleet runs).
 */
function fileId(path: string): FileId | null | "unknown" {
  try {
    const info = Deno.statSync(path);
    return info.ino === null ? null : { dev: info.dev, ino: info.ino };
  } catch (err) {
    return err instanceof Deno.errors.NotFound ? null : "unknown";
  }
}

function sameFile(a: FileId | null | "unknown", b: FileId | null | "unknown"): boolean {
  if (a === "unknown" || b === "unknown") return true; // look again next time
  if (a === null || b === null) return a === b;
  return a.dev === b.dev && a.ino === b.ino;
}

/**
 * Open an existing database file, read-write without create (`mode=rw`): never creates one
 * (fails with "unable to open" instead). Read-write rather than read-only: a read-only
 * connection leaves -wal and -shm files behind, the last read-write one removes them.
 */
export function openExisting(file: string): DatabaseSync {
  const url = pathToFileURL(file);
  url.search = "?mode=rw";
  return new DatabaseSync(url);
}

/** Open the bus database with its settings; `create: false` never creates the file. */
function openDatabase(file: string, options: { create?: boolean; setWal?: boolean } = {}): DatabaseSync {
  const db = options.create === false ? openExisting(file) : new DatabaseSync(file);
  try {
    // busy_timeout must come first: set after journal_mode, concurrent first opens of a fresh
    // file failed with "database is locked".
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // On a bus already in WAL mode this is a read: no write lock at open.
    if (options.setWal !== false) db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA wal_autocheckpoint = 0");
    db.exec(`PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** A `sessions` row as the bus contract's SessionRow, `online` judged at engine time `now` on host `here`. */
export function sessionFromRow(r: Record<string, unknown>, now: number, here: string): SessionRow {
  const pid = r.pid === null ? null : Number(r.pid);
  const pidStart = r.pid_start === null ? null : String(r.pid_start);
  const instance = r.instance === null ? null : String(r.instance);
  const host = String(r.host);
  const lastSeen = Number(r.last_seen);
  return {
    name: String(r.name),
    role: String(r.role),
    project: String(r.project),
    kind: r.kind === "cli" ? "cli" : "claude",
    online: isHolderAlive({ instance, pid, pidStart, host, lastSeen }, now, here),
    user: null,
    pid,
    pidStart,
    host,
    instance,
    cwd: String(r.cwd),
    claudeSessionId: r.claude_session_id === null ? null : String(r.claude_session_id),
    delivery: deliveryOf(r.delivery),
    deliveryReason: typeof r.delivery_reason === "string" ? r.delivery_reason : "",
    acceptFrom: r.accept_from == null ? null : JSON.parse(String(r.accept_from)),
    rejectFrom: r.reject_from == null ? null : JSON.parse(String(r.reject_from)),
    startedAt: Number(r.started_at),
    lastSeen,
    state: r.state === "busy" || r.state === "idle" || r.state === "waiting" ? r.state : null,
    stateSince: r.state_since == null ? null : Number(r.state_since),
    statusText: r.status_text == null ? null : String(r.status_text),
    statusAt: r.status_at == null ? null : Number(r.status_at),
    transcriptPath: r.transcript_path == null ? null : String(r.transcript_path),
    health: r.health == null ? null : String(r.health),
  };
}

const ROUTES: readonly DeliveryRoute[] = ["events", "socket", "hooks", "inbox"];

/** The stored route; the column's schema-2 default and values ("push", "pull") read as their successors. */
function deliveryOf(value: unknown): DeliveryRoute {
  if (value === "push") return "events";
  return ROUTES.find((r) => r === value) ?? "inbox";
}

function toMessage(r: Row): StoredMessage {
  return {
    id: Number(r.id),
    from: String(r.from_name),
    fromRole: String(r.from_role),
    fromProject: String(r.from_project),
    to: r.to_name === null ? null : String(r.to_name),
    recipients: r.recipients ? String(r.recipients).split(",") : [],
    content: String(r.content),
    priority: String(r.priority),
    messageType: String(r.message_type),
    threadId: String(r.thread_id),
    inReplyTo: r.in_reply_to === null ? null : String(r.in_reply_to),
    meta: JSON.parse(String(r.meta)),
    createdAt: Number(r.created_at),
    fromInstance: r.from_instance == null ? null : String(r.from_instance),
    fromUser: null,
  };
}
