import { cached, type DB } from '../database';
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
