import type Database from 'better-sqlite3';

/**
 * The local cache of each connection's ATS, filled by the import (providers/records.ts shapes).
 * Rows are keyed by (connection, the ATS's id). `seen_pass` is the full pass that last saw a row,
 * so a completed full pass can remove what the ATS no longer has. `sync_state` holds each
 * resource's checkpoint (in-progress page state) and committed state (sync token, watermark).
 */
export default function createAtsCache(db: Database.Database): void {
  db.exec(`
    CREATE TABLE ats_jobs (
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      remote_id TEXT NOT NULL,
      title TEXT NOT NULL,
      status TEXT NOT NULL,
      is_open INTEGER NOT NULL,
      confidential INTEGER NOT NULL DEFAULT 0,
      plan_ids_json TEXT NOT NULL DEFAULT '[]',
      default_plan_id TEXT,
      location TEXT,
      department TEXT,
      url TEXT,
      remote_created_at TEXT,
      remote_updated_at TEXT,
      seen_pass INTEGER,
      PRIMARY KEY (connection_id, remote_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE ats_plans (
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      remote_id TEXT NOT NULL,
      title TEXT NOT NULL,
      archived INTEGER NOT NULL DEFAULT 0,
      seen_pass INTEGER,
      PRIMARY KEY (connection_id, remote_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE ats_stages (
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      remote_id TEXT NOT NULL,
      plan_id TEXT,
      title TEXT NOT NULL,
      type TEXT,
      position INTEGER NOT NULL,
      seen_pass INTEGER,
      PRIMARY KEY (connection_id, remote_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX ats_stages_by_plan ON ats_stages (connection_id, plan_id, position);

    CREATE TABLE ats_candidates (
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
      seen_pass INTEGER,
      PRIMARY KEY (connection_id, remote_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX ats_candidates_by_email ON ats_candidates (connection_id, primary_email);
    CREATE INDEX ats_candidates_by_name ON ats_candidates (connection_id, name COLLATE NOCASE);

    CREATE TABLE ats_applications (
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
      seen_pass INTEGER,
      PRIMARY KEY (connection_id, remote_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX ats_applications_by_candidate ON ats_applications (connection_id, candidate_id);
    CREATE INDEX ats_applications_by_job ON ats_applications (connection_id, job_id);

    CREATE TABLE ats_users (
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      remote_id TEXT NOT NULL,
      name TEXT NOT NULL,
      email TEXT,
      role TEXT,
      active INTEGER NOT NULL DEFAULT 1,
      seen_pass INTEGER,
      PRIMARY KEY (connection_id, remote_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE ats_sources (
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      remote_id TEXT NOT NULL,
      title TEXT NOT NULL,
      type_title TEXT,
      archived INTEGER NOT NULL DEFAULT 0,
      seen_pass INTEGER,
      PRIMARY KEY (connection_id, remote_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE ats_archive_reasons (
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      remote_id TEXT NOT NULL,
      title TEXT NOT NULL,
      reason_type TEXT,
      archived INTEGER NOT NULL DEFAULT 0,
      seen_pass INTEGER,
      PRIMARY KEY (connection_id, remote_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE sync_state (
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      resource TEXT NOT NULL,
      -- Provider state of the pass in progress (null between passes).
      cursor_json TEXT,
      -- What the last complete pass left for the next one (sync token, watermark).
      committed_json TEXT,
      pass_id INTEGER,
      pass_mode TEXT,
      pass_records INTEGER NOT NULL DEFAULT 0,
      last_complete_at TEXT,
      last_full_at TEXT,
      last_full_records INTEGER,
      -- Why the last pass fell back, e.g. 'sync_token_expired' (shown in the health view).
      last_notice TEXT,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (connection_id, resource)
    ) STRICT, WITHOUT ROWID;
  `);
}
