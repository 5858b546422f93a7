import type Database from 'better-sqlite3';
import type { DB } from '../database';
import type { EntityKind, RecordBatch } from '../../providers/records';
import { hasKeyIndex, restoreIndexes } from '../cache-indexes';
import type { TableName } from '../../../../shared/ipc/tables';

/**
 * Writes of the ATS cache (migration 0040): upserts of normalized records, and the sweep that
 * follows a complete full pass. Provider-neutral. Statements are prepared once per database; an
 * upsert only rewrites a row whose content changed, so `changes` counts real changes; an
 * unchanged row read by a full pass only gets its `seen_pass` mark.
 *
 * `seenPass`: the full pass that saw the row (null during incremental passes, which keep the
 * row's previous mark); a sweep removes rows the pass did not see.
 */

export const ENTITY_TABLES: Record<EntityKind, TableName> = {
  jobs: 'ats_jobs',
  plans: 'ats_plans',
  stages: 'ats_stages',
  candidates: 'ats_candidates',
  applications: 'ats_applications',
  users: 'ats_users',
  sources: 'ats_sources',
  archiveReasons: 'ats_archive_reasons',
};

interface Upsert {
  statement: Database.Statement;
  /** Marks an unchanged row as seen by a full pass. */
  mark: Database.Statement;
  row: (connectionId: string, record: never, seenPass: number | null) => unknown[];
}

/** Appends a row to a table loaded without its key (a first import, see `cache-indexes.ts`). */
interface Append {
  statement: Database.Statement;
  row: Upsert['row'];
}

/** Columns besides the key and `seen_pass`, with how to read them from a record. */
const COLUMNS: Record<EntityKind, Array<[string, (record: never) => unknown]>> = {
  jobs: [
    ['title', (r: RJ) => r.title],
    ['status', (r: RJ) => r.status],
    ['is_open', (r: RJ) => (r.isOpen ? 1 : 0)],
    ['confidential', (r: RJ) => (r.confidential ? 1 : 0)],
    ['plan_ids_json', (r: RJ) => JSON.stringify(r.planIds)],
    ['default_plan_id', (r: RJ) => r.defaultPlanId],
    ['location', (r: RJ) => r.location],
    ['department', (r: RJ) => r.department],
    ['url', (r: RJ) => r.url],
    ['remote_created_at', (r: RJ) => r.createdAt],
    ['remote_updated_at', (r: RJ) => r.updatedAt],
  ],
  plans: [
    ['title', (r: RP) => r.title],
    ['archived', (r: RP) => (r.archived ? 1 : 0)],
  ],
  stages: [
    ['plan_id', (r: RS) => r.planId],
    ['title', (r: RS) => r.title],
    ['type', (r: RS) => r.type],
    ['position', (r: RS) => r.position],
  ],
  candidates: [
    ['name', (r: RC) => r.name],
    ['primary_email', (r: RC) => r.primaryEmail],
    ['emails_json', (r: RC) => jsonList(r.emails)],
    ['phones_json', (r: RC) => jsonList(r.phones)],
    ['links_json', (r: RC) => jsonList(r.links)],
    ['profile_url', (r: RC) => r.profileUrl],
    ['remote_created_at', (r: RC) => r.createdAt],
    ['remote_updated_at', (r: RC) => r.updatedAt],
  ],
  applications: [
    ['candidate_id', (r: RA) => r.candidateRemoteId],
    ['job_id', (r: RA) => r.jobRemoteId],
    ['stage_id', (r: RA) => r.stageRemoteId],
    ['status', (r: RA) => r.status],
    ['archived', (r: RA) => (r.archived ? 1 : 0)],
    ['archive_reason_id', (r: RA) => r.archiveReasonId],
    ['source_title', (r: RA) => r.sourceTitle],
    ['profile_url', (r: RA) => r.profileUrl],
    ['remote_created_at', (r: RA) => r.createdAt],
    ['remote_updated_at', (r: RA) => r.updatedAt],
  ],
  users: [
    ['name', (r: RU) => r.name],
    ['email', (r: RU) => r.email],
    ['role', (r: RU) => r.role],
    ['active', (r: RU) => (r.active ? 1 : 0)],
  ],
  sources: [
    ['title', (r: RSo) => r.title],
    ['type_title', (r: RSo) => r.typeTitle],
    ['archived', (r: RSo) => (r.archived ? 1 : 0)],
  ],
  archiveReasons: [
    ['title', (r: RR) => r.title],
    ['reason_type', (r: RR) => r.reasonType],
    ['archived', (r: RR) => (r.archived ? 1 : 0)],
  ],
} as never;

type Records = Required<RecordBatch>;
type RJ = Records['jobs'][number];
type RP = Records['plans'][number];
type RS = Records['stages'][number];
type RC = Records['candidates'][number];
type RA = Records['applications'][number];
type RU = Records['users'][number];
type RSo = Records['sources'][number];
type RR = Records['archiveReasons'][number];

/** Most lists are empty; skip JSON.stringify for them. */
function jsonList(values: string[]): string {
  if (values.length === 0) return '[]';
  return JSON.stringify(values);
}

const prepared = new WeakMap<
  DB,
  { upserts: Map<EntityKind, Upsert>; appends: Map<EntityKind, Append> }
>();

function statementsOf(db: DB) {
  let statements = prepared.get(db);
  if (!statements) {
    statements = { upserts: new Map(), appends: new Map() };
    prepared.set(db, statements);
  }
  return statements;
}

function rowReader(entity: EntityKind): Upsert['row'] {
  const readers = COLUMNS[entity].map(([, read]) => read);
  return (connectionId, record, seenPass) => {
    const values: unknown[] = [connectionId, (record as { remoteId: string }).remoteId];
    for (const read of readers) values.push(read(record));
    values.push(seenPass);
    return values;
  };
}

/**
 * The entity's upsert, prepared on first use (an upsert names the unique key, so it cannot be
 * prepared while a first import has the key dropped).
 */
function upsertOf(db: DB, entity: EntityKind): Upsert {
  const statements = statementsOf(db);
  let upsert = statements.upserts.get(entity);
  if (upsert) return upsert;
  const table = ENTITY_TABLES[entity];
  const names = COLUMNS[entity].map(([name]) => name);
  const placeholders = ['?', '?', ...names.map(() => '?'), '?'].join(', ');
  const updates = [
    ...names.map((name) => `${name} = excluded.${name}`),
    `seen_pass = coalesce(excluded.seen_pass, ${table}.seen_pass)`,
  ].join(', ');
  const differs = names.map((name) => `${table}.${name} IS NOT excluded.${name}`).join(' OR ');
  upsert = {
    statement: db.prepare(
      `INSERT INTO ${table} (connection_id, remote_id, ${names.join(', ')}, seen_pass)
       VALUES (${placeholders})
       ON CONFLICT (connection_id, remote_id) DO UPDATE SET ${updates} WHERE ${differs}`,
    ),
    mark: db.prepare(
      `UPDATE ${table} SET seen_pass = ? WHERE connection_id = ? AND remote_id = ? AND seen_pass IS NOT ?`,
    ),
    row: rowReader(entity),
  };
  statements.upserts.set(entity, upsert);
  return upsert;
}

function appendOf(db: DB, entity: EntityKind): Append {
  const statements = statementsOf(db);
  let append = statements.appends.get(entity);
  if (append) return append;
  const names = COLUMNS[entity].map(([name]) => name);
  const placeholders = ['?', '?', ...names.map(() => '?'), '?'].join(', ');
  append = {
    statement: db.prepare(
      `INSERT INTO ${ENTITY_TABLES[entity]} (connection_id, remote_id, ${names.join(', ')}, seen_pass)
       VALUES (${placeholders})`,
    ),
    row: rowReader(entity),
  };
  statements.appends.set(entity, append);
  return append;
}

export interface UpsertOutcome {
  /** Records written (new or changed). */
  changed: number;
  /** Records already cached exactly as received. */
  unchanged: number;
  /** Remote ids of changed records per entity (only collected when asked, for record-level logs). */
  changedIds?: Partial<Record<EntityKind, string[]>>;
}

/**
 * Upserts a page. Call inside the page's transaction. A full pass into a table a first import
 * loads without its key appends instead (each row counts as new); any other write restores the key
 * first.
 */
export function upsertBatch(
  db: DB,
  connectionId: string,
  batch: RecordBatch,
  seenPass: number | null,
  collectChangedIds = false,
): UpsertOutcome {
  const outcome: UpsertOutcome = { changed: 0, unchanged: 0 };
  if (collectChangedIds) outcome.changedIds = {};
  for (const entity of Object.keys(batch) as EntityKind[]) {
    const records = batch[entity];
    if (!records || records.length === 0) continue;
    if (!hasKeyIndex(db, entity)) {
      if (seenPass !== null) {
        const { statement, row } = appendOf(db, entity);
        for (const record of records) statement.run(row(connectionId, record as never, seenPass));
        outcome.changed += records.length;
        continue;
      }
      restoreIndexes(db, entity);
    }
    const { statement, mark, row } = upsertOf(db, entity);
    for (const record of records) {
      const changes = statement.run(row(connectionId, record as never, seenPass)).changes;
      if (changes === 0 && seenPass !== null) {
        mark.run(seenPass, connectionId, record.remoteId, seenPass);
      }
      if (changes > 0) {
        outcome.changed++;
        if (outcome.changedIds) (outcome.changedIds[entity] ??= []).push(record.remoteId);
      } else {
        outcome.unchanged++;
      }
    }
  }
  return outcome;
}

export function deleteRecords(
  db: DB,
  connectionId: string,
  entity: EntityKind,
  remoteIds: string[],
): number {
  if (remoteIds.length === 0) return 0;
  // Without its key each delete would scan the table.
  restoreIndexes(db, entity);
  const statement = db.prepare(
    `DELETE FROM ${ENTITY_TABLES[entity]} WHERE connection_id = ? AND remote_id = ?`,
  );
  let removed = 0;
  for (const id of remoteIds) removed += statement.run(connectionId, id).changes;
  return removed;
}

/** After a complete full pass: removes the rows of `entity` that pass did not see. */
export function sweepUnseen(
  db: DB,
  connectionId: string,
  entity: EntityKind,
  passId: number,
): number {
  return db
    .prepare(
      `DELETE FROM ${ENTITY_TABLES[entity]} WHERE connection_id = ? AND (seen_pass IS NULL OR seen_pass <> ?)`,
    )
    .run(connectionId, passId).changes;
}

export function countRecords(db: DB, connectionId: string, entity: EntityKind): number {
  return (
    db
      .prepare(`SELECT count(*) AS n FROM ${ENTITY_TABLES[entity]} WHERE connection_id = ?`)
      .get(connectionId) as { n: number }
  ).n;
}
