import type { LogLevel, SyncLogLine } from '../../../../shared/domain/runs';
import type { LogCount, LogFilter, LogPage } from '../../../../shared/domain/sync-log';
import type { DB } from '../database';
import { toLine, type SyncLogRow } from './sync-log';
import { indexedUpTo, searchWords, toFtsQuery } from './sync-log-search';

/**
 * Reads of the sync log for the view, the CLI and the export: newest first, paged by key
 * (`id < beforeId`), never by offset, so page 5,000 costs what page 1 does.
 *
 * Plans are chosen here rather than left to SQLite's guesses (the log has no statistics and a
 * wrong guess means sorting a million rows): the most selective filter gets an index (search →
 * the FTS index; a record → `sync_log_by_entity`; a run; a rule; errors/warnings →
 * `sync_log_by_level`; a connection → `sync_log_by_connection`), every other filter is written
 * with a unary `+` so it is checked row by row instead. Times become an id range (ids grow with
 * time) plus the exact time check.
 */

const RARE_LEVELS = new Set<LogLevel>(['warn', 'error']);
const ALL_LEVELS = 4;

interface Where {
  sql: string[];
  params: unknown[];
}

function conditions(filter: LogFilter): Where {
  const sql: string[] = [];
  const params: unknown[] = [];
  // The one filter that drives the plan, by selectivity; the rest are checked per row.
  const driver = filter.entityId
    ? 'record'
    : filter.runId !== undefined
      ? 'run'
      : filter.rule
        ? 'rule'
        : filter.levels?.length && filter.levels.every((level) => RARE_LEVELS.has(level))
          ? 'level'
          : filter.connectionId
            ? 'connection'
            : 'id';
  const plus = (name: string) => (name === driver ? '' : '+');

  if (filter.entityId) {
    if (filter.entity) {
      sql.push('l.entity = ?', 'l.entity_id = ?');
      params.push(filter.entity, filter.entityId);
    } else {
      sql.push('l.entity_id = ?');
      params.push(filter.entityId);
    }
  } else if (filter.entity) {
    sql.push('+l.entity = ?');
    params.push(filter.entity);
  }
  if (filter.runId !== undefined) {
    sql.push(`${plus('run')}l.run_id = ?`);
    params.push(filter.runId);
  }
  if (filter.rule) {
    sql.push(`${plus('rule')}l.rule = ?`);
    params.push(filter.rule);
  }
  if (filter.levels?.length && new Set(filter.levels).size < ALL_LEVELS) {
    const levels = [...new Set(filter.levels)];
    sql.push(`${plus('level')}l.level IN (${levels.map(() => '?').join(', ')})`);
    params.push(...levels);
  }
  if (filter.connectionId) {
    sql.push(`${plus('connection')}l.connection_id = ?`);
    params.push(filter.connectionId);
  }
  if (filter.directions?.length && new Set(filter.directions).size < 3) {
    const directions = [...new Set(filter.directions)];
    sql.push(`+l.direction IN (${directions.map(() => '?').join(', ')})`);
    params.push(...directions);
  }
  if (filter.since) {
    sql.push(
      'l.id >= coalesce((SELECT id FROM sync_log INDEXED BY sync_log_by_at WHERE at >= ? ORDER BY at, id LIMIT 1), 9223372036854775807)',
      '+l.at >= ?',
    );
    params.push(filter.since, filter.since);
  }
  if (filter.until) {
    sql.push(
      'l.id <= coalesce((SELECT id FROM sync_log INDEXED BY sync_log_by_at WHERE at < ? ORDER BY at DESC, id DESC LIMIT 1), 0)',
      '+l.at < ?',
    );
    params.push(filter.until, filter.until);
  }
  return { sql, params };
}

function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

const TAIL_COLUMNS = [
  'message',
  'entity_id',
  'rule',
  'api_call',
  'request_id',
  'next_step',
  'result',
];

/** The search as LIKE conditions, for the lines the FTS index does not cover yet. */
function tailSearch(words: string[]): Where {
  const sql: string[] = [];
  const params: unknown[] = [];
  for (const word of words) {
    sql.push(`(${TAIL_COLUMNS.map((column) => `l.${column} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
    for (let i = 0; i < TAIL_COLUMNS.length; i++) params.push(likePattern(word));
  }
  return { sql, params };
}

interface Bounds {
  /** Only lines with id < beforeId. */
  beforeId?: number | undefined;
}

/** Yields matching rows, newest first, `limit` at most. */
function select(
  db: DB,
  filter: LogFilter,
  bounds: Bounds,
  limit: number,
  columns = 'l.*',
): SyncLogRow[] {
  const where = conditions(filter);
  const words = filter.search ? searchWords(filter.search) : [];
  const before = bounds.beforeId ?? Number.MAX_SAFE_INTEGER;
  if (words.length === 0) {
    const sql = ['l.id < ?', ...where.sql].join(' AND ');
    return db
      .prepare(`SELECT ${columns} FROM sync_log l WHERE ${sql} ORDER BY l.id DESC LIMIT ?`)
      .all(before, ...where.params, limit) as SyncLogRow[];
  }
  const ftsQuery = toFtsQuery(words);
  const upto = indexedUpTo(db);
  // Newest first: the lines after the index mark (scanned), then the indexed ones.
  const rows: SyncLogRow[] = [];
  if (before > upto + 1) {
    const tail = tailSearch(words);
    const sql = ['l.id < ?', 'l.id > ?', ...where.sql, ...tail.sql].join(' AND ');
    rows.push(
      ...(db
        .prepare(`SELECT ${columns} FROM sync_log l WHERE ${sql} ORDER BY l.id DESC LIMIT ?`)
        .all(before, upto, ...where.params, ...tail.params, limit) as SyncLogRow[]),
    );
  }
  if (rows.length < limit && ftsQuery) {
    const indexedBefore = Math.min(before, upto + 1);
    const sql = ['sync_log_fts MATCH ?', 'f.rowid < ?', ...where.sql].join(' AND ');
    rows.push(
      ...(db
        .prepare(
          `SELECT ${columns} FROM sync_log_fts f CROSS JOIN sync_log l ON l.id = f.rowid
            WHERE ${sql} ORDER BY f.rowid DESC LIMIT ?`,
        )
        .all(ftsQuery, indexedBefore, ...where.params, limit - rows.length) as SyncLogRow[]),
    );
  }
  return rows;
}

export function queryLog(
  db: DB,
  filter: LogFilter,
  beforeId: number | undefined,
  limit: number,
): LogPage {
  const rows = select(db, filter, { beforeId }, limit + 1);
  const lines: SyncLogLine[] = rows.slice(0, limit).map(toLine);
  return {
    lines,
    nextBeforeId: rows.length > limit ? (lines.at(-1)?.id ?? null) : null,
  };
}

/** How many lines match, counting at most `cap` (a full count of a million lines is slow). */
export function countLog(db: DB, filter: LogFilter, cap: number): LogCount {
  const count = select(db, filter, {}, cap + 1, 'l.id').length;
  return { count: Math.min(count, cap), capped: count > cap };
}

/** Every matching line in pages of `pageSize`, newest first (exports). */
export function* iterateLog(db: DB, filter: LogFilter, pageSize = 5000): Generator<SyncLogLine[]> {
  let beforeId: number | undefined;
  for (;;) {
    const page = queryLog(db, filter, beforeId, pageSize);
    if (page.lines.length) yield page.lines;
    if (page.nextBeforeId === null) return;
    beforeId = page.nextBeforeId;
  }
}
