import { cached, type DB } from '../database';
import type { RunStatus, RunTrigger, SyncRunSummary } from '../../../../shared/domain/runs';
import { ERROR_CODES, type ErrorCode } from '../../../../shared/ipc/result';

interface SyncRunRow {
  id: number;
  connection_id: string;
  trigger: RunTrigger;
  mode: string;
  status: RunStatus;
  started_at: string;
  finished_at: string | null;
  records_pulled: number;
  records_pushed: number;
  errors: number;
  requests: number;
  message: string | null;
  /** Null for runs that did not fail, and for runs before migration 600. */
  error_code: string | null;
}

export function startRun(
  db: DB,
  input: { connectionId: string; trigger: RunTrigger; mode: string; now: string },
): number {
  const info = db
    .prepare(
      `INSERT INTO sync_runs (connection_id, trigger, mode, status, started_at)
       VALUES (?, ?, ?, 'running', ?)`,
    )
    .run(input.connectionId, input.trigger, input.mode, input.now);
  return Number(info.lastInsertRowid);
}

export interface RunCounters {
  recordsPulled?: number;
  recordsPushed?: number;
  errors?: number;
  requests?: number;
}

export function addRunCounters(db: DB, runId: number, counters: RunCounters): void {
  cached(
    db,
    `UPDATE sync_runs SET records_pulled = records_pulled + ?, records_pushed = records_pushed + ?,
            errors = errors + ?, requests = requests + ? WHERE id = ?`,
  ).run(
    counters.recordsPulled ?? 0,
    counters.recordsPushed ?? 0,
    counters.errors ?? 0,
    counters.requests ?? 0,
    runId,
  );
}

export function finishRun(
  db: DB,
  runId: number,
  input: {
    status: Exclude<RunStatus, 'running'>;
    now: string;
    message?: string | null;
    mode?: string;
    errorCode?: ErrorCode | undefined;
  },
): void {
  db.prepare(
    `UPDATE sync_runs SET status = ?, finished_at = ?, message = ?, mode = coalesce(?, mode),
            error_code = ? WHERE id = ?`,
  ).run(
    input.status,
    input.now,
    input.message ?? null,
    input.mode ?? null,
    input.errorCode ?? null,
    runId,
  );
}

/** Runs left `running` by a process that died are marked interrupted at the next start. */
export function markInterruptedRuns(db: DB, connectionId: string | null, now: string): number {
  const sql =
    connectionId === null
      ? `UPDATE sync_runs SET status = 'interrupted', finished_at = ?, message = 'The console stopped before this run finished; the next run resumes from its last checkpoint.' WHERE status = 'running'`
      : `UPDATE sync_runs SET status = 'interrupted', finished_at = ?, message = 'The console stopped before this run finished; the next run resumes from its last checkpoint.' WHERE status = 'running' AND connection_id = ?`;
  const statement = db.prepare(sql);
  return (connectionId === null ? statement.run(now) : statement.run(now, connectionId)).changes;
}

export function getRun(db: DB, runId: number): SyncRunSummary | undefined {
  const row = db.prepare('SELECT * FROM sync_runs WHERE id = ?').get(runId) as
    SyncRunRow | undefined;
  return row ? toSummary(row) : undefined;
}

export function listRuns(
  db: DB,
  input: { connectionId?: string | undefined; limit: number },
): SyncRunSummary[] {
  const rows = (
    input.connectionId
      ? db
          .prepare('SELECT * FROM sync_runs WHERE connection_id = ? ORDER BY id DESC LIMIT ?')
          .all(input.connectionId, input.limit)
      : db.prepare('SELECT * FROM sync_runs ORDER BY id DESC LIMIT ?').all(input.limit)
  ) as SyncRunRow[];
  return rows.map(toSummary);
}

/**
 * When the connection's latest sync of the ATS's data started (ISO 8601), or null. A push-only run
 * (queued writes sent right after a local change) is not a sync of the ATS's data: it is left out.
 */
export function lastPullStartedAt(db: DB, connectionId: string): string | null {
  const row = db
    .prepare(
      "SELECT max(started_at) AS at FROM sync_runs WHERE connection_id = ? AND mode != 'push'",
    )
    .get(connectionId) as { at: string | null };
  return row.at;
}

function toSummary(row: SyncRunRow): SyncRunSummary {
  return {
    id: row.id,
    connectionId: row.connection_id,
    trigger: row.trigger,
    mode: row.mode,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    recordsPulled: row.records_pulled,
    recordsPushed: row.records_pushed,
    errors: row.errors,
    requests: row.requests,
    message: row.message,
    ...(isErrorCode(row.error_code) ? { errorCode: row.error_code } : {}),
  };
}

function isErrorCode(value: string | null): value is ErrorCode {
  return value !== null && (ERROR_CODES as readonly string[]).includes(value);
}
