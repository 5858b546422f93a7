import type { LogRetentionStatus } from '../../../shared/domain/sync-log';
import { cached, inTransaction, type DB } from '../db/database';
import { dropIndexedUpTo } from './search-index';

/**
 * Keeps the sync log under the admin's size cap (`logRetentionMb`), deleting the oldest lines
 * first, in small transactions so a sync writing at the same time never waits long.
 *
 * The size is estimated, not measured: measuring (SQLite's `dbstat`) reads every page of the log,
 * about a second at a million lines, which would stall the app. The estimate is lines × (fixed
 * cost + factor × the bytes of a line's text), the two constants fitted against `dbstat` for the
 * table with its indexes and search index (test/main/core/sync-log/retention.test.ts keeps them
 * honest within 20%). Lines are counted from the id range: lines are only ever deleted oldest
 * first, so the range has no holes.
 *
 * Deleted pages are reused by new lines; the database file does not shrink (no VACUUM of a file
 * the app and the CLI may both have open).
 */

const PER_LINE_BYTES = 200;
const PAYLOAD_FACTOR = 1.75;
const SAMPLE_LINES = 2000;
/** Trim to this share of the cap, so retention runs now and then rather than after every run. */
const TRIM_TO = 0.9;

const PAYLOAD = `length(CAST(coalesce(connection_id, '') AS BLOB)) + length(at) + length(level)
  + length(direction) + length(CAST(coalesce(entity, '') AS BLOB))
  + length(CAST(coalesce(entity_id, '') AS BLOB)) + length(CAST(coalesce(rule, '') AS BLOB))
  + length(CAST(coalesce(api_call, '') AS BLOB)) + length(CAST(coalesce(result, '') AS BLOB))
  + length(CAST(coalesce(request_id, '') AS BLOB)) + length(CAST(message AS BLOB))
  + length(CAST(coalesce(next_step, '') AS BLOB))`;

export function logSize(db: DB, capBytes: number): LogRetentionStatus {
  const range = cached(db, 'SELECT min(id) AS low, max(id) AS high FROM sync_log').get() as {
    low: number | null;
    high: number | null;
  };
  if (range.low === null || range.high === null) {
    return { lines: 0, estimatedBytes: 0, capBytes, oldestAt: null };
  }
  const lines = range.high - range.low + 1;
  const sample = cached(
    db,
    `SELECT avg(${PAYLOAD}) AS payload FROM (SELECT * FROM sync_log ORDER BY id DESC LIMIT ${SAMPLE_LINES})`,
  ).get() as { payload: number | null };
  const perLine = PER_LINE_BYTES + PAYLOAD_FACTOR * (sample.payload ?? 0);
  const oldest = cached(db, 'SELECT at FROM sync_log WHERE id = ?').get(range.low) as
    { at: string } | undefined;
  return {
    lines,
    estimatedBytes: Math.round(lines * perLine),
    capBytes,
    oldestAt: oldest?.at ?? null,
  };
}

/**
 * How many of the oldest lines to delete: none while the log is under its cap; once over, enough
 * to bring it down to 90% of the cap, so trimming happens now and then, not after every run.
 */
export function linesOverCap(db: DB, capBytes: number): number {
  const size = logSize(db, capBytes);
  if (size.estimatedBytes <= capBytes || size.lines === 0) return 0;
  const perLine = size.estimatedBytes / size.lines;
  const keep = Math.max(0, Math.floor((capBytes * TRIM_TO) / perLine));
  return Math.max(0, size.lines - keep);
}

/** Deletes the `count` oldest lines (and their search index entries) in one transaction. */
export function deleteOldest(db: DB, count: number): number {
  if (count <= 0) return 0;
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

/** API usage older than a week is of no use to the health view. */
export function pruneApiUsage(db: DB, nowMs: number, keepDays = 7): number {
  const oldest = Math.floor(nowMs / 60_000) - keepDays * 24 * 60;
  return cached(db, 'DELETE FROM api_usage WHERE minute < ?').run(oldest).changes;
}
