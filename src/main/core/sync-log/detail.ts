import type { LogFacets, LogLineDetail } from '../../../shared/domain/sync-log';
import { cached, type DB } from '../db/database';
import { getConnectionRow } from '../db/repos/connections';
import { toLine, type SyncLogRow } from '../db/repos/sync-log';
import { getRun } from '../db/repos/sync-runs';
import { ConsoleError } from '../errors';

const HISTORY_LIMIT = 50;

/** A line with what the detail drawer shows beside it: its connection, run and record history. */
export function lineDetail(db: DB, id: number): LogLineDetail {
  const row = cached(db, 'SELECT * FROM sync_log WHERE id = ?').get(id) as SyncLogRow | undefined;
  if (!row) {
    throw new ConsoleError(
      'NOT_FOUND',
      `Log line ${id} is no longer kept.`,
      'The log keeps the newest lines up to its size limit (Settings); older lines were removed.',
    );
  }
  const recordHistory =
    row.entity && row.entity_id
      ? (
          cached(
            db,
            'SELECT * FROM sync_log WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT ?',
          ).all(row.entity, row.entity_id, HISTORY_LIMIT) as SyncLogRow[]
        ).map(toLine)
      : [];
  return {
    line: toLine(row),
    connectionLabel: row.connection_id
      ? (getConnectionRow(db, row.connection_id)?.label ?? null)
      : null,
    run: row.run_id === null ? null : (getRun(db, row.run_id) ?? null),
    recordHistory,
  };
}

/**
 * The distinct entities and rules in the log, for the filter menus. Read by hopping along their
 * indexes (one seek per value), so a million lines cost what a hundred do.
 */
export function logFacets(db: DB): LogFacets {
  const distinct = (column: 'entity' | 'rule') =>
    cached(
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
  return { entities: distinct('entity'), rules: distinct('rule') };
}
