import type Database from 'better-sqlite3';

export default function createSyncRuns(db: Database.Database): void {
  db.exec(`
    CREATE TABLE sync_runs (
      id INTEGER PRIMARY KEY,
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      trigger TEXT NOT NULL,
      mode TEXT NOT NULL,
      status TEXT NOT NULL,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      records_pulled INTEGER NOT NULL DEFAULT 0,
      records_pushed INTEGER NOT NULL DEFAULT 0,
      errors INTEGER NOT NULL DEFAULT 0,
      requests INTEGER NOT NULL DEFAULT 0,
      message TEXT
    ) STRICT;
    CREATE INDEX sync_runs_by_connection ON sync_runs (connection_id, id DESC);

    -- Record-level log. connection_id is kept without a foreign key on purpose: the history of a
    -- removed connection stays readable until retention trims it.
    CREATE TABLE sync_log (
      id INTEGER PRIMARY KEY,
      run_id INTEGER,
      connection_id TEXT,
      at TEXT NOT NULL,
      level TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
      direction TEXT NOT NULL DEFAULT 'none' CHECK (direction IN ('pull', 'push', 'none')),
      entity TEXT,
      entity_id TEXT,
      rule TEXT,
      api_call TEXT,
      result TEXT,
      retries INTEGER NOT NULL DEFAULT 0,
      request_id TEXT,
      message TEXT NOT NULL,
      next_step TEXT
    ) STRICT;
    CREATE INDEX sync_log_by_run ON sync_log (run_id);
    CREATE INDEX sync_log_by_connection ON sync_log (connection_id, id);
    CREATE INDEX sync_log_by_entity ON sync_log (entity, entity_id);
  `);
}
