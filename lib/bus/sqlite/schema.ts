import type { DatabaseSync } from "node:sqlite";

// Versioned migrations, tracked in PRAGMA user_version. Each runs once, inside the caller's
// BEGIN IMMEDIATE transaction, so two processes opening a fresh bus never both migrate.

export const MIGRATIONS: readonly string[] = [
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
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare("PRAGMA user_version").get() as { user_version: number };
  return row.user_version;
}

/** Bring the schema to SCHEMA_VERSION. Refuses a bus written by a newer cc-dm. */
export function migrate(db: DatabaseSync, location: string): void {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `Cannot use bus ${
        JSON.stringify(location)
      }: its schema version ${current} is newer than this cc-dm understands (${SCHEMA_VERSION}); upgrade cc-dm`,
    );
  }
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.exec(MIGRATIONS[version]);
    db.exec(`PRAGMA user_version = ${version + 1}`);
  }
}
