import { cached, inTransaction, type DB } from '../database';

/**
 * The full-text index of the sync log (`sync_log_fts`, migration 0510), filled in batches.
 *
 * Lines are inserted by every page's transaction; indexing them one by one there would cost about
 * five plain inserts per line (measured), so the index is brought up to date afterwards in batches
 * (`catchUp`), from `app_meta.sync_log_fts_upto` on, in the same transaction that moves that mark.
 * Searches read the index up to the mark and scan the lines after it (`indexedUpTo`), so they
 * never miss a line, whichever process wrote it or whether that process crashed before indexing.
 */

export const FTS_UPTO_KEY = 'sync_log_fts_upto';

const INDEXED_COLUMNS = 'message, entity_id, rule, api_call, request_id, next_step, result';

export function indexedUpTo(db: DB): number {
  const row = cached(db, 'SELECT value FROM app_meta WHERE key = ?').get(FTS_UPTO_KEY) as
    { value: string } | undefined;
  return row ? Number(row.value) : 0;
}

/**
 * Indexes at most `maxRows` lines after the mark and moves the mark; returns how many were
 * indexed (0 when the index is current). Two processes calling it are serialized by the IMMEDIATE
 * transaction, and each reads the mark inside it, so no line is indexed twice.
 */
export function catchUp(db: DB, maxRows = 2000): number {
  return inTransaction(db, () => {
    const from = indexedUpTo(db);
    const last = cached(
      db,
      'SELECT max(id) AS id FROM (SELECT id FROM sync_log WHERE id > ? ORDER BY id LIMIT ?)',
    ).get(from, maxRows) as { id: number | null };
    if (last.id === null) return 0;
    const inserted = cached(
      db,
      `INSERT INTO sync_log_fts (rowid, ${INDEXED_COLUMNS})
       SELECT id, ${INDEXED_COLUMNS} FROM sync_log WHERE id > ? AND id <= ?`,
    ).run(from, last.id).changes;
    cached(db, 'UPDATE app_meta SET value = ? WHERE key = ?').run(String(last.id), FTS_UPTO_KEY);
    return inserted;
  });
}

/** Drops index entries of lines up to `id` (retention deletes the lines themselves). */
export function dropIndexedUpTo(db: DB, id: number): void {
  cached(db, 'DELETE FROM sync_log_fts WHERE rowid <= ?').run(id);
}

/**
 * The user's words as an FTS5 query: each word a quoted phrase with a prefix star, all required.
 * Quoting makes every character literal (no FTS operators from the search box); words without a
 * letter or digit are dropped because they match nothing. Null when nothing searchable is left.
 */
export function toFtsQuery(words: string[]): string | null {
  const phrases = words
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .map((word) => `"${word.replace(/"/g, '""')}"*`);
  return phrases.length ? phrases.join(' ') : null;
}

/** Splits a search box's text into words (quotes group words: `"moved to"`). */
export function searchWords(text: string): string[] {
  const words: string[] = [];
  for (const match of text.matchAll(/"([^"]*)"|(\S+)/g)) {
    const word = (match[1] ?? match[2] ?? '').trim();
    if (word) words.push(word);
  }
  return words.slice(0, 16);
}
