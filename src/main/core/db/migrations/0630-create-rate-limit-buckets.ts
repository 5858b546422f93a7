import type Database from 'better-sqlite3';

/**
 * Each connection's request budget, shared by every process on the data folder (the app, `watch`,
 * a `sync` on the command line): the token bucket's tokens, when they were last counted, and until
 * when the ATS asked everyone to wait (a 429's Retry-After). Times are wall-clock milliseconds,
 * the one clock all processes share. A row is keyed by connection id, or by `unsaved-<provider>`
 * for checks made before a connection is saved, so it carries no foreign key; removing a
 * connection removes its row.
 */
export default function createRateLimitBuckets(db: Database.Database): void {
  db.exec(`
    CREATE TABLE rate_limit_buckets (
      bucket TEXT PRIMARY KEY,
      tokens REAL NOT NULL,
      updated_at INTEGER NOT NULL,
      paused_until INTEGER NOT NULL DEFAULT 0
    ) STRICT, WITHOUT ROWID;
  `);
}
