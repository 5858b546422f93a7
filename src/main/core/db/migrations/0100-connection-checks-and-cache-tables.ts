import type Database from 'better-sqlite3';

/**
 * For the first Ashby import:
 *
 * 1. The last connection check is kept with the connection (`check_json`, `checked_at`), so the
 *    Connections page shows the permissions found and the setup items (the Kula source) without
 *    calling the ATS.
 * 2. `ats_candidates` and `ats_applications` become rowid tables with a unique key index instead of
 *    WITHOUT ROWID tables. Their rows (~300 bytes) are far above the size WITHOUT ROWID suits
 *    (SQLite's guidance: under ~1/20 of a page); with random ATS ids every insert then split and
 *    rewrote wide leaf pages, which halved import speed (measured: ~8k vs ~15–20k rows/s at one
 *    transaction per 100-record page). Same columns, same key, same indexes: readers are unaffected.
 */
export default function connectionChecksAndCacheTables(db: Database.Database): void {
  db.exec(`
    ALTER TABLE connections ADD COLUMN check_json TEXT;
    ALTER TABLE connections ADD COLUMN checked_at TEXT;

    CREATE TABLE ats_candidates_new (
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      remote_id TEXT NOT NULL,
      name TEXT NOT NULL,
      primary_email TEXT,
      emails_json TEXT NOT NULL DEFAULT '[]',
      phones_json TEXT NOT NULL DEFAULT '[]',
      links_json TEXT NOT NULL DEFAULT '[]',
      profile_url TEXT,
      remote_created_at TEXT,
      remote_updated_at TEXT,
      seen_pass INTEGER
    ) STRICT;
    INSERT INTO ats_candidates_new SELECT connection_id, remote_id, name, primary_email, emails_json,
      phones_json, links_json, profile_url, remote_created_at, remote_updated_at, seen_pass
      FROM ats_candidates;
    DROP TABLE ats_candidates;
    ALTER TABLE ats_candidates_new RENAME TO ats_candidates;
    CREATE UNIQUE INDEX ats_candidates_key ON ats_candidates (connection_id, remote_id);
    CREATE INDEX ats_candidates_by_email ON ats_candidates (connection_id, primary_email);
    CREATE INDEX ats_candidates_by_name ON ats_candidates (connection_id, name COLLATE NOCASE);

    CREATE TABLE ats_applications_new (
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      remote_id TEXT NOT NULL,
      candidate_id TEXT NOT NULL,
      job_id TEXT,
      stage_id TEXT,
      status TEXT NOT NULL,
      archived INTEGER NOT NULL DEFAULT 0,
      archive_reason_id TEXT,
      source_title TEXT,
      profile_url TEXT,
      -- Set by write-back when the console created the application; never by the import.
      created_by_console INTEGER NOT NULL DEFAULT 0,
      remote_created_at TEXT,
      remote_updated_at TEXT,
      seen_pass INTEGER
    ) STRICT;
    INSERT INTO ats_applications_new SELECT connection_id, remote_id, candidate_id, job_id, stage_id,
      status, archived, archive_reason_id, source_title, profile_url, created_by_console,
      remote_created_at, remote_updated_at, seen_pass
      FROM ats_applications;
    DROP TABLE ats_applications;
    ALTER TABLE ats_applications_new RENAME TO ats_applications;
    CREATE UNIQUE INDEX ats_applications_key ON ats_applications (connection_id, remote_id);
    CREATE INDEX ats_applications_by_candidate ON ats_applications (connection_id, candidate_id);
    CREATE INDEX ats_applications_by_job ON ats_applications (connection_id, job_id);
  `);
}
