import { cached, inTransaction, type DB } from '../database';
import { dropIndexedUpTo } from './sync-log-search';
import type { LogDirection, LogLevel, SyncLogLine } from '../../../../shared/domain/runs';

export interface NewLogLine {
  runId?: number | null;
  connectionId?: string | null;
  at: string;
  level: LogLevel;
  direction?: LogDirection;
  entity?: string | null;
  entityId?: string | null;
  rule?: string | null;
  apiCall?: string | null;
  result?: string | null;
  retries?: number;
  requestId?: string | null;
  message: string;
  nextStep?: string | null;
}

export interface SyncLogRow {
  id: number;
  run_id: number | null;
  connection_id: string | null;
  at: string;
  level: LogLevel;
  direction: LogDirection;
  entity: string | null;
  entity_id: string | null;
  rule: string | null;
  api_call: string | null;
  result: string | null;
  retries: number;
  request_id: string | null;
  message: string;
  next_step: string | null;
}

/**
 * Appends one record-level line. Callers pass text that is already free of secrets and private
 * note bodies; the sync log stores what happened to a record, never the record's private content.
 */
export function appendLogLine(db: DB, line: NewLogLine): SyncLogLine {
  const info = cached(
    db,
    `INSERT INTO sync_log (run_id, connection_id, at, level, direction, entity, entity_id, rule,
                             api_call, result, retries, request_id, message, next_step)
       VALUES (@runId, @connectionId, @at, @level, @direction, @entity, @entityId, @rule,
               @apiCall, @result, @retries, @requestId, @message, @nextStep)`,
  ).run({
    runId: line.runId ?? null,
    connectionId: line.connectionId ?? null,
    at: line.at,
    level: line.level,
    direction: line.direction ?? 'none',
    entity: line.entity ?? null,
    entityId: line.entityId ?? null,
    rule: line.rule ?? null,
    apiCall: line.apiCall ?? null,
    result: line.result ?? null,
    retries: line.retries ?? 0,
    requestId: line.requestId ?? null,
    message: line.message,
    nextStep: line.nextStep ?? null,
  });
  return toLine({
    id: Number(info.lastInsertRowid),
    run_id: line.runId ?? null,
    connection_id: line.connectionId ?? null,
    at: line.at,
    level: line.level,
    direction: line.direction ?? 'none',
    entity: line.entity ?? null,
    entity_id: line.entityId ?? null,
    rule: line.rule ?? null,
    api_call: line.apiCall ?? null,
    result: line.result ?? null,
    retries: line.retries ?? 0,
    request_id: line.requestId ?? null,
    message: line.message,
    next_step: line.nextStep ?? null,
  });
}

export function listLogLinesForRun(db: DB, runId: number): SyncLogLine[] {
  return (
    db.prepare('SELECT * FROM sync_log WHERE run_id = ? ORDER BY id').all(runId) as SyncLogRow[]
  ).map(toLine);
}

export function getLogLineRow(db: DB, id: number): SyncLogRow | undefined {
  return cached(db, 'SELECT * FROM sync_log WHERE id = ?').get(id) as SyncLogRow | undefined;
}

/** The newest lines about one record, newest first. */
export function recordLogRows(
  db: DB,
  entity: string,
  entityId: string,
  limit: number,
): SyncLogRow[] {
  return cached(
    db,
    'SELECT * FROM sync_log WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT ?',
  ).all(entity, entityId, limit) as SyncLogRow[];
}

/** The connection's newest line with the given rule (e.g. the line that explained a notice). */
export function latestLineWithRule(
  db: DB,
  connectionId: string,
  rule: string,
): Pick<SyncLogRow, 'level' | 'message' | 'at'> | undefined {
  return cached(
    db,
    `SELECT level, message, at FROM sync_log INDEXED BY sync_log_by_rule
      WHERE rule = ? AND connection_id = ? ORDER BY id DESC LIMIT 1`,
  ).get(rule, connectionId) as Pick<SyncLogRow, 'level' | 'message' | 'at'> | undefined;
}

/**
 * The distinct values of a column, at most 500. Read by hopping along the column's index (one
 * seek per value), so a million lines cost what a hundred do.
 */
export function distinctLogValues(db: DB, column: 'entity' | 'rule'): string[] {
  return cached(
    db,
    `WITH RECURSIVE hop(value) AS (
       SELECT min(${column}) FROM sync_log
       UNION ALL
       SELECT (SELECT min(${column}) FROM sync_log WHERE ${column} > hop.value) FROM hop
        WHERE hop.value IS NOT NULL
     )
     SELECT value FROM hop WHERE value IS NOT NULL LIMIT 500`,
  )
    .pluck()
    .all() as string[];
}

/** The lowest and highest line ids; both null when the log is empty. */
export function logIdRange(db: DB): { low: number | null; high: number | null } {
  return cached(db, 'SELECT min(id) AS low, max(id) AS high FROM sync_log').get() as {
    low: number | null;
    high: number | null;
  };
}

/** The bytes of text a line carries (every column but the numbers), as SQLite stores it. */
const PAYLOAD = `length(CAST(coalesce(connection_id, '') AS BLOB)) + length(at) + length(level)
  + length(direction) + length(CAST(coalesce(entity, '') AS BLOB))
  + length(CAST(coalesce(entity_id, '') AS BLOB)) + length(CAST(coalesce(rule, '') AS BLOB))
  + length(CAST(coalesce(api_call, '') AS BLOB)) + length(CAST(coalesce(result, '') AS BLOB))
  + length(CAST(coalesce(request_id, '') AS BLOB)) + length(CAST(message AS BLOB))
  + length(CAST(coalesce(next_step, '') AS BLOB))`;

/** The average text bytes of the newest `sampleLines` lines; null when the log is empty. */
export function averageLinePayload(db: DB, sampleLines: number): number | null {
  const row = cached(
    db,
    `SELECT avg(${PAYLOAD}) AS payload FROM (SELECT * FROM sync_log ORDER BY id DESC LIMIT ${sampleLines})`,
  ).get() as { payload: number | null };
  return row.payload;
}

export function logLineTime(db: DB, id: number): string | undefined {
  const row = cached(db, 'SELECT at FROM sync_log WHERE id = ?').get(id) as
    { at: string } | undefined;
  return row?.at;
}

/** Deletes the `count` oldest lines and their search index entries in one transaction. */
export function deleteOldestLines(db: DB, count: number): number {
  return inTransaction(db, () => {
    const last = cached(
      db,
      'SELECT max(id) AS id FROM (SELECT id FROM sync_log ORDER BY id LIMIT ?)',
    ).get(count) as { id: number | null };
    if (last.id === null) return 0;
    const deleted = cached(db, 'DELETE FROM sync_log WHERE id <= ?').run(last.id).changes;
    dropIndexedUpTo(db, last.id);
    return deleted;
  });
}

export function toLine(row: SyncLogRow): SyncLogLine {
  return {
    id: row.id,
    runId: row.run_id,
    connectionId: row.connection_id,
    at: row.at,
    level: row.level,
    direction: row.direction,
    entity: row.entity,
    entityId: row.entity_id,
    rule: row.rule,
    apiCall: row.api_call,
    result: row.result,
    retries: row.retries,
    requestId: row.request_id,
    message: row.message,
    nextStep: row.next_step,
  };
}
