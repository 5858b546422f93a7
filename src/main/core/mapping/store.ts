import type {
  AtsToKulaRow,
  AtsToKulaTarget,
  KulaToAtsRow,
  KulaToAtsTarget,
  MappingTables,
  RowMeta,
} from '../../../shared/domain/mapping';
import { atsToKulaKey, kulaToAtsKey } from '../../../shared/mapping/tables';
import type { DB } from '../db/database';

/** The mapping tables of migration 0300, read and written row by row. */

export interface MappingStateRow {
  connection_id: string;
  revision: number;
  computed_at: string;
  reviewed_at: string | null;
  reviewed_by: string | null;
  confirmed_at: string | null;
  confirmed_by: string | null;
}

export interface StoredMapping {
  tables: MappingTables;
  rowMeta: Record<string, RowMeta>;
  /** The ATS stage names the rows were written with, by ATS → Kula ref. */
  atsLabels: Map<string, string>;
  /** The ATS target names Kula → ATS rows were written with, by row key. */
  targetLabels: Map<string, string>;
  state: MappingStateRow | undefined;
}

interface AtsToKulaDbRow {
  ats_ref: string;
  ats_label: string;
  decision: 'stage' | 'unchanged' | null;
  kula_stage_id: string | null;
  origin: 'default' | 'admin';
  needs_review: number;
  updated_at: string;
}

interface KulaToAtsDbRow {
  kula_stage_id: string;
  plan_id: string;
  decision: 'move' | 'none' | null;
  ats_ref: string | null;
  ats_label: string | null;
  archive_reason_id: string | null;
  origin: 'default' | 'admin';
  needs_review: number;
  updated_at: string;
}

export function getMappingState(db: DB, connectionId: string): MappingStateRow | undefined {
  return db
    .prepare('SELECT * FROM stage_mapping_state WHERE connection_id = ?')
    .get(connectionId) as MappingStateRow | undefined;
}

export function loadMapping(db: DB, connectionId: string): StoredMapping {
  const rowMeta: Record<string, RowMeta> = {};
  const atsLabels = new Map<string, string>();
  const targetLabels = new Map<string, string>();
  const a2k = db
    .prepare('SELECT * FROM stage_map_ats_to_kula WHERE connection_id = ? ORDER BY ats_ref')
    .all(connectionId) as AtsToKulaDbRow[];
  const atsToKula: AtsToKulaRow[] = a2k.map((row) => {
    rowMeta[atsToKulaKey(row.ats_ref)] = meta(row);
    atsLabels.set(row.ats_ref, row.ats_label);
    return { atsRef: row.ats_ref, target: toAtsToKulaTarget(row) };
  });
  const k2a = db
    .prepare(
      'SELECT * FROM stage_map_kula_to_ats WHERE connection_id = ? ORDER BY kula_stage_id, plan_id',
    )
    .all(connectionId) as KulaToAtsDbRow[];
  const kulaToAts: KulaToAtsRow[] = k2a.map((row) => {
    const planId = row.plan_id || null;
    const key = kulaToAtsKey(row.kula_stage_id, planId);
    rowMeta[key] = meta(row);
    if (row.ats_label) targetLabels.set(key, row.ats_label);
    return { kulaStageId: row.kula_stage_id, planId, target: toKulaToAtsTarget(row) };
  });
  return {
    tables: { atsToKula, kulaToAts },
    rowMeta,
    atsLabels,
    targetLabels,
    state: getMappingState(db, connectionId),
  };
}

function meta(row: {
  origin: 'default' | 'admin';
  needs_review: number;
  updated_at: string;
}): RowMeta {
  return { origin: row.origin, needsReview: row.needs_review === 1, updatedAt: row.updated_at };
}

function toAtsToKulaTarget(row: AtsToKulaDbRow): AtsToKulaTarget | null {
  if (row.decision === 'unchanged') return { kind: 'unchanged' };
  if (row.decision === 'stage' && row.kula_stage_id)
    return { kind: 'stage', kulaStageId: row.kula_stage_id };
  return null;
}

function toKulaToAtsTarget(row: KulaToAtsDbRow): KulaToAtsTarget | null {
  if (row.decision === 'none') return { kind: 'none' };
  if (row.decision === 'move' && row.ats_ref)
    return { kind: 'move', atsRef: row.ats_ref, archiveReasonId: row.archive_reason_id };
  return null;
}

export interface RowWrite {
  origin: 'default' | 'admin';
  needsReview: boolean;
  now: string;
}

export function writeAtsToKula(
  db: DB,
  connectionId: string,
  row: AtsToKulaRow,
  label: string,
  write: RowWrite,
): void {
  db.prepare(
    `INSERT INTO stage_map_ats_to_kula
       (connection_id, ats_ref, ats_label, decision, kula_stage_id, origin, needs_review, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (connection_id, ats_ref) DO UPDATE SET
       ats_label = excluded.ats_label, decision = excluded.decision,
       kula_stage_id = excluded.kula_stage_id, origin = excluded.origin,
       needs_review = excluded.needs_review, updated_at = excluded.updated_at`,
  ).run(
    connectionId,
    row.atsRef,
    label,
    row.target?.kind ?? null,
    row.target?.kind === 'stage' ? row.target.kulaStageId : null,
    write.origin,
    write.needsReview ? 1 : 0,
    write.now,
  );
}

export function writeKulaToAts(
  db: DB,
  connectionId: string,
  row: KulaToAtsRow,
  label: string | null,
  write: RowWrite,
): void {
  const move = row.target?.kind === 'move' ? row.target : null;
  db.prepare(
    `INSERT INTO stage_map_kula_to_ats
       (connection_id, kula_stage_id, plan_id, decision, ats_ref, ats_label, archive_reason_id,
        origin, needs_review, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (connection_id, kula_stage_id, plan_id) DO UPDATE SET
       decision = excluded.decision, ats_ref = excluded.ats_ref, ats_label = excluded.ats_label,
       archive_reason_id = excluded.archive_reason_id, origin = excluded.origin,
       needs_review = excluded.needs_review, updated_at = excluded.updated_at`,
  ).run(
    connectionId,
    row.kulaStageId,
    row.planId ?? '',
    row.target?.kind ?? null,
    move?.atsRef ?? null,
    move ? label : null,
    move?.archiveReasonId ?? null,
    write.origin,
    write.needsReview ? 1 : 0,
    write.now,
  );
}

export function deleteAtsToKula(db: DB, connectionId: string, atsRef: string): void {
  db.prepare('DELETE FROM stage_map_ats_to_kula WHERE connection_id = ? AND ats_ref = ?').run(
    connectionId,
    atsRef,
  );
}

export function deleteKulaToAts(
  db: DB,
  connectionId: string,
  kulaStageId: string,
  planId: string | null,
): void {
  db.prepare(
    'DELETE FROM stage_map_kula_to_ats WHERE connection_id = ? AND kula_stage_id = ? AND plan_id = ?',
  ).run(connectionId, kulaStageId, planId ?? '');
}

export function clearMappingRows(db: DB, connectionId: string): void {
  db.prepare('DELETE FROM stage_map_ats_to_kula WHERE connection_id = ?').run(connectionId);
  db.prepare('DELETE FROM stage_map_kula_to_ats WHERE connection_id = ?').run(connectionId);
}

/** Records a change: a new revision, and optionally who reviewed or confirmed the mapping. */
export function bumpRevision(
  db: DB,
  connectionId: string,
  now: string,
  patch: { reviewedBy?: string; confirmedBy?: string } = {},
): number {
  db.prepare(
    `INSERT INTO stage_mapping_state (connection_id, revision, computed_at) VALUES (?, 0, ?)
     ON CONFLICT (connection_id) DO NOTHING`,
  ).run(connectionId, now);
  db.prepare(
    `UPDATE stage_mapping_state SET revision = revision + 1, computed_at = ?,
            reviewed_at = CASE WHEN ? IS NULL THEN reviewed_at ELSE ? END,
            reviewed_by = coalesce(?, reviewed_by),
            confirmed_at = CASE WHEN ? IS NULL THEN confirmed_at ELSE ? END,
            confirmed_by = coalesce(?, confirmed_by)
      WHERE connection_id = ?`,
  ).run(
    now,
    patch.reviewedBy ?? null,
    now,
    patch.reviewedBy ?? null,
    patch.confirmedBy ?? null,
    now,
    patch.confirmedBy ?? null,
    connectionId,
  );
  return (getMappingState(db, connectionId) as MappingStateRow).revision;
}

/** Every connection's mapping state that exists (Kula stage changes touch all of them). */
export function mappedConnectionIds(db: DB): string[] {
  return (
    db
      .prepare('SELECT connection_id FROM stage_mapping_state ORDER BY connection_id')
      .all() as Array<{
      connection_id: string;
    }>
  ).map((row) => row.connection_id);
}

export function clearNeedsReview(db: DB, connectionId: string): void {
  db.prepare('UPDATE stage_map_ats_to_kula SET needs_review = 0 WHERE connection_id = ?').run(
    connectionId,
  );
  db.prepare('UPDATE stage_map_kula_to_ats SET needs_review = 0 WHERE connection_id = ?').run(
    connectionId,
  );
}
