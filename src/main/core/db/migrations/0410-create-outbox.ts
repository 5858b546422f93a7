import type Database from 'better-sqlite3';

/**
 * Write-back: which ATS records a Kula candidate is linked to, and the outbox of writes.
 *
 * - `kula_ats_candidates`: the ATS person of a Kula candidate per connection, and whether the
 *   console created it (then the candidate's existing public notes and messages are added once).
 * - `kula_ats_applications`: one per (candidate, connection, job), from a linked flow or a
 *   referral. `ats_application_id` is set once created or found; `created_by_console` decides
 *   whether a resume may be attached. `base_*` is the ATS state both sides last agreed on: a sync
 *   that finds the cached application elsewhere knows the ATS moved it (our own writes update the
 *   base, so they never bounce back).
 * - `outbox`: one durable row per intended ATS write, inserted in the transaction of the local
 *   change, with a deterministic idempotency key (a repeated intent is ignored). Rows of one
 *   candidate run in id order; a row whose outcome is unknown (`needs_check`) is checked against
 *   the ATS before it is sent again. Payloads hold references only, never note or message text.
 */
export default function createOutbox(db: Database.Database): void {
  db.exec(`
    CREATE TABLE kula_ats_candidates (
      candidate_id TEXT NOT NULL REFERENCES kula_candidates(id) ON DELETE CASCADE,
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      ats_candidate_id TEXT NOT NULL,
      created_by_console INTEGER NOT NULL CHECK (created_by_console IN (0, 1)),
      profile_url TEXT,
      linked_at TEXT NOT NULL,
      PRIMARY KEY (candidate_id, connection_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE kula_ats_applications (
      id INTEGER PRIMARY KEY,
      candidate_id TEXT NOT NULL REFERENCES kula_candidates(id) ON DELETE CASCADE,
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      ats_job_id TEXT NOT NULL,
      ats_job_title TEXT,
      origin TEXT NOT NULL CHECK (origin IN ('flow', 'referral')),
      flow_id TEXT REFERENCES kula_flows(id) ON DELETE SET NULL,
      referral_id TEXT REFERENCES kula_referrals(id) ON DELETE SET NULL,
      ats_application_id TEXT,
      created_by_console INTEGER NOT NULL DEFAULT 0 CHECK (created_by_console IN (0, 1)),
      profile_url TEXT,
      base_stage_id TEXT,
      base_archived INTEGER,
      base_archive_reason_id TEXT,
      base_at TEXT,
      -- The Kula resume sent with the create (Lever multipart), so its own row knows it is done.
      resume_id TEXT,
      moves_enqueued INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      linked_at TEXT,
      UNIQUE (candidate_id, connection_id, ats_job_id)
    ) STRICT;
    CREATE INDEX kula_ats_applications_by_connection ON kula_ats_applications (connection_id, ats_application_id);

    CREATE TABLE outbox (
      id INTEGER PRIMARY KEY,
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      candidate_id TEXT NOT NULL REFERENCES kula_candidates(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('candidate.ensure', 'application.create', 'stage.move',
        'note.create', 'message.create', 'resume.attach')),
      idempotency_key TEXT NOT NULL UNIQUE,
      -- The Kula record the write is about (application link id, note, message or resume id).
      subject_id TEXT NOT NULL,
      payload_json TEXT NOT NULL DEFAULT '{}',
      state TEXT NOT NULL CHECK (state IN ('pending', 'in_flight', 'done', 'failed', 'skipped',
        'discarded', 'superseded')),
      attempts INTEGER NOT NULL DEFAULT 0,
      -- The last attempt may have reached the ATS: check before sending again.
      needs_check INTEGER NOT NULL DEFAULT 0 CHECK (needs_check IN (0, 1)),
      -- What a check saw before the first send (e.g. no candidate with this email).
      check_json TEXT,
      next_attempt_at TEXT,
      last_error TEXT,
      last_error_code TEXT,
      last_action TEXT,
      request_id TEXT,
      result_json TEXT,
      -- One line for the history: what happened in the end.
      outcome TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      claimed_at TEXT,
      finished_at TEXT
    ) STRICT;
    CREATE INDEX outbox_by_state ON outbox (connection_id, state, id);
    CREATE INDEX outbox_by_candidate ON outbox (candidate_id, connection_id, id);
    CREATE INDEX outbox_by_subject ON outbox (subject_id);
  `);
}
