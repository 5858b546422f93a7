import type { EntityKind } from '../providers/records';
import type { DB } from './database';

/**
 * Bulk loading of the two big cache tables. A first import into an empty `ats_candidates` or
 * `ats_applications` runs without their secondary indexes (the unique key stays, upserts need it)
 * and builds them once at the end of the pass: with random ATS ids every page otherwise rewrites
 * a page of each index per record, which was half of an import's time (bench/, ashby-import).
 *
 * The statements here must match the indexes the migrations create (0100, 0610); `restoreAll`
 * runs at start-up and after every run, so an import that crashed or stopped never leaves them
 * missing.
 */
const SECONDARY_INDEXES: Partial<Record<EntityKind, Array<{ name: string; create: string }>>> = {
  candidates: [
    {
      name: 'ats_candidates_by_email',
      create:
        'CREATE INDEX IF NOT EXISTS ats_candidates_by_email ON ats_candidates (connection_id, primary_email)',
    },
    {
      name: 'ats_candidates_by_name',
      create:
        'CREATE INDEX IF NOT EXISTS ats_candidates_by_name ON ats_candidates (connection_id, name COLLATE NOCASE, primary_email)',
    },
  ],
  applications: [
    {
      name: 'ats_applications_by_candidate',
      create:
        'CREATE INDEX IF NOT EXISTS ats_applications_by_candidate ON ats_applications (connection_id, candidate_id)',
    },
    {
      name: 'ats_applications_by_job',
      create:
        'CREATE INDEX IF NOT EXISTS ats_applications_by_job ON ats_applications (connection_id, job_id)',
    },
  ],
};

const TABLES: Partial<Record<EntityKind, string>> = {
  candidates: 'ats_candidates',
  applications: 'ats_applications',
};

/**
 * Drops the entity's secondary indexes when its table is empty (a first import). Returns whether
 * it did, so the caller restores them at the end of the pass.
 */
export function deferIndexesIfEmpty(db: DB, entity: EntityKind): boolean {
  const table = TABLES[entity];
  const indexes = SECONDARY_INDEXES[entity];
  if (!table || !indexes) return false;
  if (db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined) return false;
  for (const index of indexes) db.exec(`DROP INDEX IF EXISTS ${index.name}`);
  return true;
}

export function restoreIndexes(db: DB, entity: EntityKind): void {
  for (const index of SECONDARY_INDEXES[entity] ?? []) db.exec(index.create);
}

/** Recreates any secondary index a stopped or crashed import left out. Cheap when all exist. */
export function restoreAllIndexes(db: DB): void {
  for (const entity of Object.keys(SECONDARY_INDEXES) as EntityKind[]) restoreIndexes(db, entity);
}
