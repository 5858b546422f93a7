import type { LogRetentionStatus } from '../../../shared/domain/sync-log';
import type { DB } from '../db/database';
import { deleteUsageBefore } from '../db/repos/api-usage';
import {
  averageLinePayload,
  deleteOldestLines,
  logIdRange,
  logLineTime,
} from '../db/repos/sync-log';

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

export function logSize(db: DB, capBytes: number): LogRetentionStatus {
  const range = logIdRange(db);
  if (range.low === null || range.high === null) {
    return { lines: 0, estimatedBytes: 0, capBytes, oldestAt: null };
  }
  const lines = range.high - range.low + 1;
  const perLine = PER_LINE_BYTES + PAYLOAD_FACTOR * (averageLinePayload(db, SAMPLE_LINES) ?? 0);
  return {
    lines,
    estimatedBytes: Math.round(lines * perLine),
    capBytes,
    oldestAt: logLineTime(db, range.low) ?? null,
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
  return deleteOldestLines(db, count);
}

/** API usage older than a week is of no use to the health view. */
export function pruneApiUsage(db: DB, nowMs: number, keepDays = 7): number {
  const oldest = Math.floor(nowMs / 60_000) - keepDays * 24 * 60;
  return deleteUsageBefore(db, oldest);
}
