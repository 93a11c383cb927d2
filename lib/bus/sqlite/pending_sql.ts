// Statements that look for a recipient's mail not yet delivered. Each names the partial index
// `deliveries_pending` (only undelivered rows): left to itself SQLite picks
// `deliveries_recipient`, which holds the recipient's whole history, and a wake-up that finds
// one message then walked every message the session ever got (94 us at 2,000, growing with
// history). tests/bus_sqlite_test.ts checks every plan here.

/** Whether `recipient` has mail to claim (unclaimed, or its claim's lease ran out). */
export const HAS_PENDING = `
  SELECT 1 FROM deliveries INDEXED BY deliveries_pending
  WHERE recipient = ? AND delivered_at IS NULL AND (claimed_by IS NULL OR claimed_at < ?) LIMIT 1`;

/**
 * Claim up to a limit in one statement: the sub-select and the write happen under one write
 * lock, so two readers racing for the same recipient never both get a delivery.
 */
export const CLAIM = `
  UPDATE deliveries SET claimed_by = ?, claimed_at = ?
  WHERE id IN (
    SELECT id FROM deliveries INDEXED BY deliveries_pending
    WHERE recipient = ? AND delivered_at IS NULL AND (claimed_by IS NULL OR claimed_at < ?)
    ORDER BY id LIMIT ?)
  RETURNING id, message_id`;

/** CLAIM, only replies to one message (its thread, or in_reply_to it), for `ask`. */
export const CLAIM_REPLIES = `
  UPDATE deliveries SET claimed_by = ?, claimed_at = ?
  WHERE id IN (
    SELECT d.id FROM deliveries d INDEXED BY deliveries_pending JOIN messages m ON m.id = d.message_id
    WHERE d.recipient = ? AND d.delivered_at IS NULL AND (d.claimed_by IS NULL OR d.claimed_at < ?)
      AND m.id > ? AND (m.thread_id = ? OR m.in_reply_to = ?)
    ORDER BY d.id LIMIT ?)
  RETURNING id, message_id`;

/**
 * A delivery row, claimed at once for the recipient's holder when the holder pushes its mail
 * (a Claude session on the events or socket route): the sender's transaction claims it, so
 * the recipient's wake-up only reads (PRECLAIMED) and pushes, with no write of its own before
 * the push. A session that pulls its mail (hooks, inbox), has no holder, or whose holder is an
 * older cc-dm (claims_at_insert = 0: it would not look for such claims) gets it unclaimed.
 */
export const INSERT_DELIVERY = `
  INSERT INTO deliveries (message_id, recipient, claimed_by, claimed_at)
  SELECT ?1, ?2, s.instance, CASE WHEN s.instance IS NULL THEN NULL ELSE ?3 END
  FROM (SELECT 1) LEFT JOIN sessions s
    ON s.name = ?2 AND s.kind = 'claude' AND s.delivery IN ('events', 'socket') AND s.claims_at_insert = 1`;

/** What senders claimed for this holder (`claimed_by`) and it was not handed (a JSON list of ids). */
export const PRECLAIMED = `
  SELECT id, message_id FROM deliveries INDEXED BY deliveries_pending
  WHERE recipient = ? AND delivered_at IS NULL AND claimed_by = ?
    AND id NOT IN (SELECT value FROM json_each(?))
  ORDER BY id LIMIT ?`;

/** Hand back what senders claimed for a holder and it was never handed (it stopped pushing). */
export const RELEASE_PRECLAIMED = `
  UPDATE deliveries INDEXED BY deliveries_pending SET claimed_by = NULL, claimed_at = NULL
  WHERE recipient = ? AND claimed_by = ? AND delivered_at IS NULL
    AND id NOT IN (SELECT value FROM json_each(?))`;

/** Hand back every claim on `recipient`'s mail (a new holder of the name: its mail again). */
export const RELEASE_RECIPIENT_CLAIMS = `
  UPDATE deliveries INDEXED BY deliveries_pending SET claimed_by = NULL, claimed_at = NULL
  WHERE recipient = ? AND delivered_at IS NULL AND claimed_by IS NOT NULL`;

/** Hand back the claims one holder (`recipient`, `claimed_by`) took (it left). */
export const RELEASE_HOLDER_CLAIMS = `
  UPDATE deliveries INDEXED BY deliveries_pending SET claimed_by = NULL, claimed_at = NULL
  WHERE recipient = ? AND claimed_by = ? AND delivered_at IS NULL`;

/** How many messages wait for `recipient`. */
export const COUNT_PENDING = `
  SELECT count(*) AS n FROM deliveries INDEXED BY deliveries_pending
  WHERE recipient = ? AND delivered_at IS NULL`;

/** Every statement above, for the test of their plans. */
export const PENDING_STATEMENTS = {
  HAS_PENDING,
  CLAIM,
  CLAIM_REPLIES,
  RELEASE_RECIPIENT_CLAIMS,
  RELEASE_HOLDER_CLAIMS,
  COUNT_PENDING,
  PRECLAIMED,
  RELEASE_PRECLAIMED,
};
