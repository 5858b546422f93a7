import type { ProviderKind } from '../../../../shared/domain/connections';
import type { OutboxCounts, OutboxKind, OutboxState } from '../../../../shared/domain/outbox';
import { cached, type DB } from '../database';

/**
 * The outbox table (migration 410): one row per intended ATS write. Inserts ignore a repeated
 * idempotency key, so enqueueing the same intent twice (a backfill and a live note) is harmless.
 * Callers run these inside the transaction of the local change they belong to.
 */

export interface OutboxRow {
  id: number;
  connection_id: string;
  candidate_id: string;
  kind: OutboxKind;
  idempotency_key: string;
  subject_id: string;
  payload_json: string;
  state: OutboxState;
  attempts: number;
  needs_check: number;
  check_json: string | null;
  next_attempt_at: string | null;
  last_error: string | null;
  last_error_code: string | null;
  last_action: string | null;
  request_id: string | null;
  result_json: string | null;
  outcome: string | null;
  created_at: string;
  updated_at: string;
  claimed_at: string | null;
  finished_at: string | null;
}

export interface NewOutboxRow {
  connectionId: string;
  candidateId: string;
  kind: OutboxKind;
  key: string;
  subjectId: string;
  payload?: Record<string, unknown>;
  now: string;
}

/** Inserts a row unless its key exists; returns the new id, or null when it was already there. */
export function enqueue(db: DB, row: NewOutboxRow): number | null {
  const info = cached(
    db,
    `INSERT OR IGNORE INTO outbox (connection_id, candidate_id, kind, idempotency_key, subject_id,
       payload_json, state, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
  ).run(
    row.connectionId,
    row.candidateId,
    row.kind,
    row.key,
    row.subjectId,
    JSON.stringify(row.payload ?? {}),
    row.now,
    row.now,
  );
  return info.changes > 0 ? Number(info.lastInsertRowid) : null;
}

export function getOutboxRow(db: DB, id: number): OutboxRow | undefined {
  return cached(db, 'SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined;
}

/**
 * The next row of each candidate lane that may run now: pending, due, and with no earlier row of
 * the same candidate (on this connection) still open. Oldest lanes first.
 */
export function dueRows(db: DB, connectionId: string, now: string, limit: number): OutboxRow[] {
  return cached(
    db,
    `SELECT o.* FROM outbox o
      WHERE o.connection_id = ? AND o.state = 'pending'
        AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)
        AND NOT EXISTS (
          SELECT 1 FROM outbox e
           WHERE e.connection_id = o.connection_id AND e.candidate_id = o.candidate_id
             AND e.id < o.id AND e.state IN ('pending', 'in_flight', 'failed'))
      ORDER BY o.id LIMIT ?`,
  ).all(connectionId, now, limit) as OutboxRow[];
}

/** Pending rows due now, whatever their order (the push phase's expected total). */
export function countDue(db: DB, connectionId: string, now: string): number {
  return cached(
    db,
    `SELECT count(*) FROM outbox WHERE connection_id = ? AND state = 'pending'
        AND (next_attempt_at IS NULL OR next_attempt_at <= ?)`,
  )
    .pluck()
    .get(connectionId, now) as number;
}

/** Rows left in flight by a process that died: their outcome is unknown, so check first. */
export function recoverInFlight(db: DB, connectionId: string, now: string): number {
  return cached(
    db,
    `UPDATE outbox SET state = 'pending', needs_check = 1, updated_at = ?
      WHERE connection_id = ? AND state = 'in_flight'`,
  ).run(now, connectionId).changes;
}

/** tx1 of a send: the row is taken (only if still pending) and counted as an attempt. */
export function claim(db: DB, id: number, now: string): boolean {
  return (
    cached(
      db,
      `UPDATE outbox SET state = 'in_flight', attempts = attempts + 1, claimed_at = ?, updated_at = ?
        WHERE id = ? AND state = 'pending'`,
    ).run(now, now, id).changes > 0
  );
}

export interface Outcome {
  state: Exclude<OutboxState, 'in_flight'>;
  outcome?: string | null;
  result?: Record<string, unknown> | null;
  needsCheck?: boolean;
  nextAttemptAt?: string | null;
  error?: { message: string; code: string | null; action: string | null } | null;
  requestId?: string | null;
  /** Don't count the attempt (the write never left: held, or credential refused). */
  uncount?: boolean;
  now: string;
}

/** tx2 of a send: what happened. */
export function settle(db: DB, id: number, outcome: Outcome): void {
  const terminal = outcome.state !== 'pending' && outcome.state !== 'failed';
  cached(
    db,
    `UPDATE outbox SET state = ?, outcome = coalesce(?, outcome), result_json = coalesce(?, result_json),
        needs_check = ?, next_attempt_at = ?, last_error = ?, last_error_code = ?, last_action = ?,
        request_id = coalesce(?, request_id), attempts = attempts - ?, updated_at = ?,
        finished_at = ?
      WHERE id = ?`,
  ).run(
    outcome.state,
    outcome.outcome ?? null,
    outcome.result ? JSON.stringify(outcome.result) : null,
    outcome.needsCheck ? 1 : 0,
    outcome.nextAttemptAt ?? null,
    outcome.error?.message ?? null,
    outcome.error?.code ?? null,
    outcome.error?.action ?? null,
    outcome.requestId ?? null,
    outcome.uncount ? 1 : 0,
    outcome.now,
    terminal ? outcome.now : null,
    id,
  );
}

/** Remembers what a check saw before the first send (so a retry can tell our write from others'). */
export function saveCheck(db: DB, id: number, check: Record<string, unknown>, now: string): void {
  cached(db, 'UPDATE outbox SET check_json = ?, updated_at = ? WHERE id = ?').run(
    JSON.stringify(check),
    now,
    id,
  );
}

export function readCheck(row: OutboxRow): Record<string, unknown> {
  if (!row.check_json) return {};
  try {
    const parsed: unknown = JSON.parse(row.check_json);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function readPayload(row: OutboxRow): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(row.payload_json);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The open stage move of an application link that has not been sent yet, to update in place. */
export function pendingMoveFor(db: DB, linkId: number): OutboxRow | undefined {
  return cached(
    db,
    `SELECT * FROM outbox WHERE kind = 'stage.move' AND subject_id = ? AND state = 'pending'
        AND needs_check = 0 AND attempts = 0 ORDER BY id DESC LIMIT 1`,
  ).get(String(linkId)) as OutboxRow | undefined;
}

/** Open stage moves of an application link (pending, in flight or failed). */
export function openMovesFor(db: DB, linkId: number): OutboxRow[] {
  return cached(
    db,
    `SELECT * FROM outbox WHERE kind = 'stage.move' AND subject_id = ?
        AND state IN ('pending', 'in_flight', 'failed') ORDER BY id`,
  ).all(String(linkId)) as OutboxRow[];
}

export function updatePayload(
  db: DB,
  id: number,
  payload: Record<string, unknown>,
  now: string,
): void {
  cached(db, 'UPDATE outbox SET payload_json = ?, updated_at = ? WHERE id = ?').run(
    JSON.stringify(payload),
    now,
    id,
  );
}

/** Rows of a connection still to be sent (pending, in flight or failed), by candidate, in order. */
export function openRowsOf(db: DB, connectionId: string): OutboxRow[] {
  return cached(
    db,
    `SELECT * FROM outbox WHERE connection_id = ? AND state IN ('pending', 'in_flight', 'failed')
      ORDER BY candidate_id, id`,
  ).all(connectionId) as OutboxRow[];
}

/**
 * The notes and messages of a candidate ever queued for a connection, as `kind:subject` keys
 * (whatever became of them: a backfill skips what is already there).
 */
export function queuedNoteKeys(db: DB, candidateId: string, connectionId: string): Set<string> {
  const rows = cached(
    db,
    `SELECT kind || ':' || subject_id AS key FROM outbox
      WHERE candidate_id = ? AND connection_id = ? AND kind IN ('note.create', 'message.create')`,
  ).all(candidateId, connectionId) as Array<{ key: string }>;
  return new Set(rows.map((row) => row.key));
}

/** A failed or waiting row goes back to pending, due now, with its attempts counted afresh. */
export function resetForRetry(db: DB, id: number, now: string): void {
  cached(
    db,
    `UPDATE outbox SET state = 'pending', next_attempt_at = NULL, attempts = 0,
        updated_at = ?, finished_at = NULL WHERE id = ?`,
  ).run(now, id);
}

export interface OutboxListFilter {
  connectionId?: string | undefined;
  candidateId?: string | undefined;
  states?: readonly OutboxState[] | undefined;
  limit: number;
  offset: number;
}

/** A listed row, with its connection, its candidate's name and the open row it waits for. */
export interface ListedOutboxRow extends OutboxRow {
  connection_label: string;
  provider: ProviderKind;
  candidate_name: string;
  waiting_for: number | null;
}

/**
 * One page of the outbox: open rows first (failed, in flight, pending, in queue order), then the
 * finished ones, newest first; with the total that matches the filter.
 */
export function listOutboxRows(
  db: DB,
  filter: OutboxListFilter,
): { rows: ListedOutboxRow[]; total: number } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.connectionId) {
    where.push('o.connection_id = ?');
    params.push(filter.connectionId);
  }
  if (filter.candidateId) {
    where.push('o.candidate_id = ?');
    params.push(filter.candidateId);
  }
  if (filter.states?.length) {
    where.push(`o.state IN (${filter.states.map(() => '?').join(', ')})`);
    params.push(...filter.states);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (
    db.prepare(`SELECT count(*) AS n FROM outbox o ${clause}`).get(...params) as { n: number }
  ).n;
  const rows = db
    .prepare(
      `SELECT o.*, c.label AS connection_label, c.provider, k.name AS candidate_name,
              (SELECT e.id FROM outbox e
                WHERE e.connection_id = o.connection_id AND e.candidate_id = o.candidate_id
                  AND e.id < o.id AND e.state IN ('pending', 'in_flight', 'failed')
                ORDER BY e.id LIMIT 1) AS waiting_for
         FROM outbox o
         JOIN connections c ON c.id = o.connection_id
         JOIN kula_candidates k ON k.id = o.candidate_id
         ${clause}
        ORDER BY CASE o.state WHEN 'failed' THEN 0 WHEN 'in_flight' THEN 1 WHEN 'pending' THEN 2 ELSE 3 END,
                 CASE WHEN o.state IN ('pending', 'in_flight', 'failed') THEN o.id END,
                 o.updated_at DESC, o.id DESC
        LIMIT ? OFFSET ?`,
    )
    .all(...params, filter.limit, filter.offset) as ListedOutboxRow[];
  return { rows, total };
}

/** The backlog per connection (all connections when none is given), for health and status. */
export function outboxCounts(db: DB, connectionId?: string): OutboxCounts[] {
  const rows = db
    .prepare(
      `SELECT connection_id, state, count(*) AS n,
              min(CASE WHEN state IN ('pending', 'in_flight', 'failed') THEN created_at END) AS oldest
         FROM outbox ${connectionId ? 'WHERE connection_id = ?' : ''}
        GROUP BY connection_id, state`,
    )
    .all(...(connectionId ? [connectionId] : [])) as Array<{
    connection_id: string;
    state: OutboxState;
    n: number;
    oldest: string | null;
  }>;
  const byConnection = new Map<string, OutboxCounts>();
  const empty = (id: string): OutboxCounts => ({
    connectionId: id,
    pending: 0,
    inFlight: 0,
    failed: 0,
    done: 0,
    skipped: 0,
    discarded: 0,
    superseded: 0,
    oldestOpenAt: null,
  });
  if (connectionId) byConnection.set(connectionId, empty(connectionId));
  for (const row of rows) {
    const counts = byConnection.get(row.connection_id) ?? empty(row.connection_id);
    const key = row.state === 'in_flight' ? 'inFlight' : row.state;
    counts[key] += row.n;
    if (row.oldest && (!counts.oldestOpenAt || row.oldest < counts.oldestOpenAt)) {
      counts.oldestOpenAt = row.oldest;
    }
    byConnection.set(row.connection_id, counts);
  }
  return [...byConnection.values()];
}
