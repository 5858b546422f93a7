import type Database from 'better-sqlite3';

/**
 * One row while a process syncs a connection. The desktop app and the CLI (or a second CLI) may
 * share a data folder; the row is taken in an IMMEDIATE transaction, so two processes racing for
 * it are serialized by SQLite and exactly one wins.
 *
 * A row left behind by a process that died (SIGKILL, power loss) is taken over: its holder's pid
 * no longer runs, or runs but is another process (its start time differs: pid reuse), or its
 * heartbeat stopped long ago (where neither can be checked). See sync/db-run-lock.ts.
 */
export default function createSyncRunLeases(db: Database.Database): void {
  db.exec(`
    CREATE TABLE sync_run_leases (
      connection_id TEXT PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
      -- Random per lease: a release or heartbeat only ever touches its own row.
      holder TEXT NOT NULL,
      pid INTEGER NOT NULL,
      host TEXT NOT NULL,
      -- The holder process's start time as the OS reports it (Linux /proc), to detect pid reuse.
      process_start TEXT,
      -- Who holds it, for "already syncing in …": app, cli, test.
      process_label TEXT NOT NULL,
      acquired_at INTEGER NOT NULL,
      heartbeat_at INTEGER NOT NULL
    ) STRICT;
  `);
}
