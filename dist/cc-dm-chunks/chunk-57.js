// lib/bus/postgres/schema.ts
var MIGRATE_LOCK = 1667460353;
var MIGRATIONS = [
  // 1: sessions, messages (one row per send) and deliveries (one row per recipient), the
  // identity triggers, row-level security and retention.
  `
  CREATE TABLE cc_dm.sessions (
    name text PRIMARY KEY,
    db_user name NOT NULL DEFAULT current_user,
    role text NOT NULL DEFAULT '',
    project text NOT NULL DEFAULT '',
    kind text NOT NULL DEFAULT 'claude',
    pid integer,
    pid_start text,
    host text NOT NULL DEFAULT '',
    instance text,
    cwd text NOT NULL DEFAULT '',
    claude_session_id text,
    started_at bigint NOT NULL,
    last_seen bigint NOT NULL,
    delivery text NOT NULL DEFAULT 'inbox',
    delivery_reason text NOT NULL DEFAULT '',
    accept_from text,
    reject_from text,
    state text,
    state_since bigint,
    status_text text,
    status_at bigint,
    transcript_path text,
    health text,
    -- The server process of the connection that holds the name's advisory lock (liveness).
    backend_pid integer
  );
  CREATE INDEX sessions_claude_session ON cc_dm.sessions (claude_session_id);

  CREATE TABLE cc_dm.messages (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    from_name text NOT NULL,
    from_user name NOT NULL DEFAULT current_user,
    from_role text NOT NULL DEFAULT '',
    from_project text NOT NULL DEFAULT '',
    from_instance text,
    to_name text,
    recipients text NOT NULL DEFAULT '[]',
    content text NOT NULL,
    priority text NOT NULL DEFAULT 'normal',
    message_type text NOT NULL DEFAULT 'chat',
    thread_id text NOT NULL DEFAULT '',
    in_reply_to text,
    meta text NOT NULL DEFAULT '{}',
    created_at bigint NOT NULL,
    -- A sender's own id for the send, so a retry after a lost connection cannot store it twice.
    send_key text UNIQUE
  );
  CREATE INDEX messages_thread ON cc_dm.messages (thread_id, id);
  CREATE INDEX messages_from ON cc_dm.messages (from_name, id);
  CREATE INDEX messages_created ON cc_dm.messages (created_at);

  CREATE TABLE cc_dm.deliveries (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id bigint NOT NULL REFERENCES cc_dm.messages (id) ON DELETE CASCADE,
    recipient text NOT NULL,
    from_user name NOT NULL DEFAULT current_user,
    claimed_by text,
    claimed_at bigint,
    delivered_at bigint
  );
  CREATE INDEX deliveries_pending ON cc_dm.deliveries (recipient, id) WHERE delivered_at IS NULL;
  CREATE INDEX deliveries_message ON cc_dm.deliveries (message_id);
  CREATE INDEX deliveries_recipient ON cc_dm.deliveries (recipient, message_id);

  -- The key of a name's session-level advisory lock: 60 bits of its md5 (never negative).
  CREATE FUNCTION cc_dm.name_key(name text) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT ('x' || substr(md5(name), 1, 15))::bit(60)::bigint $$;

  -- Whether a live connection holds the name's lock (and is the row's recorded holder).
  CREATE FUNCTION cc_dm.holds(name text, backend integer) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ SELECT backend IS NOT NULL AND EXISTS (
      SELECT 1 FROM pg_locks l
      WHERE l.locktype = 'advisory' AND l.granted AND l.pid = backend AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid::bigint = cc_dm.name_key(name) >> 32
        AND l.objid::bigint = cc_dm.name_key(name) & 4294967295) $$;

  CREATE FUNCTION cc_dm.session_identity() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      NEW.db_user := current_user;
    ELSE
      NEW.db_user := OLD.db_user;
      NEW.name := OLD.name;
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER session_identity BEFORE INSERT OR UPDATE ON cc_dm.sessions
    FOR EACH ROW EXECUTE FUNCTION cc_dm.session_identity();

  CREATE FUNCTION cc_dm.message_identity() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    holder name;
  BEGIN
    SELECT s.db_user, s.instance INTO holder, NEW.from_instance
      FROM cc_dm.sessions s WHERE s.name = NEW.from_name;
    IF holder IS NOT NULL AND holder <> current_user THEN
      RAISE EXCEPTION 'cannot send as "%": that name belongs to database user %', NEW.from_name, holder
        USING ERRCODE = '42501';
    END IF;
    NEW.from_user := current_user;
    IF NEW.thread_id = '' THEN
      NEW.thread_id := NEW.id::text;
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER message_identity BEFORE INSERT ON cc_dm.messages
    FOR EACH ROW EXECUTE FUNCTION cc_dm.message_identity();

  -- A delivery is stamped with its inserter; after the statement (the message may come from the
  -- same statement) it must name a message of that same user, so nobody can address, and so
  -- read, another member's message.
  CREATE FUNCTION cc_dm.delivery_identity() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    NEW.from_user := current_user;
    NEW.claimed_by := NULL;
    NEW.claimed_at := NULL;
    NEW.delivered_at := NULL;
    RETURN NEW;
  END $$;
  CREATE TRIGGER delivery_identity BEFORE INSERT ON cc_dm.deliveries
    FOR EACH ROW EXECUTE FUNCTION cc_dm.delivery_identity();
  CREATE FUNCTION cc_dm.delivery_sender_check() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM cc_dm.messages m WHERE m.id = NEW.message_id AND m.from_user = NEW.from_user) THEN
      RAISE EXCEPTION 'cannot address message %: it is not yours', NEW.message_id USING ERRCODE = '42501';
    END IF;
    RETURN NULL;
  END $$;
  CREATE TRIGGER delivery_sender_check AFTER INSERT ON cc_dm.deliveries
    FOR EACH ROW EXECUTE FUNCTION cc_dm.delivery_sender_check();

  -- Take a name's lock for this connection unless it already holds it (session locks stack,
  -- and a stacked lock would outlive one unlock); free it completely.
  CREATE FUNCTION cc_dm.take_name(name text) RETURNS boolean LANGUAGE sql VOLATILE
    AS $$ SELECT CASE WHEN cc_dm.holds(name, pg_backend_pid()) THEN true
      ELSE pg_try_advisory_lock(cc_dm.name_key(name)) END $$;
  CREATE FUNCTION cc_dm.free_name(name text) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
  BEGIN
    WHILE cc_dm.holds(name, pg_backend_pid()) LOOP
      PERFORM pg_advisory_unlock(cc_dm.name_key(name));
    END LOOP;
  END $$;

  ALTER TABLE cc_dm.sessions ENABLE ROW LEVEL SECURITY;
  CREATE POLICY sessions_read ON cc_dm.sessions FOR SELECT USING (true);
  CREATE POLICY sessions_add ON cc_dm.sessions FOR INSERT WITH CHECK (db_user = current_user);
  CREATE POLICY sessions_change ON cc_dm.sessions FOR UPDATE USING (db_user = current_user);
  CREATE POLICY sessions_forget ON cc_dm.sessions FOR DELETE USING (db_user = current_user);

  ALTER TABLE cc_dm.deliveries ENABLE ROW LEVEL SECURITY;
  -- Mail for a name nobody has taken yet (queued for a session that has not started) is open to
  -- any member, as the name itself is: the first to take the name gets it anyway.
  CREATE FUNCTION cc_dm.mine(recipient text) RETURNS boolean LANGUAGE sql STABLE
    AS $$ SELECT coalesce((SELECT s.db_user = current_user FROM cc_dm.sessions s WHERE s.name = recipient), true) $$;
  CREATE POLICY deliveries_read ON cc_dm.deliveries FOR SELECT USING (
    from_user = current_user OR cc_dm.mine(recipient));
  CREATE POLICY deliveries_add ON cc_dm.deliveries FOR INSERT WITH CHECK (from_user = current_user);
  CREATE POLICY deliveries_take ON cc_dm.deliveries FOR UPDATE USING (cc_dm.mine(recipient));

  ALTER TABLE cc_dm.messages ENABLE ROW LEVEL SECURITY;
  CREATE POLICY messages_read ON cc_dm.messages FOR SELECT USING (
    from_user = current_user
    OR EXISTS (SELECT 1 FROM cc_dm.deliveries d WHERE d.message_id = messages.id));
  CREATE POLICY messages_add ON cc_dm.messages FOR INSERT WITH CHECK (from_user = current_user);

  -- Retention, by the caller's clock (ms): fully delivered messages older than age_cut or beyond
  -- the newest max_count, and offline sessions unseen since session_cut with no mail waiting.
  -- A member prunes only what is its own (messages it sent, its session rows): a row of another
  -- member's name is what keeps that name theirs, so nobody can free it to take it over. The
  -- owner (session_user = the definer) prunes everything. Returns the two counts.
  CREATE FUNCTION cc_dm.prune(age_cut bigint, max_count integer, session_cut bigint,
      OUT messages integer, OUT sessions integer)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = cc_dm, pg_temp AS $$
  DECLARE
    count_end bigint;
    n integer;
    everyone boolean := session_user = current_user;
  BEGIN
    DELETE FROM cc_dm.messages m WHERE m.created_at < age_cut AND (everyone OR m.from_user = session_user)
      AND NOT EXISTS (SELECT 1 FROM cc_dm.deliveries d WHERE d.message_id = m.id AND d.delivered_at IS NULL);
    GET DIAGNOSTICS messages = ROW_COUNT;
    SELECT m.id INTO count_end FROM cc_dm.messages m ORDER BY m.id DESC LIMIT 1 OFFSET max_count;
    IF count_end IS NOT NULL THEN
      DELETE FROM cc_dm.messages m WHERE m.id <= count_end AND (everyone OR m.from_user = session_user)
        AND NOT EXISTS (SELECT 1 FROM cc_dm.deliveries d WHERE d.message_id = m.id AND d.delivered_at IS NULL);
      GET DIAGNOSTICS n = ROW_COUNT;
      messages := messages + n;
    END IF;
    DELETE FROM cc_dm.sessions s WHERE s.instance IS NULL AND s.last_seen < session_cut
      AND (everyone OR s.db_user = session_user)
      AND NOT EXISTS (SELECT 1 FROM cc_dm.deliveries d WHERE d.recipient = s.name AND d.delivered_at IS NULL);
    GET DIAGNOSTICS sessions = ROW_COUNT;
  END $$;
  REVOKE ALL ON FUNCTION cc_dm.prune(bigint, integer, bigint) FROM PUBLIC;
  `
];
var SCHEMA_VERSION = MIGRATIONS.length;
function grantSql(role, database) {
  const r = quoteIdent(role);
  return [
    ...database ? [
      `GRANT CONNECT ON DATABASE ${quoteIdent(database)} TO ${r};`
    ] : [],
    `GRANT USAGE ON SCHEMA cc_dm TO ${r};`,
    `GRANT SELECT ON cc_dm.schema_version TO ${r};`,
    `GRANT SELECT, INSERT, DELETE ON cc_dm.sessions TO ${r};`,
    `GRANT UPDATE (role, project, kind, pid, pid_start, host, instance, cwd, claude_session_id, started_at, last_seen, delivery, delivery_reason, accept_from, reject_from, state, state_since, status_text, status_at, transcript_path, health, backend_pid) ON cc_dm.sessions TO ${r};`,
    `GRANT SELECT, INSERT ON cc_dm.messages, cc_dm.deliveries TO ${r};`,
    `GRANT UPDATE (claimed_by, claimed_at, delivered_at) ON cc_dm.deliveries TO ${r};`,
    `GRANT EXECUTE ON FUNCTION cc_dm.prune(bigint, integer, bigint) TO ${r};`
  ].join("\n");
}
var DOCTOR_FACTS = {
  versionSql: "SELECT max(version) AS version FROM cc_dm.schema_version",
  grants: [
    {
      table: "cc_dm.schema_version",
      privileges: [
        "SELECT"
      ]
    },
    {
      table: "cc_dm.sessions",
      privileges: [
        "SELECT",
        "INSERT",
        "UPDATE",
        "DELETE"
      ]
    },
    {
      table: "cc_dm.messages",
      privileges: [
        "SELECT",
        "INSERT"
      ]
    },
    {
      table: "cc_dm.deliveries",
      privileges: [
        "SELECT",
        "INSERT",
        "UPDATE"
      ]
    }
  ],
  functions: [
    "cc_dm.prune(bigint, integer, bigint)"
  ],
  rlsTables: [
    "cc_dm.sessions",
    "cc_dm.messages",
    "cc_dm.deliveries"
  ]
};
function revokeSql(role) {
  const r = quoteIdent(role);
  return [
    `REVOKE ALL ON ALL TABLES IN SCHEMA cc_dm FROM ${r};`,
    `REVOKE EXECUTE ON FUNCTION cc_dm.prune(bigint, integer, bigint) FROM ${r};`,
    `REVOKE USAGE ON SCHEMA cc_dm FROM ${r};`
  ].join("\n");
}
function quoteIdent(name) {
  return `"${name.replaceAll('"', '""')}"`;
}
async function schemaVersion(sql) {
  const [row] = await sql`SELECT to_regclass('cc_dm.schema_version') IS NOT NULL AS present`;
  if (!row.present) return 0;
  const [version] = await sql`SELECT max(version) AS version FROM cc_dm.schema_version`;
  return Number(version?.version ?? 0);
}
async function migrate(sql, location) {
  return await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATE_LOCK})`;
    await tx.unsafe(`CREATE SCHEMA IF NOT EXISTS cc_dm`);
    await tx.unsafe(`CREATE TABLE IF NOT EXISTS cc_dm.schema_version (version integer NOT NULL)`);
    const [row] = await tx`SELECT coalesce(max(version), 0) AS version FROM cc_dm.schema_version`;
    const from = Number(row.version);
    if (from > SCHEMA_VERSION) {
      throw new Error(`Cannot use bus ${JSON.stringify(location)}: its schema version ${from} is newer than this cc-dm understands (${SCHEMA_VERSION}); upgrade cc-dm`);
    }
    for (let version = from; version < SCHEMA_VERSION; version++) {
      await tx.unsafe(MIGRATIONS[version]);
    }
    if (from !== SCHEMA_VERSION) {
      await tx`DELETE FROM cc_dm.schema_version`;
      await tx`INSERT INTO cc_dm.schema_version (version) VALUES (${SCHEMA_VERSION})`;
    }
    return {
      from,
      to: SCHEMA_VERSION
    };
  });
}

export {
  MIGRATIONS,
  SCHEMA_VERSION,
  grantSql,
  DOCTOR_FACTS,
  revokeSql,
  quoteIdent,
  schemaVersion,
  migrate
};
