import type { EntityKind } from '../providers/records';
import { cached, inTransaction, type DB } from './database';

/**
 * Bulk loading of the two big cache tables. A first import into an empty `ats_candidates` or
 * `ats_applications` runs without any of their indexes, the unique key included, and builds them
 * once at the end of the pass: with random ATS ids every page otherwise rewrites a b-tree page of
 * each index per record, and commits them to the WAL page by page (bench/, ashby-import: a page of
 * 100 rows cost 2.7 ms with the key, 0.5 ms without; sorting 100k keys once costs ~0.15 s).
 *
 * Without the key, rows are appended (`upsertBatch` inserts) and a record the ATS sent twice in
 * one pass is in the table twice until the key is restored: `restoreIndexes` first keeps the
 * latest copy of each record (the last inserted, as an upsert would have), then builds the key.
 * Any writer other than a full pass (write-back, an incremental pass, deletions) restores the key
 * first, so only a first import ever appends. Every page checks which mode its table is in inside
 * its own transaction, so another process restoring the key mid-import only makes the rest of
 * that import upsert.
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

/** The unique key (connection, ATS id) of each big table (migration 0100). */
const KEY_INDEXES: Partial<Record<EntityKind, string>> = {
  candidates: 'ats_candidates_key',
  applications: 'ats_applications_key',
};

/**
 * Drops the entity's indexes, its unique key included, when its table is empty (a first import).
 * Returns whether it did. Call inside the page's transaction.
 */
export function deferIndexesIfEmpty(db: DB, entity: EntityKind): boolean {
  const table = TABLES[entity];
  const key = KEY_INDEXES[entity];
  if (!table || !key) return false;
  if (db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined) return false;
  for (const index of SECONDARY_INDEXES[entity] ?? [])
    db.exec(`DROP INDEX IF EXISTS ${index.name}`);
  db.exec(`DROP INDEX IF EXISTS ${key}`);
  return true;
}

/** Whether the entity's rows can be upserted (its table has its unique key, or needs none). */
export function hasKeyIndex(db: DB, entity: EntityKind): boolean {
  const key = KEY_INDEXES[entity];
  return key === undefined || indexExists(db, key);
}

function indexExists(db: DB, name: string): boolean {
  return (
    cached(db, "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?").get(name) !==
    undefined
  );
}

/**
 * Rebuilds what `deferIndexesIfEmpty` dropped: keeps the latest copy of each record appended
 * twice, builds the unique key, then the secondary indexes. Returns the copies removed. Atomic (a
 * savepoint when called inside a transaction).
 */
export function restoreIndexes(db: DB, entity: EntityKind): number {
  const secondary = SECONDARY_INDEXES[entity] ?? [];
  if (hasKeyIndex(db, entity) && secondary.every((index) => indexExists(db, index.name))) return 0;
  return inTransaction(db, () => {
    let duplicates = 0;
    const table = TABLES[entity];
    const key = KEY_INDEXES[entity];
    if (table && key && !hasKeyIndex(db, entity)) {
      const createKey = `CREATE UNIQUE INDEX ${key} ON ${table} (connection_id, remote_id)`;
      try {
        db.exec(createKey);
      } catch (error) {
        // Copies are rare (one ATS record in two pages of one read), so the key is tried first
        // and the table only grouped by key when it has some.
        if (!isUniqueViolation(error)) throw error;
        duplicates = db
          .prepare(
            `DELETE FROM ${table} WHERE rowid NOT IN
               (SELECT max(rowid) FROM ${table} GROUP BY connection_id, remote_id)`,
          )
          .run().changes;
        db.exec(createKey);
      }
    }
    for (const index of secondary) db.exec(index.create);
    return duplicates;
  });
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Recreates any index a stopped or crashed import left out. Cheap when all exist. */
export function restoreAllIndexes(db: DB): void {
  for (const entity of Object.keys(TABLES) as EntityKind[]) restoreIndexes(db, entity);
}
