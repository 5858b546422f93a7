import type { LogFacets, LogLineDetail } from '../../../shared/domain/sync-log';
import type { DB } from '../db/database';
import { getConnectionRow } from '../db/repos/connections';
import { distinctLogValues, getLogLineRow, recordLogRows, toLine } from '../db/repos/sync-log';
import { getRun } from '../db/repos/sync-runs';
import { ConsoleError } from '../errors';

const HISTORY_LIMIT = 50;

/** A line with what the detail drawer shows beside it: its connection, run and record history. */
export function lineDetail(db: DB, id: number): LogLineDetail {
  const row = getLogLineRow(db, id);
  if (!row) {
    throw new ConsoleError(
      'NOT_FOUND',
      `Log line ${id} is no longer kept.`,
      'The log keeps the newest lines up to its size limit (Settings); older lines were removed.',
    );
  }
  const recordHistory =
    row.entity && row.entity_id
      ? recordLogRows(db, row.entity, row.entity_id, HISTORY_LIMIT).map(toLine)
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

/** The distinct entities and rules in the log, for the filter menus. */
export function logFacets(db: DB): LogFacets {
  return { entities: distinctLogValues(db, 'entity'), rules: distinctLogValues(db, 'rule') };
}
