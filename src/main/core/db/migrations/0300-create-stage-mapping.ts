import type Database from 'better-sqlite3';

/**
 * Kula's own pipeline and, per connection, the two stage-mapping tables (see
 * src/main/core/mapping/). ATS stages are referred to by the mapping's refs (`stage:<id>`,
 * `group:<type>/<title>`, `reason:<id>`, …), not by foreign keys: the ATS can drop a stage the
 * admin mapped, and the row must survive so the lint can say so. `origin` tells the console's
 * defaults ('default', recomputed when the ATS changes) from the admin's choices ('admin', never
 * touched). A NULL `decision` is a row nobody has decided yet ("not mapped").
 */
export default function createStageMapping(db: Database.Database): void {
  db.exec(`
    CREATE TABLE kula_stages (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      role TEXT UNIQUE,
      position INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX kula_stages_by_name ON kula_stages (name COLLATE NOCASE);

    CREATE TABLE stage_mapping_state (
      connection_id TEXT PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
      revision INTEGER NOT NULL DEFAULT 0,
      computed_at TEXT NOT NULL,
      -- The last time a person saved, imported or reset the whole mapping.
      reviewed_at TEXT,
      reviewed_by TEXT,
      -- Write-back to an ATS that requires it (Lever) waits for this.
      confirmed_at TEXT,
      confirmed_by TEXT
    ) STRICT;

    CREATE TABLE stage_map_ats_to_kula (
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      ats_ref TEXT NOT NULL,
      -- The ATS stage's name when the row was last written, shown if the ATS drops the stage.
      ats_label TEXT NOT NULL,
      decision TEXT CHECK (decision IN ('stage', 'unchanged')),
      kula_stage_id TEXT,
      origin TEXT NOT NULL CHECK (origin IN ('default', 'admin')),
      needs_review INTEGER NOT NULL DEFAULT 0,
      updated_at TEXT NOT NULL,
      CHECK ((decision = 'stage') = (kula_stage_id IS NOT NULL)),
      PRIMARY KEY (connection_id, ats_ref)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE stage_map_kula_to_ats (
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      kula_stage_id TEXT NOT NULL REFERENCES kula_stages(id) ON DELETE CASCADE,
      -- '' is the rule for every interview plan; a plan id is an override for that plan.
      plan_id TEXT NOT NULL DEFAULT '',
      decision TEXT CHECK (decision IN ('move', 'none')),
      ats_ref TEXT,
      ats_label TEXT,
      archive_reason_id TEXT,
      origin TEXT NOT NULL CHECK (origin IN ('default', 'admin')),
      needs_review INTEGER NOT NULL DEFAULT 0,
      updated_at TEXT NOT NULL,
      CHECK ((decision = 'move') = (ats_ref IS NOT NULL)),
      PRIMARY KEY (connection_id, kula_stage_id, plan_id)
    ) STRICT, WITHOUT ROWID;
  `);

  // Kula's default pipeline. Ids equal the roles, so exports stay readable.
  const now = new Date().toISOString();
  const insert = db.prepare(
    'INSERT INTO kula_stages (id, name, role, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  DEFAULT_KULA_STAGES.forEach(([id, name], position) =>
    insert.run(id, name, id, position, now, now),
  );
}

/** Frozen with the migration: later changes to the default set need a new migration. */
const DEFAULT_KULA_STAGES: ReadonlyArray<readonly [string, string]> = [
  ['new', 'New'],
  ['contacted', 'Contacted'],
  ['replied', 'Replied'],
  ['interested', 'Interested'],
  ['not_interested', 'Not interested'],
  ['interviewing', 'Interviewing'],
  ['offer', 'Offer'],
  ['hired', 'Hired'],
  ['rejected', 'Rejected'],
];
