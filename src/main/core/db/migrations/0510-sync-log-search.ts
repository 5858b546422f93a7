import type Database from 'better-sqlite3';

/**
 * The sync log becomes searchable and filterable at a million lines.
 *
 * - `sync_log_fts`: full-text index (FTS5) over the message and the key fields. Contentless (the
 *   text stays in `sync_log` only, so the index adds no second copy of any message) with
 *   `contentless_delete` so retention can drop old rows. It is filled in batches by
 *   `db/repos/sync-log-search.ts` rather than by a per-row trigger: measured, a trigger costs about
 *   5× a plain insert per line, a batch of a few thousand rows about 1×. Lines not yet indexed
 *   (`app_meta.sync_log_fts_upto` marks the last indexed id) are searched by a scan of that short
 *   tail, so a search never misses a line.
 * - Indexes for the filters the log view offers whose plans need them: level (errors and warnings
 *   are rare, so "errors only" must not scan), time (converted to an id range), rule (the health
 *   view reads the latest notice of a resource).
 */
export default function syncLogSearch(db: Database.Database): void {
  db.exec(`
    CREATE VIRTUAL TABLE sync_log_fts USING fts5(
      message, entity_id, rule, api_call, request_id, next_step, result,
      content = '', contentless_delete = 1
    );
    INSERT INTO app_meta (key, value) VALUES ('sync_log_fts_upto', '0')
      ON CONFLICT (key) DO UPDATE SET value = '0';
    CREATE INDEX sync_log_by_level ON sync_log (level, id);
    CREATE INDEX sync_log_by_at ON sync_log (at);
    CREATE INDEX sync_log_by_rule ON sync_log (rule, id);
  `);
}
