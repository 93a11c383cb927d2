import {
  clearNoMailMarks,
  noMailDir
} from "./chunk-41.js";
import {
  PostgresEngine
} from "./chunk-42.js";
import {
  pidExists,
  processStart
} from "./chunk-06.js";
import {
  PollSubscription,
  WakeLatch
} from "./chunk-43.js";
import {
  BusError
} from "./chunk-44.js";
import {
  CcDmError,
  NameTakenError
} from "./chunk-07.js";

// lib/bus/bus.ts
function isPulled(delivery) {
  return delivery === "hooks" || delivery === "inbox";
}

// lib/bus/sqlite/engine.ts
import { join as join3 } from "node:path";

// lib/bus/sqlite/inspect.ts
import { DatabaseSync as DatabaseSync2 } from "node:sqlite";

// lib/bus/sqlite/legacy.ts
function isLegacyBus(db) {
  const version = db.prepare("PRAGMA user_version").get().user_version;
  if (version !== 0) return false;
  const columns = (table) => db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table).map((c) => c.name);
  return columns("sessions").includes("id") && columns("messages").includes("delivered");
}
function moveLegacyAside(path, now) {
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  const target = `${path}.v1-${stamp}`;
  for (const suffix of [
    "-wal",
    "-shm"
  ]) {
    try {
      Deno.renameSync(path + suffix, target + suffix);
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
  }
  Deno.renameSync(path, target);
  return target;
}

// lib/bus/sqlite/schema.ts
var MIGRATIONS = [
  // 1: sessions, messages (one row per send) and deliveries (one row per recipient).
  `
  CREATE TABLE sessions (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL DEFAULT '',
    project TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'claude',
    pid INTEGER,
    pid_start TEXT,
    host TEXT NOT NULL DEFAULT '',
    instance TEXT,
    cwd TEXT NOT NULL DEFAULT '',
    claude_session_id TEXT,
    started_at INTEGER NOT NULL,
    last_seen INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX sessions_claude_session ON sessions(claude_session_id);
  CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    from_name TEXT NOT NULL,
    from_role TEXT NOT NULL DEFAULT '',
    from_project TEXT NOT NULL DEFAULT '',
    to_name TEXT,
    content TEXT NOT NULL,
    priority TEXT NOT NULL DEFAULT 'normal',
    message_type TEXT NOT NULL DEFAULT 'chat',
    thread_id TEXT NOT NULL,
    in_reply_to TEXT,
    meta TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX messages_thread ON messages(thread_id, id);
  CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    recipient TEXT NOT NULL,
    claimed_by TEXT,
    claimed_at INTEGER,
    delivered_at INTEGER
  ) STRICT;
  CREATE INDEX deliveries_pending ON deliveries(recipient, id) WHERE delivered_at IS NULL;
  CREATE INDEX deliveries_message ON deliveries(message_id);
  `,
  // 2: how a session takes its mail (pushed channel events, or pulled by hooks and inbox),
  // and the senders it accepts or refuses (receiver-side rules, checked when a message is sent).
  `
  ALTER TABLE sessions ADD COLUMN delivery TEXT NOT NULL DEFAULT 'push';
  ALTER TABLE sessions ADD COLUMN accept_from TEXT;
  ALTER TABLE sessions ADD COLUMN reject_from TEXT;
  `,
  // 3: delivery routes beyond push/pull (events, socket, hooks, inbox) and the reason for each.
  `
  ALTER TABLE sessions ADD COLUMN delivery_reason TEXT NOT NULL DEFAULT '';
  UPDATE sessions SET delivery = CASE delivery WHEN 'push' THEN 'events' WHEN 'pull' THEN 'inbox'
    ELSE delivery END;
  `,
  // 4 (peers): what a session is doing, kept by its hooks (state: busy / idle / waiting; NULL is
  // unknown), the one-line status it set for itself, and its transcript (for peek).
  `
  ALTER TABLE sessions ADD COLUMN state TEXT;
  ALTER TABLE sessions ADD COLUMN state_since INTEGER;
  ALTER TABLE sessions ADD COLUMN status_text TEXT;
  ALTER TABLE sessions ADD COLUMN status_at INTEGER;
  ALTER TABLE sessions ADD COLUMN transcript_path TEXT;
  `,
  // 5 (faults): what is wrong with a session's delivery right now (its channel retrying after an error,
  // or polling because its wake-up watch failed); NULL when all is well. Shown by who and doctor.
  // Also the process instance that held the sender's name when a message was stored (set by
  // the bus, never by the sender): a permission verdict counts only from the approver instance
  // the worker pinned, so a session that takes the approver's name later cannot answer.
  `
  ALTER TABLE sessions ADD COLUMN health TEXT;
  ALTER TABLE messages ADD COLUMN from_instance TEXT;
  `,
  // 6 (scale): `tail --session X` and history by name: messages X sent and messages addressed
  // to X, found by index instead of a scan of the whole history (36 ms at 50,000 messages).
  `
  CREATE INDEX messages_from ON messages(from_name, id);
  CREATE INDEX deliveries_recipient ON deliveries(recipient, message_id);
  `,
  // 7 (speed): the holder takes mail its senders claimed for it at insert (pending_sql.ts
  // INSERT_DELIVERY). Only holders that say so get such claims: a channel of an older cc-dm,
  // still running through an upgrade, would not see them for a lease.
  `
  ALTER TABLE sessions ADD COLUMN claims_at_insert INTEGER NOT NULL DEFAULT 0;
  `
];
var SCHEMA_VERSION = MIGRATIONS.length;
function schemaVersion(db) {
  const row = db.prepare("PRAGMA user_version").get();
  return row.user_version;
}
function migrate(db, location) {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new Error(`Cannot use bus ${JSON.stringify(location)}: its schema version ${current} is newer than this cc-dm understands (${SCHEMA_VERSION}); upgrade cc-dm`);
  }
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.exec(MIGRATIONS[version]);
    db.exec(`PRAGMA user_version = ${version + 1}`);
  }
}

// lib/bus/sqlite/sqlite_bus.ts
import { DatabaseSync } from "node:sqlite";
import { pathToFileURL } from "node:url";
import { join as join2 } from "node:path";

// lib/bus/sqlite/liveness.ts
var HEARTBEAT_STALE_MS = 6e4;
function isHolderAlive(row, now, here) {
  if (row.instance === null || row.pid === null) return false;
  const heartbeatFresh = now - row.lastSeen < HEARTBEAT_STALE_MS;
  if (row.host !== here) return heartbeatFresh;
  if (row.pidStart !== null) return processStart(row.pid) === row.pidStart;
  return pidExists(row.pid) && heartbeatFresh;
}

// lib/private_files.ts
var IS_WINDOWS = Deno.build.os === "windows";
var UnsafeBusPathError = class extends CcDmError {
  path;
  constructor(path, reason, hint) {
    super(`Refusing to use ${JSON.stringify(path)}: ${reason}`, 1, hint), this.path = path;
    this.name = "UnsafeBusPathError";
  }
};
function describeFix(fix) {
  if (fix.replaced) {
    return `Replaced ${fix.replaced} at ${fix.path} with a private ${fix.to === 448 ? "directory" : "file"}: nothing in the bus directory is followed or shared.`;
  }
  return `Tightened ${fix.path} from ${fix.from.toString(8)} to ${fix.to.toString(8)}: the bus is private to its user.`;
}
function myUid() {
  return IS_WINDOWS ? null : Deno.uid();
}
function createNew(path) {
  Deno.openSync(path, {
    createNew: true,
    write: true,
    mode: 384
  }).close();
}
function lstatOrNull(path) {
  try {
    return Deno.lstatSync(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}
function kindOf(info) {
  if (info.isSymlink) return "a symbolic link";
  if (info.isFifo) return "a FIFO";
  if (info.isDirectory) return "a directory";
  return "a special file";
}
function foreignOwner(path, uid, mine) {
  return new UnsafeBusPathError(path, `it belongs to uid ${uid}, not to you (uid ${mine}): that user could read or plant files in the bus`, `Remove it as its owner or with sudo (e.g. \`sudo rm -rf ${path}\`); cc-dm creates it again, private to you.`);
}
function ensurePrivateDir(dir, options = {}) {
  let replaced;
  if (options.sub) {
    const info2 = lstatOrNull(dir);
    if (info2 && !info2.isDirectory) {
      replaced = kindOf(info2);
      Deno.removeSync(dir);
    }
  }
  Deno.mkdirSync(dir, {
    recursive: true,
    mode: 448
  });
  if (IS_WINDOWS) return void 0;
  const info = options.sub ? Deno.lstatSync(dir) : Deno.statSync(dir);
  if (!info.isDirectory) {
    throw new UnsafeBusPathError(dir, `it is ${kindOf(info)}, not a directory`, `Remove it and run cc-dm again.`);
  }
  const mine = myUid();
  if (info.uid !== mine) throw foreignOwner(dir, info.uid ?? -1, mine);
  const current = (info.mode ?? 0) & 511;
  if (replaced) return {
    path: dir,
    from: current,
    to: 448,
    replaced
  };
  if ((current & 63) === 0) return void 0;
  Deno.chmodSync(dir, 448);
  return {
    path: dir,
    from: current,
    to: 448
  };
}
function ensurePrivateFile(path, options = {}) {
  for (let attempt = 0; ; attempt++) {
    try {
      createNew(path);
      return void 0;
    } catch (err) {
      if (!(err instanceof Deno.errors.AlreadyExists) || attempt > 1) throw err;
    }
    const problem = oddFile(path);
    if (problem === null) return tighten(path, 384);
    if (!options.replace) {
      throw new UnsafeBusPathError(path, `it is ${problem}; cc-dm never follows links or shares files in its directory`, `Move it away (\`mv ${path} ${path}.suspect\`) and run cc-dm again; a fresh private file is created.`);
    }
    Deno.removeSync(path);
    try {
      createNew(path);
      return {
        path,
        from: 0,
        to: 384,
        replaced: problem
      };
    } catch (err) {
      if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
    }
  }
}
function oddFile(path) {
  const info = lstatOrNull(path);
  if (!info) return null;
  if (!info.isFile) return kindOf(info);
  const mine = myUid();
  if (mine !== null && info.uid !== mine) return `a file of uid ${info.uid}`;
  if ((info.nlink ?? 1) > 1) return "a file with other hard links";
  return null;
}
function tighten(path, mode) {
  if (IS_WINDOWS) return void 0;
  const info = lstatOrNull(path);
  if (!info) return void 0;
  if (info.isSymlink) {
    throw new UnsafeBusPathError(path, "it is a symbolic link; cc-dm never follows links in its directory", `Remove the link (\`rm ${path}\`) and run cc-dm again.`);
  }
  const mine = myUid();
  if (info.uid !== mine) throw foreignOwner(path, info.uid ?? -1, mine);
  const current = (info.mode ?? 0) & 511;
  if ((current & 63) === 0) return void 0;
  Deno.chmodSync(path, mode);
  return {
    path,
    from: current,
    to: mode
  };
}
function isPrivateDir(dir) {
  const info = lstatOrNull(dir);
  if (!info || !info.isDirectory) return false;
  if (IS_WINDOWS) return true;
  return info.uid === myUid() && ((info.mode ?? 0) & 18) === 0;
}

// lib/bus/sqlite/sqlite_errors.ts
var PATTERNS = [
  [
    "locked",
    /database (table )?is locked|database is busy|SQLITE_BUSY/i
  ],
  [
    "full",
    /database or disk is full|SQLITE_FULL|no space left/i
  ],
  [
    "io",
    /disk I\/O error|SQLITE_IOERR/i
  ],
  [
    "corrupt",
    /malformed|file is not a database|SQLITE_CORRUPT|SQLITE_NOTADB/i
  ],
  [
    "readonly",
    /readonly database|read-only/i
  ],
  [
    "cantopen",
    /unable to open database/i
  ]
];
function failureOfText(text) {
  return PATTERNS.find(([, pattern]) => pattern.test(text))?.[0];
}
function sqliteFailure(err) {
  const e = err;
  if (!(err instanceof Error) || err instanceof CcDmError) return void 0;
  if (e.code !== "ERR_SQLITE_ERROR" && !/sqlite|database/i.test(String(e.message))) return void 0;
  return PATTERNS.find(([, pattern]) => pattern.test(String(e.message)))?.[0];
}
function describeFailure(failure) {
  switch (failure) {
    case "locked":
      return {
        reason: "it is locked by another process (waited 5 s)",
        hint: "Retry in a moment; if it persists, `cc-dm doctor` shows which process holds it."
      };
    case "full":
      return {
        reason: "the disk is full",
        hint: "Free space on that disk, then retry; the bus and its queued mail are intact (do not move bus.db aside)."
      };
    case "io":
      return {
        reason: "disk I/O error",
        hint: "Check the disk (dmesg); the bus is not necessarily damaged. Copy bus.db, bus.db-wal and bus.db-shm together before any repair."
      };
    case "corrupt":
      return {
        reason: "the database file is damaged",
        hint: "Run `cc-dm doctor`: it copies the bus (bus.db with its -wal and -shm) before starting a new one, so nothing is thrown away."
      };
    case "readonly":
      return {
        reason: "it is read-only for this process",
        hint: "Check owner and mode of the cc-dm directory and its files (`cc-dm doctor`)."
      };
    case "cantopen":
      return {
        reason: "the file cannot be opened",
        hint: "Check that the cc-dm directory exists and belongs to you (`cc-dm doctor`)."
      };
  }
}
function busError(err, location) {
  const failure = sqliteFailure(err);
  if (!failure) return err;
  const { reason, hint } = describeFailure(failure);
  return new BusError(failure, `Cannot use bus ${JSON.stringify(location)}: ${reason}`, hint);
}
function openError(err, file, mustExist) {
  if (err instanceof Deno.errors.NotFound && mustExist) {
    return new BusError("missing", `Cannot open bus ${JSON.stringify(file)}: file does not exist`, "Start a session with `cc-dm channel` (Claude Code does this), or send a message with `cc-dm send`.");
  }
  if (err instanceof CcDmError) return err;
  const failure = sqliteFailure(err);
  if (failure) {
    const { reason, hint } = describeFailure(failure);
    return new BusError(failure, `Cannot open bus ${JSON.stringify(file)}: ${reason}`, hint);
  }
  const text = err instanceof Error ? err.message : String(err);
  return new BusError("cantopen", `Cannot open bus ${JSON.stringify(file)}: ${text}`, "Run `cc-dm doctor` to check the bus.");
}

// lib/bus/sqlite/wake_sockets.ts
import { join } from "node:path";
var TRAFFIC_KEY = ".traffic";
var SOCKET_SUFFIX = ".sock";
var MAX_SOCKET_PATH = 103;
var MAX_KEY_LENGTH = 24;
var POKE_BUDGET_MS = 50;
var FALLBACK_POLL_MS = 250;
function wakeKey(recipient) {
  if (recipient === null) return TRAFFIC_KEY;
  const key = recipient.replaceAll(":", "~");
  if (key.length <= MAX_KEY_LENGTH) return key;
  return `${key.slice(0, MAX_KEY_LENGTH - 9)}-${fnv1a(key)}`;
}
function fnv1a(text) {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}
async function wakeRecipients(root, recipients) {
  try {
    if (!isPrivateDir(root)) return;
    const sockets = [];
    const keys = new Set(recipients.map(wakeKey));
    keys.add(TRAFFIC_KEY);
    for (const key of keys) listSockets(join(root, key), sockets);
    if (sockets.length === 0) return;
    let timer;
    await Promise.race([
      Promise.all(sockets.map(poke)),
      new Promise((resolve) => timer = setTimeout(resolve, POKE_BUDGET_MS))
    ]);
    clearTimeout(timer);
  } catch {
  }
}
function listSockets(dir, into) {
  try {
    if (!isPrivateDir(dir)) return;
    for (const entry of Deno.readDirSync(dir)) {
      if (!entry.name.endsWith(SOCKET_SUFFIX)) continue;
      if (entry.isSymlink || entry.isFile || entry.isDirectory) continue;
      into.push(join(dir, entry.name));
    }
  } catch {
  }
}
async function poke(path) {
  try {
    (await Deno.connect({
      transport: "unix",
      path
    })).close();
  } catch (err) {
    if (err instanceof Deno.errors.ConnectionRefused) {
      try {
        Deno.removeSync(path);
      } catch {
      }
    }
  }
}
function subscribeWake(root, recipient, note = () => {
}) {
  const key = wakeKey(recipient);
  const fixes = [
    ensurePrivateDir(root, {
      sub: true
    })
  ];
  for (const name of /* @__PURE__ */ new Set([
    TRAFFIC_KEY,
    key
  ])) removeOldWakeFile(join(root, name));
  if (key !== TRAFFIC_KEY) fixes.push(ensurePrivateDir(join(root, TRAFFIC_KEY), {
    sub: true
  }));
  fixes.push(ensurePrivateDir(join(root, key), {
    sub: true
  }));
  for (const fix of fixes) if (fix) note(describeFix(fix));
  try {
    return new SocketSubscription(join(root, key));
  } catch (err) {
    if (err instanceof UnsafeBusPathError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    const detail = `no wake-up socket (${reason}); polling every ${FALLBACK_POLL_MS} ms`;
    note(`cc-dm: ${detail}`);
    return new PollSubscription(detail, FALLBACK_POLL_MS);
  }
}
function removeOldWakeFile(path) {
  try {
    const info = Deno.lstatSync(path);
    if (!info.isFile || info.size > 1 || (info.nlink ?? 1) > 1) return;
    if (Deno.build.os !== "windows" && info.uid !== Deno.uid()) return;
    Deno.removeSync(path);
  } catch {
  }
}
var SocketSubscription = class {
  mode = "socket";
  detail;
  #listener;
  #path;
  #latch = new WakeLatch();
  constructor(dir) {
    const id = crypto.randomUUID().slice(0, 8);
    const path = join(dir, id + SOCKET_SUFFIX);
    if (new TextEncoder().encode(path).length > MAX_SOCKET_PATH) {
      throw new Error(`socket path ${path} is longer than ${MAX_SOCKET_PATH} bytes`);
    }
    const temporary = join(dir, id + ".new");
    this.#listener = Deno.listen({
      transport: "unix",
      path: temporary
    });
    try {
      Deno.renameSync(temporary, path);
    } catch (err) {
      this.#listener.close();
      Deno.removeSync(temporary);
      throw err;
    }
    this.#path = path;
    this.detail = path;
    this.#pump();
  }
  async #pump() {
    try {
      for await (const conn of this.#listener) {
        conn.close();
        this.#latch.wake();
      }
    } catch {
    }
    this.#latch.close();
  }
  next(timeoutMs) {
    return this.#latch.next(timeoutMs);
  }
  close() {
    if (this.#latch.closed) return Promise.resolve();
    try {
      this.#listener.close();
    } catch {
    }
    try {
      Deno.removeSync(this.#path);
    } catch {
    }
    this.#latch.close();
    return Promise.resolve();
  }
};
function timerSubscription(detail) {
  let cancel;
  return {
    mode: "poll",
    detail,
    next(timeoutMs) {
      cancel?.();
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          cancel = void 0;
          resolve(false);
        }, timeoutMs);
        cancel = () => {
          clearTimeout(timer);
          cancel = void 0;
          resolve(false);
        };
      });
    },
    close() {
      cancel?.();
      return Promise.resolve();
    }
  };
}

// lib/bus/sqlite/writer_turns.ts
var WriterTurns = class {
  #dir;
  #depth = 0;
  /** Turns on `dir` (the bus directory, already checked private); none if it cannot be opened. */
  constructor(dir) {
    try {
      this.#dir = Deno.openSync(dir, {
        read: true
      });
    } catch {
      this.#dir = void 0;
    }
  }
  /** Run `work` in this process's turn (nested calls share the outer turn). */
  run(work) {
    const dir = this.#dir;
    if (!dir || this.#depth > 0) return work();
    try {
      dir.lockSync(true);
    } catch {
      return work();
    }
    this.#depth++;
    try {
      return work();
    } finally {
      this.#depth--;
      try {
        dir.unlockSync();
      } catch {
      }
    }
  }
  close() {
    try {
      this.#dir?.close();
    } catch {
    }
    this.#dir = void 0;
  }
};

// lib/bus/sqlite/pending_sql.ts
var HAS_PENDING = `
  SELECT 1 FROM deliveries INDEXED BY deliveries_pending
  WHERE recipient = ? AND delivered_at IS NULL AND (claimed_by IS NULL OR claimed_at < ?) LIMIT 1`;
var CLAIM = `
  UPDATE deliveries SET claimed_by = ?, claimed_at = ?
  WHERE id IN (
    SELECT id FROM deliveries INDEXED BY deliveries_pending
    WHERE recipient = ? AND delivered_at IS NULL AND (claimed_by IS NULL OR claimed_at < ?)
    ORDER BY id LIMIT ?)
  RETURNING id, message_id`;
var CLAIM_REPLIES = `
  UPDATE deliveries SET claimed_by = ?, claimed_at = ?
  WHERE id IN (
    SELECT d.id FROM deliveries d INDEXED BY deliveries_pending JOIN messages m ON m.id = d.message_id
    WHERE d.recipient = ? AND d.delivered_at IS NULL AND (d.claimed_by IS NULL OR d.claimed_at < ?)
      AND m.id > ? AND (m.thread_id = ? OR m.in_reply_to = ?)
    ORDER BY d.id LIMIT ?)
  RETURNING id, message_id`;
var INSERT_DELIVERY = `
  INSERT INTO deliveries (message_id, recipient, claimed_by, claimed_at)
  SELECT ?1, ?2, s.instance, CASE WHEN s.instance IS NULL THEN NULL ELSE ?3 END
  FROM (SELECT 1) LEFT JOIN sessions s
    ON s.name = ?2 AND s.kind = 'claude' AND s.delivery IN ('events', 'socket') AND s.claims_at_insert = 1`;
var PRECLAIMED = `
  SELECT id, message_id FROM deliveries INDEXED BY deliveries_pending
  WHERE recipient = ? AND delivered_at IS NULL AND claimed_by = ?
    AND id NOT IN (SELECT value FROM json_each(?))
  ORDER BY id LIMIT ?`;
var RELEASE_PRECLAIMED = `
  UPDATE deliveries INDEXED BY deliveries_pending SET claimed_by = NULL, claimed_at = NULL
  WHERE recipient = ? AND claimed_by = ? AND delivered_at IS NULL
    AND id NOT IN (SELECT value FROM json_each(?))`;
var RELEASE_RECIPIENT_CLAIMS = `
  UPDATE deliveries INDEXED BY deliveries_pending SET claimed_by = NULL, claimed_at = NULL
  WHERE recipient = ? AND delivered_at IS NULL AND claimed_by IS NOT NULL`;
var RELEASE_HOLDER_CLAIMS = `
  UPDATE deliveries INDEXED BY deliveries_pending SET claimed_by = NULL, claimed_at = NULL
  WHERE recipient = ? AND claimed_by = ? AND delivered_at IS NULL`;
var COUNT_PENDING = `
  SELECT count(*) AS n FROM deliveries INDEXED BY deliveries_pending
  WHERE recipient = ? AND delivered_at IS NULL`;

// lib/bus/sqlite/sqlite_bus.ts
var BUSY_TIMEOUT_MS = 5e3;
var BUSY_STEP_MS = 20;
var CHECKPOINT_WAL_BYTES = 4 * 1024 * 1024;
var HARD_WAL_BYTES = 16 * 1024 * 1024;
var CHECKPOINT_SPACING_MS = 200;
var WAL_SIZE_LIMIT_BYTES = 1024 * 1024;
var MESSAGE_COLUMNS = `m.id, m.from_name, m.from_role, m.from_project, m.to_name, m.content,
  m.priority, m.message_type, m.thread_id, m.in_reply_to, m.meta, m.created_at, m.from_instance,
  (SELECT group_concat(d.recipient, ',') FROM deliveries d WHERE d.message_id = m.id) AS recipients`;
var SqliteBus = class _SqliteBus {
  location;
  fixes = [];
  #db;
  #dir;
  #wakeDir;
  #note;
  #claim;
  #claimReplies;
  #ack;
  #hasPending;
  #preclaimed;
  #insertMessage;
  #insertDelivery;
  #setThread;
  #touch;
  #selectSession;
  #touchHealth;
  #historyBySession;
  #selectSessions;
  #messagesByIds;
  #checkpointAt = 0;
  /** Whether this open made hooks/nomail (#prepareNoMailDir). */
  #noMailDirReady = false;
  /** Wake-ups of stored messages not yet sent (StoreOptions.wake "after"). */
  #pendingWakes = /* @__PURE__ */ new Set();
  #checkpointTimer;
  #options;
  #fileId = null;
  /**
   * Per claimer: the deliveries this process handed it and it has neither acknowledged nor
   * handed back. Senders claim a pushing holder's mail at insert (pending_sql.ts
   * INSERT_DELIVERY): its claims outside this set are the ones it was not handed yet.
   */
  #handed = /* @__PURE__ */ new Map();
  /** Writers queue here before SQLite's write lock (writer_turns.ts); none for a read-only open. */
  #turns;
  /** The engine clock: every stored time comes from it. */
  #now;
  #here = Deno.hostname();
  /**
   * Open (or create) the bus. Throws BusError: "missing" (mustExist and no file), "locked",
   * "corrupt", "readonly", "cantopen", "schema" (readOnly and it needs a migration), ...
   */
  static open(options) {
    return Promise.resolve(new _SqliteBus(options));
  }
  /** Synchronous open, for SqliteBus.open and the engine's own tools; throws as open does. */
  constructor(options) {
    this.location = options.file;
    this.#dir = options.dir;
    this.#wakeDir = options.wakeDir;
    this.#note = options.note ?? (() => {
    });
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
  reopenIfReplaced() {
    if (sameFile(this.#fileId, fileId(this.location))) return Promise.resolve(false);
    this.#closeNow();
    this.#noMailDirReady = false;
    this.#selectSession = void 0;
    this.#touchHealth = void 0;
    this.#historyBySession = void 0;
    try {
      this.#open({
        ...this.#options,
        mustExist: false
      });
    } catch (err) {
      return Promise.reject(openError(err, this.location, false));
    }
    return Promise.resolve(true);
  }
  #open(options) {
    const note = this.#note;
    this.#handed.clear();
    if (options.readOnly) {
      Deno.statSync(options.file);
      this.#db = openDatabase(options.file, {
        create: false,
        setWal: false
      });
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
      Deno.statSync(options.file);
    } else {
      const dirFix = ensurePrivateDir(options.dir);
      if (dirFix) this.fixes.push(dirFix);
      const fileFix = ensurePrivateFile(options.file);
      if (fileFix) this.fixes.push(fileFix);
      for (const sub of [
        options.wakeDir,
        join2(options.dir, "hooks")
      ]) {
        try {
          if (!Deno.lstatSync(sub)) continue;
          const fix = ensurePrivateDir(sub, {
            sub: true
          });
          if (fix) this.fixes.push(fix);
        } catch (err) {
          if (err instanceof Deno.errors.NotFound) continue;
          note(err instanceof CcDmError && err.hint ? `${err.message}. ${err.hint}` : String(err.message));
        }
      }
    }
    for (const suffix of [
      "-wal",
      "-shm"
    ]) {
      const fix = tighten(options.file + suffix, 384);
      if (fix) this.fixes.push(fix);
    }
    this.#db = openDatabase(options.file);
    if (isLegacyBus(this.#db)) {
      this.#db.close();
      const aside = moveLegacyAside(options.file, /* @__PURE__ */ new Date());
      note(`Found a cc-dm 1.x bus at ${options.file}; moved it aside to ${aside} (1.x mail expires after 15 s, so nothing was carried over) and created a new bus.`);
      ensurePrivateFile(options.file);
      this.#db = openDatabase(options.file);
    }
    this.#turns = new WriterTurns(options.dir);
    if (schemaVersion(this.#db) !== SCHEMA_VERSION) this.#transaction(() => migrate(this.#db, options.file));
    this.#db.exec(`PRAGMA busy_timeout = ${BUSY_STEP_MS}`);
    for (const fix of this.fixes) note(describeFix(fix));
    this.#fileId = fileId(options.file);
    this.#prepare();
  }
  /** A read-only open must find the current schema: it may not migrate or move anything. */
  #checkReadable(file) {
    if (isLegacyBus(this.#db)) {
      throw new BusError("schema", `Cannot read bus ${JSON.stringify(file)}: it is a cc-dm 1.x bus`, "Any cc-dm 2 command moves it aside and starts a new bus (1.x mail expired after 15 s).");
    }
    const version = schemaVersion(this.#db);
    if (version !== SCHEMA_VERSION) {
      throw new BusError("schema", `Cannot read bus ${JSON.stringify(file)}: schema version ${version}, this cc-dm reads ${SCHEMA_VERSION}`, version < SCHEMA_VERSION ? "Run `cc-dm who` to upgrade it." : "Upgrade this cc-dm.");
    }
  }
  #prepare() {
    this.#claim = this.#db.prepare(CLAIM);
    this.#claimReplies = this.#db.prepare(CLAIM_REPLIES);
    this.#ack = this.#db.prepare(`
      UPDATE deliveries SET delivered_at = ?
      WHERE id IN (SELECT value FROM json_each(?)) AND claimed_by = ? AND delivered_at IS NULL`);
    this.#selectSessions = this.#db.prepare(`SELECT * FROM sessions ORDER BY started_at, name`);
    this.#messagesByIds = this.#db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.id IN (SELECT value FROM json_each(?))`);
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
  async claimSession(claim) {
    const row = await this.#retry(() => {
      return Promise.resolve(this.#transaction(() => {
        const now = this.#now();
        const existing = this.#sessionRow(claim.name);
        if (existing && existing.instance && existing.instance !== claim.instance && existing.online) {
          throw new NameTakenError(`Session name "${claim.name}" is taken by a live session (pid ${existing.pid}, in ${existing.cwd || "?"})`, "Pick another name, or stop that session first; a name is free again as soon as its process exits.");
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
              THEN sessions.transcript_path END`).run(claim.name, claim.role, claim.project, claim.kind, claim.pid, claim.pidStart, claim.host, claim.instance, claim.cwd, claim.claudeSessionId, now, now, claim.delivery, claim.acceptFrom === null ? null : JSON.stringify(claim.acceptFrom), claim.rejectFrom === null ? null : JSON.stringify(claim.rejectFrom), claim.deliveryReason);
        this.#db.prepare(RELEASE_RECIPIENT_CLAIMS).run(claim.name);
        return this.#sessionRow(claim.name);
      }));
    });
    clearNoMailMarks(this.#dir, claim.kind === "cli" ? [
      claim.name
    ] : null);
    return row;
  }
  async leaveSession(name, instance) {
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
    clearNoMailMarks(this.#dir, [
      name
    ]);
  }
  touchSession(name, instance, health) {
    return this.#retry(() => {
      const now = this.#now();
      if (health !== void 0) {
        this.#touchHealth ??= this.#db.prepare(`UPDATE sessions SET last_seen = ?, health = ? WHERE name = ? AND instance = ?`);
        const touchHealth = this.#touchHealth;
        return Promise.resolve(this.#write(() => Number(touchHealth.run(now, health, name, instance).changes) === 1));
      }
      return Promise.resolve(this.#write(() => Number(this.#touch.run(now, name, instance).changes) === 1));
    });
  }
  sessions() {
    return this.#retry(() => {
      const now = this.#now();
      return Promise.resolve(this.#selectSessions.all().map((r) => sessionFromRow(r, now, this.#here)));
    });
  }
  session(name) {
    return this.#retry(() => {
      return Promise.resolve(this.#sessionRow(name));
    });
  }
  setState(name, state, report = {}) {
    try {
      return Promise.resolve(this.#setState(name, state, report));
    } catch (err) {
      return Promise.reject(busError(err, this.location));
    }
  }
  #setState(name, state, report) {
    const now = this.#now();
    const transcript = report.transcriptPath ?? null;
    const stale = state === "idle" && report.statusFreshMs !== void 0 ? now - report.statusFreshMs : null;
    const changes = this.#db.prepare(`
      UPDATE sessions SET
        state_since = CASE WHEN state IS ? THEN state_since ELSE ? END,
        state = ?,
        transcript_path = coalesce(?, transcript_path),
        status_text = CASE WHEN ? IS NOT NULL AND status_at < ? THEN NULL ELSE status_text END,
        status_at = CASE WHEN ? IS NOT NULL AND status_at < ? THEN NULL ELSE status_at END
      WHERE name = ? AND instance IS NOT NULL
        AND (state IS NOT ? OR (? IS NOT NULL AND transcript_path IS NOT ?)
          OR (? IS NOT NULL AND status_at < ?))`).run(state, now, state, transcript, stale, stale, stale, stale, name, state, transcript, transcript, stale, stale).changes;
    if (Number(changes) === 1) return true;
    return this.#sessionRow(name)?.instance != null;
  }
  setStatus(name, instance, text) {
    return this.#retry(() => {
      const changes = this.#write(() => this.#db.prepare(`UPDATE sessions SET status_text = ?, status_at = ? WHERE name = ? AND instance = ?`).run(text, text === null ? null : this.#now(), name, instance).changes);
      return Number(changes) === 1;
    });
  }
  forgetSession(name) {
    return this.#retry(() => {
      return Promise.resolve(this.#write(() => Number(this.#db.prepare(`DELETE FROM sessions WHERE name = ?`).run(name).changes) === 1));
    });
  }
  insertMessage(msg, options = {}) {
    return this.#store(msg, null, options.wake ?? "before");
  }
  insertCliMessage(msg, presence) {
    return this.#store(msg, presence, "before");
  }
  async #store(msg, cli, wake) {
    const { id, now } = await this.#retry(() => this.#transaction(() => {
      const now2 = this.#now();
      if (cli) this.#writeCliRow(msg, cli, now2);
      const { id: id2 } = this.#insertMessage.get(msg.from, msg.fromRole, msg.fromProject, msg.to, msg.content, msg.priority, msg.messageType, msg.threadId ?? "", msg.inReplyTo, JSON.stringify(msg.meta), now2);
      if (msg.threadId === null) this.#setThread.run(String(id2), id2);
      for (const recipient of msg.recipients) this.#insertDelivery.run(id2, recipient, now2);
      return {
        id: id2,
        now: now2
      };
    }));
    this.#afterWrite();
    if (!this.#noMailDirReady) this.#prepareNoMailDir();
    clearNoMailMarks(this.#dir, cli ? [
      ...msg.recipients,
      msg.from
    ] : msg.recipients);
    if (wake === "after") this.#wakeSoon(id, msg.recipients);
    else await this.#wake(id, msg.recipients);
    return {
      ...msg,
      id,
      threadId: msg.threadId ?? String(id),
      createdAt: now
    };
  }
  /**
   * Make hooks/nomail once per open (private, as every directory of the bus), so the look for
   * markers after each send lists a directory instead of raising NotFound, which cost ~30 µs
   * of a dm's ~150 µs (the error's stack trace). A hooks/ we may not write in stays as it is.
   */
  #prepareNoMailDir() {
    this.#noMailDirReady = true;
    try {
      for (const dir of [
        join2(this.#dir, "hooks"),
        noMailDir(this.#dir)
      ]) {
        const fix = ensurePrivateDir(dir, {
          sub: true
        });
        if (fix) this.#note(describeFix(fix));
      }
    } catch {
    }
  }
  /** Wake the readers of a stored message. Never throws: a lost wake-up only delays delivery to the reader's safety poll. */
  async #wake(id, recipients) {
    try {
      await wakeRecipients(this.#wakeDir, recipients);
    } catch (err) {
      this.#note(`message ${id} is stored, but waking its readers failed (they find it on their next poll): ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  /**
   * #wake once the caller had its answer: setImmediate runs after the promise callbacks that
   * write it (setTimeout(0) would wait ~2 ms here). close() waits for what is pending.
   */
  #wakeSoon(id, recipients) {
    const pending = new Promise((resolve) => setImmediate(resolve)).then(() => this.#wake(id, recipients));
    this.#pendingWakes.add(pending);
    pending.finally(() => this.#pendingWakes.delete(pending));
  }
  /**
   * The row of a person or script sending now, written offline as a claim and a leave would
   * (inside #store's transaction). A live `ask` of the same name keeps its row; a live Claude
   * session holding the name refuses the send.
   */
  #writeCliRow(msg, cli, now) {
    const existing = this.#sessionRow(msg.from);
    if (existing?.online) {
      if (existing.kind === "cli") return;
      throw new NameTakenError(`Session name "${msg.from}" is taken by a live session (pid ${existing.pid}, in ${existing.cwd || "?"}); nothing was sent`, "Send under another name (--from); a name is free again as soon as its process exits.");
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
        state_since = NULL, status_text = NULL, status_at = NULL, transcript_path = NULL`).run(msg.from, msg.fromRole, msg.fromProject, cli.host, cli.cwd, now, now);
    this.#db.prepare(RELEASE_RECIPIENT_CLAIMS).run(msg.from);
  }
  async claimDeliveries(recipient, claimer, leaseMs, limit, only) {
    if (only) {
      if (!await this.#retry(() => this.#hasPending.get(recipient, this.#now() - leaseMs))) return [];
      const replies = await this.#retry(() => this.#write(() => this.#claimNow(recipient, claimer, this.#now(), leaseMs, limit, only)));
      this.#afterWrite();
      return await this.#retry(() => this.#deliveries(recipient, replies));
    }
    const claimed = await this.#retry(() => {
      const now = this.#now();
      if (!this.#hasPending.get(recipient, now - leaseMs)) {
        return this.#takePreclaimed(recipient, claimer, limit);
      }
      const both = this.#transaction(() => [
        ...this.#claimNow(recipient, claimer, now, leaseMs, limit),
        ...this.#takePreclaimed(recipient, claimer, limit)
      ]);
      this.#afterWrite();
      return both;
    });
    const deliveries = await this.#retry(() => this.#deliveries(recipient, claimed));
    this.#markHanded(claimer, deliveries.map((d) => d.deliveryId));
    return deliveries;
  }
  async ackDeliveries(deliveryIds, claimer) {
    if (deliveryIds.length === 0) return;
    await this.#retry(() => this.#write(() => this.#ack.run(this.#now(), JSON.stringify(deliveryIds), claimer)));
    this.#markHanded(claimer, [], deliveryIds);
    this.#afterWrite();
  }
  async ackAndClaim(ackIds, recipient, claimer, leaseMs, limit) {
    if (ackIds.length === 0) return await this.claimDeliveries(recipient, claimer, leaseMs, limit);
    const claimed = await this.#retry(() => this.#transaction(() => {
      const now = this.#now();
      this.#ack.run(now, JSON.stringify(ackIds), claimer);
      const fresh = this.#hasPending.get(recipient, now - leaseMs) ? this.#claimNow(recipient, claimer, now, leaseMs, limit) : [];
      return [
        ...fresh,
        ...this.#takePreclaimed(recipient, claimer, limit)
      ];
    }));
    this.#markHanded(claimer, [], ackIds);
    this.#afterWrite();
    const deliveries = await this.#retry(() => this.#deliveries(recipient, claimed));
    this.#markHanded(claimer, deliveries.map((d) => d.deliveryId));
    return deliveries;
  }
  async releaseDeliveries(deliveryIds, claimer) {
    if (deliveryIds.length === 0) return;
    await this.#retry(() => this.#transaction(() => {
      const release = this.#db.prepare(`UPDATE deliveries SET claimed_by = NULL, claimed_at = NULL
        WHERE id = ? AND claimed_by = ? AND delivered_at IS NULL`);
      for (const id of deliveryIds) release.run(id, claimer);
    }));
    this.#markHanded(claimer, [], deliveryIds);
  }
  renewDeliveries(deliveryIds, claimer) {
    if (deliveryIds.length === 0) return Promise.resolve();
    return this.#retry(() => this.#transaction(() => {
      const now = this.#now();
      const renew = this.#db.prepare(`UPDATE deliveries SET claimed_at = ?
        WHERE id = ? AND claimed_by = ? AND delivered_at IS NULL`);
      for (const id of deliveryIds) renew.run(now, id, claimer);
    }));
  }
  setDelivery(name, instance, delivery, reason) {
    return this.#retry(() => this.#transaction(() => {
      const changed = this.#db.prepare(`UPDATE sessions SET delivery = ?, delivery_reason = ? WHERE name = ? AND instance = ?`).run(delivery, reason, name, instance).changes;
      if (isPulled(delivery)) {
        this.#db.prepare(RELEASE_PRECLAIMED).run(name, instance, this.#handedJson(instance));
      }
      return Number(changed) === 1;
    }));
  }
  deliveryStates(messageId) {
    return this.#retry(() => {
      const rows = this.#db.prepare(`SELECT recipient, delivered_at IS NOT NULL AS delivered FROM deliveries WHERE message_id = ? ORDER BY id`).all(messageId);
      return rows.map((r) => ({
        recipient: String(r.recipient),
        delivered: Number(r.delivered) === 1
      }));
    });
  }
  queuedMail() {
    return this.#retry(() => {
      const rows = this.#db.prepare(`
        SELECT d.recipient, count(*) AS count, min(m.created_at) AS oldest
        FROM deliveries d JOIN messages m ON m.id = d.message_id
        WHERE d.delivered_at IS NULL GROUP BY d.recipient ORDER BY d.recipient`).all();
      return Promise.resolve(rows.map((r) => ({
        recipient: String(r.recipient),
        count: Number(r.count),
        oldest: Number(r.oldest)
      })));
    });
  }
  message(id) {
    return this.#retry(() => {
      return Promise.resolve(this.#messagesById([
        id
      ]).get(id));
    });
  }
  history(query) {
    if (query.session !== void 0 && query.project === void 0 && query.thread === void 0) {
      const session = query.session;
      return this.#retry(() => this.#sessionHistory(session, query.afterId ?? 0, query.limit));
    }
    return this.#retry(() => {
      const where = [];
      const params = [];
      if (query.afterId !== void 0) {
        where.push("m.id > ?");
        params.push(query.afterId);
      }
      if (query.session !== void 0) {
        where.push("(m.from_name = ? OR EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND d.recipient = ?))");
        params.push(query.session, query.session);
      }
      if (query.project !== void 0) {
        where.push(`(m.from_project = ? OR EXISTS (SELECT 1 FROM deliveries d JOIN sessions s
          ON s.name = d.recipient WHERE d.message_id = m.id AND s.project = ?))`);
        params.push(query.project, query.project);
      }
      if (query.thread !== void 0) {
        where.push("m.thread_id = ?");
        params.push(query.thread);
      }
      const sql = `SELECT ${MESSAGE_COLUMNS} FROM messages m
        ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY m.id DESC LIMIT ?`;
      const rows = this.#db.prepare(sql).all(...params, query.limit);
      return Promise.resolve(rows.map(toMessage).reverse());
    });
  }
  prune(policy) {
    return this.#retry(() => {
      const now = this.#now();
      const ageCut = now - policy.deliveredMaxAgeMs;
      const firstYoung = this.#db.prepare(`SELECT id FROM messages WHERE created_at >= ? ORDER BY id LIMIT 1`).get(ageCut);
      const { low, high } = this.#db.prepare(`SELECT min(id) AS low, max(id) AS high FROM messages`).get();
      const oldEnd = firstYoung?.id ?? (high === null ? 0 : high + 1);
      const countEnd = low !== null && high !== null && high - low + 1 > policy.deliveredMaxCount ? this.#db.prepare(`SELECT id FROM messages ORDER BY id DESC LIMIT 1 OFFSET ?`).get(policy.deliveredMaxCount)?.id : void 0;
      const staleSessions = this.#db.prepare(`SELECT 1 FROM sessions WHERE instance IS NULL AND last_seen < ? LIMIT 1`).get(now - policy.offlineSessionMaxAgeMs);
      const oldWork = low !== null && low < oldEnd;
      if (!oldWork && countEnd === void 0 && !staleSessions) return {
        messages: 0,
        sessions: 0
      };
      return this.#transaction(() => {
        const fullyDelivered = `NOT EXISTS (SELECT 1 FROM deliveries d
          WHERE d.message_id = messages.id AND d.delivered_at IS NULL)`;
        let messages = 0;
        if (oldWork) {
          messages += Number(this.#db.prepare(`DELETE FROM messages WHERE id < ? AND created_at < ? AND ${fullyDelivered}`).run(oldEnd, ageCut).changes);
        }
        if (countEnd !== void 0) {
          messages += Number(this.#db.prepare(`DELETE FROM messages WHERE id <= ? AND ${fullyDelivered}`).run(countEnd).changes);
        }
        const sessions = staleSessions ? Number(this.#db.prepare(`DELETE FROM sessions WHERE instance IS NULL AND last_seen < ?
              AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.recipient = sessions.name
                AND d.delivered_at IS NULL)`).run(now - policy.offlineSessionMaxAgeMs).changes) : 0;
        return {
          messages,
          sessions
        };
      });
    });
  }
  subscribe(recipient) {
    if (this.#options.wake === "poll") return Promise.resolve(timerSubscription("CC_DM_WAKE=poll"));
    try {
      return Promise.resolve(subscribeWake(this.#wakeDir, recipient, this.#note));
    } catch (err) {
      return Promise.reject(err);
    }
  }
  async close() {
    this.#closeNow();
    await Promise.all(this.#pendingWakes);
  }
  #closeNow() {
    if (this.#checkpointTimer !== void 0) clearTimeout(this.#checkpointTimer);
    this.#checkpointTimer = void 0;
    this.#turns?.close();
    this.#turns = void 0;
    try {
      this.#db.close();
    } catch {
    }
  }
  #sessionRow(name) {
    this.#selectSession ??= this.#db.prepare(`SELECT * FROM sessions WHERE name = ?`);
    const row = this.#selectSession.get(name);
    return row ? sessionFromRow(row, this.#now(), this.#here) : void 0;
  }
  #messagesById(ids) {
    const rows = this.#messagesByIds.all(JSON.stringify([
      ...new Set(ids)
    ]));
    return new Map(rows.map((r) => [
      Number(r.id),
      toMessage(r)
    ]));
  }
  #claimNow(recipient, claimer, now, leaseMs, limit, only) {
    return only ? this.#claimReplies.all(claimer, now, recipient, now - leaseMs, only.messageId, only.threadId, String(only.messageId), limit) : this.#claim.all(claimer, now, recipient, now - leaseMs, limit);
  }
  /** What senders claimed for this holder and it was not handed yet (a read). */
  #takePreclaimed(recipient, claimer, limit) {
    return this.#preclaimed.all(recipient, claimer, this.#handedJson(claimer), limit);
  }
  #handedJson(claimer) {
    return JSON.stringify([
      ...this.#handed.get(claimer) ?? []
    ]);
  }
  /** Record what `claimer` is handed now; settled ids leave (acknowledged or handed back). */
  #markHanded(claimer, handed, settled = []) {
    let set = this.#handed.get(claimer);
    if (!set) this.#handed.set(claimer, set = /* @__PURE__ */ new Set());
    for (const id of settled) set.delete(id);
    for (const id of handed) set.add(id);
    if (set.size === 0) this.#handed.delete(claimer);
  }
  /** The claimed rows as deliveries, once each (a fresh claim and a claim at insert may overlap). */
  #deliveries(recipient, claimed) {
    if (claimed.length === 0) return [];
    const unique = [
      ...new Map(claimed.map((c) => [
        c.id,
        c
      ])).values()
    ];
    const messages = this.#messagesById(unique.map((c) => c.message_id));
    return unique.map((c) => ({
      deliveryId: c.id,
      recipient,
      message: messages.get(c.message_id)
    })).sort((a, b) => a.deliveryId - b.deliveryId);
  }
  /** The newest `limit` messages sent by or to `name`: two index range scans, not a history scan. */
  #sessionHistory(name, afterId, limit) {
    this.#historyBySession ??= this.#db.prepare(`
      SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.id IN (
        SELECT id FROM (SELECT id FROM messages WHERE from_name = ?1 AND id > ?2 ORDER BY id DESC LIMIT ?3)
        UNION
        SELECT id FROM (SELECT message_id AS id FROM deliveries WHERE recipient = ?1 AND message_id > ?2
          ORDER BY message_id DESC LIMIT ?3))
      ORDER BY m.id DESC LIMIT ?3`);
    return this.#historyBySession.all(name, afterId, limit).map(toMessage).reverse();
  }
  /** Upkeep after a write: the checkpoint policy (see CHECKPOINT_WAL_BYTES). */
  #afterWrite() {
    let size2;
    try {
      size2 = Deno.statSync(this.location + "-wal").size;
    } catch {
      return;
    }
    if (size2 < CHECKPOINT_WAL_BYTES) return;
    if (size2 >= HARD_WAL_BYTES) return this.#checkpoint();
    if (this.#checkpointTimer !== void 0 || Date.now() - this.#checkpointAt < CHECKPOINT_SPACING_MS) {
      return;
    }
    const timer = setTimeout(() => {
      this.#checkpointTimer = void 0;
      this.#checkpoint();
    }, 0);
    Deno.unrefTimer(timer);
    this.#checkpointTimer = timer;
  }
  #checkpoint() {
    this.#checkpointAt = Date.now();
    try {
      this.#db.exec("PRAGMA wal_checkpoint(PASSIVE)");
    } catch {
    }
  }
  /** A single-statement write, in this process's writer turn. */
  #write(work) {
    return this.#turns ? this.#turns.run(work) : work();
  }
  #transaction(work) {
    return this.#write(() => this.#transactionNow(work));
  }
  #transactionNow(work) {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.#db.exec("COMMIT");
      return result;
    } catch (err) {
      if (this.#db.isTransaction) {
        try {
          this.#db.exec("ROLLBACK");
        } catch {
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
  async #retry(work) {
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    let delay = 5;
    for (; ; ) {
      try {
        return await work();
      } catch (err) {
        if (sqliteFailure(err) !== "locked" || Date.now() >= deadline) throw busError(err, this.location);
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 100);
      }
    }
  }
};
function fileId(path) {
  try {
    const info = Deno.statSync(path);
    return info.ino === null ? null : {
      dev: info.dev,
      ino: info.ino
    };
  } catch (err) {
    return err instanceof Deno.errors.NotFound ? null : "unknown";
  }
}
function sameFile(a, b) {
  if (a === "unknown" || b === "unknown") return true;
  if (a === null || b === null) return a === b;
  return a.dev === b.dev && a.ino === b.ino;
}
function openExisting(file) {
  const url = pathToFileURL(file);
  url.search = "?mode=rw";
  return new DatabaseSync(url);
}
function openDatabase(file, options = {}) {
  const db = options.create === false ? openExisting(file) : new DatabaseSync(file);
  try {
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
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
function sessionFromRow(r, now, here) {
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
    online: isHolderAlive({
      instance,
      pid,
      pidStart,
      host,
      lastSeen
    }, now, here),
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
    health: r.health == null ? null : String(r.health)
  };
}
var ROUTES = [
  "events",
  "socket",
  "hooks",
  "inbox"
];
function deliveryOf(value) {
  if (value === "push") return "events";
  return ROUTES.find((r) => r === value) ?? "inbox";
}
function toMessage(r) {
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
    fromUser: null
  };
}

// lib/bus/sqlite/inspect.ts
var LARGE_BUS_BYTES = 100 * 1024 * 1024;
var FIX_HINT = "cc-dm doctor --fix";
function inspectionChecks(dir, file) {
  const b = inspectBus(dir, file);
  const db = b.state === "present" ? b.database : null;
  const current = db?.kind === "ok" ? db : null;
  const checks = [
    {
      id: "bus.engine",
      status: "ok",
      message: `SQLite ${sqliteVersion()}: one WAL database file`
    },
    {
      id: "bus.file",
      ...fileFinding(b)
    },
    withId("bus.modes", modes(b)),
    b.state === "present" ? {
      id: "bus.integrity",
      ...integrity(b.file, b.database)
    } : null,
    current ? {
      id: "bus.journal",
      ...current.journalMode === "wal" ? {
        status: "ok",
        message: "journal_mode wal"
      } : {
        status: "warn",
        message: `journal_mode is ${current.journalMode}, not wal: sessions may block each other`,
        hint: "Any cc-dm process switches it back to WAL when it opens the bus (e.g. `cc-dm who`)."
      }
    } : null,
    current ? {
      id: "bus.schema",
      ...schema(current.userVersion)
    } : null,
    b.state === "present" ? {
      id: "bus.size",
      ...size(b, current?.messages ?? null)
    } : null
  ];
  return checks.filter((c) => c !== null);
}
function sqliteVersion() {
  const db = new DatabaseSync2(":memory:");
  try {
    return db.prepare("SELECT sqlite_version() AS v").get().v;
  } finally {
    db.close();
  }
}
function withId(id, finding) {
  return finding ? {
    id,
    ...finding
  } : null;
}
function inspectBus(dir, file) {
  const dirMode = pathMode(dir, "dir");
  const fileMode = pathMode(file, "file");
  if (!fileMode) return {
    state: "absent",
    dir,
    file,
    dirExists: dirMode !== null
  };
  const modes2 = [
    dirMode,
    fileMode,
    pathMode(file + "-wal", "file"),
    pathMode(file + "-shm", "file")
  ].filter((m) => m !== null);
  return {
    state: "present",
    dir,
    file,
    modes: modes2,
    sizeBytes: fileSize(file),
    walBytes: fileSize(file + "-wal"),
    database: inspectDatabase(file)
  };
}
function pathMode(path, kind) {
  try {
    const info = Deno.statSync(path);
    return {
      path,
      kind,
      mode: (info.mode ?? 0) & 511,
      uid: info.uid
    };
  } catch {
    return null;
  }
}
function fileSize(path) {
  try {
    return Deno.statSync(path).size;
  } catch {
    return 0;
  }
}
function inspectDatabase(file) {
  let db;
  try {
    db = openExisting(file);
  } catch (err) {
    return {
      kind: "unreadable",
      reason: err.message
    };
  }
  try {
    db.exec("PRAGMA busy_timeout = 1000");
    const userVersion = db.prepare("PRAGMA user_version").get().user_version;
    if (isLegacyBus(db)) return {
      kind: "legacy"
    };
    const journalMode = String(db.prepare("PRAGMA journal_mode").get().journal_mode);
    const quickCheck = db.prepare("PRAGMA quick_check(5)").all().map((r) => String(r.quick_check));
    const messages = userVersion === SCHEMA_VERSION && quickCheck[0] === "ok" ? Number(db.prepare("SELECT count(*) AS n FROM messages").get().n) : null;
    return {
      kind: "ok",
      journalMode,
      quickCheck,
      userVersion,
      messages
    };
  } catch (err) {
    return {
      kind: "unreadable",
      reason: err.message
    };
  } finally {
    db.close();
  }
}
function fileFinding(bus) {
  switch (bus.state) {
    case "absent":
      return {
        status: "warn",
        message: `no bus yet at ${bus.file}: no session has registered and nothing was sent`,
        hint: "Start a Claude Code session with cc-dm registered, or `cc-dm send`; the bus is created on first use."
      };
    case "present":
      return {
        status: "ok",
        message: bus.file
      };
  }
}
function octal(mode) {
  return mode.toString(8).padStart(3, "0");
}
function modes(bus) {
  const paths = bus.state === "present" ? bus.modes : [];
  if (bus.state === "absent") {
    if (!bus.dirExists) return null;
    try {
      const info = Deno.statSync(bus.dir);
      paths.push({
        path: bus.dir,
        kind: "dir",
        mode: (info.mode ?? 0) & 511,
        uid: info.uid
      });
    } catch {
      return null;
    }
  }
  if (Deno.build.os === "windows") return {
    status: "ok",
    message: "modes not checked on Windows"
  };
  const uid = Deno.uid();
  const foreign = paths.filter((p) => p.uid !== null && uid !== null && p.uid !== uid);
  if (foreign.length > 0) {
    return {
      status: "warn",
      message: `${foreign.map((p) => p.path).join(", ")} belong${foreign.length === 1 ? "s" : ""} to uid ${foreign[0].uid}, not to you (uid ${uid})`,
      hint: `chown -R $(id -u) ${paths[0].path}`
    };
  }
  const loose = paths.filter((p) => (p.mode & 63) !== 0);
  const shown = (list) => list.map((p) => `${p.path} ${octal(p.mode)}`).join(", ");
  if (loose.length === 0) {
    return {
      status: "ok",
      message: "private: directory 700, files 600"
    };
  }
  const dir = paths.find((p) => p.kind === "dir");
  const enter = dir ? dir.mode & 9 : 9;
  const readable = paths.some((p) => p.kind === "file" && ((p.mode & 36) >> 2 & enter) !== 0);
  return {
    status: readable ? "fail" : "warn",
    message: readable ? `other users can read the bus: ${shown(loose)} (want directory 700, files 600)` : `looser than directory 700, files 600: ${shown(loose)}`,
    hint: FIX_HINT
  };
}
function integrity(file, database) {
  switch (database.kind) {
    case "unreadable":
      return unreadable(file, database.reason);
    case "legacy":
      return {
        status: "warn",
        message: `${file} is a cc-dm 1.x bus: the next cc-dm 2 process moves it aside and starts a new one`,
        hint: "Run `cc-dm who` (or start a session); 1.x mail expired after 15 s, so nothing is lost."
      };
    case "ok":
      return database.quickCheck[0] === "ok" ? {
        status: "ok",
        message: "quick_check ok"
      } : {
        status: "fail",
        message: `quick_check found damage: ${database.quickCheck.slice(0, 2).join("; ")}`,
        hint: rescueHint(file)
      };
  }
}
function unreadable(file, reason) {
  const size2 = (path) => {
    try {
      return Deno.lstatSync(path).size;
    } catch {
      return -1;
    }
  };
  const failure = failureOfText(reason);
  if (failure === "io" && size2(`${file}-wal`) <= 0 && size2(`${file}-shm`) > 0) {
    return {
      status: "fail",
      message: `${file}-wal is missing while ${file}-shm says the bus is in use (deleted under running sessions?)`,
      hint: "Do not delete or move anything: the newest mail is in the -wal the running sessions still hold open. End those sessions normally (quit Claude Code); the last one writes it back into bus.db. Then run doctor again."
    };
  }
  switch (failure) {
    case "locked":
      return {
        status: "warn",
        message: `${file} is locked by another process right now (${reason})`,
        hint: "Run doctor again in a moment; a lock held for long is a stuck process (`fuser " + file + "` shows it). Do not move or delete the bus: it is not damaged."
      };
    case "full":
      return {
        status: "fail",
        message: `the disk that holds ${file} is full (${reason})`,
        hint: "Free space on that disk; the bus and its queued mail are intact. Do not move or delete bus.db or bus.db-wal."
      };
    case "io":
      return {
        status: "fail",
        message: `I/O error reading ${file} (${reason})`,
        hint: `Check the disk (dmesg). Before anything else copy the three files together: \`cp -p ${file} ${file}-wal ${file}-shm /somewhere/safe/\`. Do not delete bus.db-wal: it holds the newest mail.`
      };
    case "corrupt":
      return {
        status: "fail",
        message: `${file} is damaged: ${reason}`,
        hint: rescueHint(file)
      };
    default:
      return {
        status: "fail",
        message: `${file} cannot be read: ${reason}`,
        hint: "Check owner and mode of the cc-dm directory and its files; nothing needs moving."
      };
  }
}
function rescueHint(file) {
  return `Keep everything: copy bus.db with its -wal and -shm (\`cp -p ${file} ${file}-wal ${file}-shm /somewhere/safe/\`), rescue the mail from the copy (\`sqlite3 /somewhere/safe/bus.db .recover > mail.sql\`), then stop the sessions and move all three aside together; cc-dm creates a new bus on next use.`;
}
function schema(version) {
  if (version === SCHEMA_VERSION) return {
    status: "ok",
    message: `schema version ${version} (current)`
  };
  if (version < SCHEMA_VERSION) {
    return {
      status: "warn",
      message: `schema version ${version}, current is ${SCHEMA_VERSION}: upgraded when a cc-dm opens it next`,
      hint: "Run `cc-dm who` to upgrade it now."
    };
  }
  return {
    status: "fail",
    message: `schema version ${version} is newer than this cc-dm understands (${SCHEMA_VERSION})`,
    hint: "A newer cc-dm wrote the bus: upgrade this one (and run `cc-dm setup` with it)."
  };
}
function size(b, messages) {
  const total = b.sizeBytes + b.walBytes;
  const text = `${formatBytes(b.sizeBytes)} (WAL ${formatBytes(b.walBytes)})` + (messages !== null ? `, ${messages} message${messages === 1 ? "" : "s"} stored` : "");
  return total > LARGE_BUS_BYTES ? {
    status: "warn",
    message: `${text}: larger than ${formatBytes(LARGE_BUS_BYTES)}`,
    hint: "Delivered mail is pruned automatically; `cc-dm who` shows sessions with mail piling up."
  } : {
    status: "ok",
    message: text
  };
}
function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

// lib/bus/sqlite/repair.ts
function repairBus(dir, file, now) {
  const done = [];
  const fixes = [
    // The top directory may be the user's own link (dotfiles elsewhere): tighten its target.
    tighten(realPath(dir), 448),
    ...[
      "",
      "-wal",
      "-shm"
    ].map((suffix) => tighten(file + suffix, 384))
  ];
  for (const fix of fixes) {
    if (fix) done.push(`Tightened ${fix.path} from ${fix.from.toString(8)} to ${fix.to.toString(8)}.`);
  }
  try {
    Deno.statSync(file);
  } catch {
    return done;
  }
  let db;
  try {
    db = openExisting(file);
  } catch {
    return done;
  }
  try {
    db.exec("PRAGMA busy_timeout = 5000");
    const version = db.prepare("PRAGMA user_version").get().user_version;
    if (version !== SCHEMA_VERSION) return done;
    done.push(...forgetDeadSessions(db, now));
  } catch {
  } finally {
    db.close();
  }
  return done;
}
function forgetDeadSessions(db, now) {
  const here = Deno.hostname();
  const deleted = [];
  const offline = [];
  db.exec("BEGIN IMMEDIATE");
  try {
    const rows = db.prepare("SELECT * FROM sessions WHERE instance IS NOT NULL").all().map((r) => sessionFromRow(r, now, here));
    const waiting = db.prepare(COUNT_PENDING);
    for (const row of rows) {
      if (row.online) continue;
      if (Number(waiting.get(row.name).n) === 0) {
        db.prepare("DELETE FROM sessions WHERE name = ? AND instance = ?").run(row.name, row.instance);
        deleted.push(row.name);
      } else {
        db.prepare(`UPDATE sessions SET pid = NULL, pid_start = NULL, instance = NULL
          WHERE name = ? AND instance = ?`).run(row.name, row.instance);
        db.prepare(RELEASE_HOLDER_CLAIMS).run(row.name, row.instance);
        offline.push(row.name);
      }
    }
    db.exec("COMMIT");
  } catch (err) {
    db.exec("ROLLBACK");
    throw err;
  }
  const done = [];
  if (deleted.length) {
    done.push(`Removed ${deleted.length} row${deleted.length === 1 ? "" : "s"} of sessions whose process is gone (${listNames(deleted)}).`);
  }
  if (offline.length) {
    done.push(`Marked ${offline.length} session${offline.length === 1 ? "" : "s"} whose process is gone as offline; their waiting mail is kept for when the name is taken again (${listNames(offline)}).`);
  }
  return done;
}
function realPath(path) {
  try {
    return Deno.realPathSync(path);
  } catch {
    return path;
  }
}
function listNames(names, max = 5) {
  const shown = names.slice(0, max).join(", ");
  return names.length > max ? `${shown}, +${names.length - max} more` : shown;
}

// lib/bus/sqlite/engine.ts
function busFile(home) {
  return join3(home, "bus.db");
}
function wakeDir(home) {
  return join3(home, "wake");
}
function wakeMode(env) {
  const mode = env.CC_DM_WAKE?.trim() || "watch";
  if (mode !== "watch" && mode !== "poll") {
    throw new CcDmError(`Invalid CC_DM_WAKE ${JSON.stringify(mode)}: use watch or poll`, 2);
  }
  return mode;
}
var SqliteEngine = class {
  kind = "sqlite";
  location;
  #home;
  #env;
  /** `env` gives the wake mode (CC_DM_WAKE), checked when the bus is opened. */
  constructor(home, env = {}) {
    this.#home = home;
    this.#env = env;
    this.location = busFile(home);
  }
  /** Open (or, unless `mustExist`, create) the bus; throws BusError (see BusEngine.open). */
  async open(options = {}) {
    return await SqliteBus.open({
      dir: this.#home,
      file: this.location,
      wakeDir: wakeDir(this.#home),
      wake: wakeMode(this.#env),
      ...options
    });
  }
  exists() {
    try {
      Deno.lstatSync(this.location);
      return Promise.resolve(true);
    } catch {
      return Promise.resolve(false);
    }
  }
  inspect() {
    return Promise.resolve(inspectionChecks(this.#home, this.location));
  }
  repair() {
    return Promise.resolve(repairBus(this.#home, this.location, Date.now()).map((message) => ({
      id: "bus.repair",
      status: "ok",
      message
    })));
  }
};

// lib/paths.ts
import { join as join4 } from "node:path";
function ccDmHome(env) {
  const explicit = env.CC_DM_HOME?.trim();
  if (explicit) return explicit;
  const home = env.HOME ?? env.USERPROFILE;
  if (!home) {
    throw new Error("Cannot find the cc-dm directory: neither CC_DM_HOME nor HOME is set");
  }
  return join4(home, ".cc-dm");
}

// lib/bus/engines.ts
function engineFor(env) {
  const url = env.CC_DM_BUS_URL?.trim();
  if (!url) return new SqliteEngine(ccDmHome(env), env);
  if (/^postgres(ql)?:\/\//i.test(url)) return new PostgresEngine(url, env);
  throw new CcDmError(`CC_DM_BUS_URL ${JSON.stringify(safeUrl(url))} names no bus engine: expected postgres://... or postgresql://...`, 1, "Unset CC_DM_BUS_URL to use the local bus in CC_DM_HOME (default ~/.cc-dm), or give a PostgreSQL URL.");
}
function safeUrl(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, "//***@");
  }
}

export {
  isPulled,
  ensurePrivateDir,
  ccDmHome,
  engineFor
};
