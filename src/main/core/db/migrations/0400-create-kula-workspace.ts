import type Database from 'better-sqlite3';

/**
 * The Kula side of write-back: flows (optionally linked to one ATS job), candidates with their
 * Kula stage, notes (public or private), logged conversation messages, resumes (bytes in their own
 * table, so listing resumes never reads a file), and referrals to an ATS job ("circles").
 *
 * A candidate's primary email is unique: it is how Kula and the ATS recognise a person. Connection
 * references are `ON DELETE SET NULL` on workspace rows (removing a connection keeps the Kula data)
 * and `CASCADE` on link rows (migration 410).
 */
export default function createKulaWorkspace(db: Database.Database): void {
  db.exec(`
    CREATE TABLE kula_candidates (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      -- The primary email, lower-cased; null for a candidate known only by name.
      email TEXT,
      emails_json TEXT NOT NULL DEFAULT '[]',
      phone TEXT,
      links_json TEXT NOT NULL DEFAULT '[]',
      kula_stage_id TEXT NOT NULL REFERENCES kula_stages(id),
      stage_changed_at TEXT NOT NULL,
      -- How the candidate came in: 'form', 'csv', 'cli', 'referral'.
      origin TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX kula_candidates_by_email ON kula_candidates (email) WHERE email IS NOT NULL;
    CREATE INDEX kula_candidates_by_name ON kula_candidates (name COLLATE NOCASE);
    CREATE INDEX kula_candidates_by_stage ON kula_candidates (kula_stage_id);

    CREATE TABLE kula_flows (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      connection_id TEXT REFERENCES connections(id) ON DELETE SET NULL,
      ats_job_id TEXT,
      -- The job's title when it was linked, shown when the job leaves the cache.
      ats_job_title TEXT,
      linked_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX kula_flows_by_name ON kula_flows (name COLLATE NOCASE);

    CREATE TABLE kula_flow_members (
      flow_id TEXT NOT NULL REFERENCES kula_flows(id) ON DELETE CASCADE,
      candidate_id TEXT NOT NULL REFERENCES kula_candidates(id) ON DELETE CASCADE,
      added_at TEXT NOT NULL,
      PRIMARY KEY (flow_id, candidate_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX kula_flow_members_by_candidate ON kula_flow_members (candidate_id);

    CREATE TABLE kula_notes (
      id TEXT PRIMARY KEY,
      candidate_id TEXT NOT NULL REFERENCES kula_candidates(id) ON DELETE CASCADE,
      body TEXT NOT NULL,
      -- Private notes never leave the console: no outbox row, no request, no log line.
      private INTEGER NOT NULL CHECK (private IN (0, 1)),
      author TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX kula_notes_by_candidate ON kula_notes (candidate_id, created_at);

    CREATE TABLE kula_messages (
      id TEXT PRIMARY KEY,
      candidate_id TEXT NOT NULL REFERENCES kula_candidates(id) ON DELETE CASCADE,
      direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
      channel TEXT NOT NULL,
      sender TEXT NOT NULL,
      sent_at TEXT NOT NULL,
      body TEXT NOT NULL,
      flow_id TEXT REFERENCES kula_flows(id) ON DELETE SET NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX kula_messages_by_candidate ON kula_messages (candidate_id, sent_at);

    CREATE TABLE kula_resumes (
      id TEXT PRIMARY KEY,
      candidate_id TEXT NOT NULL REFERENCES kula_candidates(id) ON DELETE CASCADE,
      file_name TEXT NOT NULL,
      content_type TEXT NOT NULL,
      size INTEGER NOT NULL,
      sha256 TEXT NOT NULL,
      uploaded_by TEXT NOT NULL,
      uploaded_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX kula_resumes_by_candidate ON kula_resumes (candidate_id, uploaded_at);

    CREATE TABLE kula_resume_files (
      resume_id TEXT PRIMARY KEY REFERENCES kula_resumes(id) ON DELETE CASCADE,
      bytes BLOB NOT NULL
    ) STRICT;

    CREATE TABLE kula_referrals (
      id TEXT PRIMARY KEY,
      candidate_id TEXT NOT NULL REFERENCES kula_candidates(id) ON DELETE CASCADE,
      referrer_name TEXT NOT NULL,
      referrer_email TEXT,
      connection_id TEXT REFERENCES connections(id) ON DELETE SET NULL,
      ats_job_id TEXT,
      ats_job_title TEXT,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX kula_referrals_by_candidate ON kula_referrals (candidate_id);
  `);
}
