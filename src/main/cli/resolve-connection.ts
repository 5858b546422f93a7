import type { ConsoleCore } from '../core/core';
import { defaultCacheConnection } from '../core/db/repos/ats-read';
import { listConnectionRows, type ConnectionRow } from '../core/db/repos/connections';
import type { DB } from '../core/db/database';
import { ConsoleError } from '../core/errors';
import { UsageError } from './command';
import { echo } from './terminal-text';

/**
 * The connection a command is about: by id, else by label (case-insensitive); when none is named
 * and there is exactly one connection, that one.
 */
export function resolveConnection(
  db: DB,
  wanted: string | undefined,
  usage?: string,
): ConnectionRow {
  const rows = listConnectionRows(db);
  if (wanted) {
    const found =
      rows.find((row) => row.id === wanted) ??
      rows.filter((row) => row.label.toLowerCase() === wanted.toLowerCase()).at(0);
    if (!found) {
      throw new ConsoleError(
        'NOT_FOUND',
        `There is no connection "${echo(wanted)}".`,
        `Use one of: ${rows.map((row) => row.id).join(', ') || 'none yet (connect an ATS first)'}.`,
      );
    }
    return found;
  }
  if (rows.length === 1 && rows[0]) return rows[0];
  if (rows.length === 0) {
    throw new ConsoleError(
      'NOT_FOUND',
      'There is no connection yet.',
      'Connect an ATS first (`connect ashby` or `connect lever`).',
    );
  }
  throw new UsageError(
    `There are ${rows.length} connections; name one: ${rows.map((row) => row.id).join(', ')}.`,
    usage,
  );
}

/** For reads of the ATS cache: the connection named by --connection, else the first with data. */
export function cacheConnection(core: ConsoleCore, value: unknown): string | null {
  return typeof value === 'string'
    ? resolveConnection(core.context.db, value).id
    : defaultCacheConnection(core.context.db);
}
