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
import {
  deleteKulaToAtsRow,
  getMappingState,
  listAtsToKulaRows,
  listKulaToAtsRows,
  upsertAtsToKulaRow,
  upsertKulaToAtsRow,
  type AtsToKulaRowDb,
  type KulaToAtsRowDb,
  type MappingStateRow,
} from '../db/repos/stage-mapping';

/**
 * A connection's mapping as stored, in the mapping's own terms: the two tables, each row's
 * origin and review flag, and the ATS names the rows were written with. The global Kula → ATS
 * rule is stored with plan '' and read as plan null.
 */

export interface StoredMapping {
  tables: MappingTables;
  rowMeta: Record<string, RowMeta>;
  /** The ATS stage names the rows were written with, by ATS → Kula ref. */
  atsLabels: Map<string, string>;
  /** The ATS target names Kula → ATS rows were written with, by row key. */
  targetLabels: Map<string, string>;
  state: MappingStateRow | undefined;
}

export function loadMapping(db: DB, connectionId: string): StoredMapping {
  const rowMeta: Record<string, RowMeta> = {};
  const atsLabels = new Map<string, string>();
  const targetLabels = new Map<string, string>();
  const atsToKula: AtsToKulaRow[] = listAtsToKulaRows(db, connectionId).map((row) => {
    rowMeta[atsToKulaKey(row.ats_ref)] = meta(row);
    atsLabels.set(row.ats_ref, row.ats_label);
    return { atsRef: row.ats_ref, target: toAtsToKulaTarget(row) };
  });
  const kulaToAts: KulaToAtsRow[] = listKulaToAtsRows(db, connectionId).map((row) => {
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

function toAtsToKulaTarget(row: AtsToKulaRowDb): AtsToKulaTarget | null {
  if (row.decision === 'unchanged') return { kind: 'unchanged' };
  if (row.decision === 'stage' && row.kula_stage_id)
    return { kind: 'stage', kulaStageId: row.kula_stage_id };
  return null;
}

function toKulaToAtsTarget(row: KulaToAtsRowDb): KulaToAtsTarget | null {
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
  upsertAtsToKulaRow(db, {
    connection_id: connectionId,
    ats_ref: row.atsRef,
    ats_label: label,
    decision: row.target?.kind ?? null,
    kula_stage_id: row.target?.kind === 'stage' ? row.target.kulaStageId : null,
    origin: write.origin,
    needs_review: write.needsReview ? 1 : 0,
    updated_at: write.now,
  });
}

export function writeKulaToAts(
  db: DB,
  connectionId: string,
  row: KulaToAtsRow,
  label: string | null,
  write: RowWrite,
): void {
  const move = row.target?.kind === 'move' ? row.target : null;
  upsertKulaToAtsRow(db, {
    connection_id: connectionId,
    kula_stage_id: row.kulaStageId,
    plan_id: row.planId ?? '',
    decision: row.target?.kind ?? null,
    ats_ref: move?.atsRef ?? null,
    ats_label: move ? label : null,
    archive_reason_id: move?.archiveReasonId ?? null,
    origin: write.origin,
    needs_review: write.needsReview ? 1 : 0,
    updated_at: write.now,
  });
}

export function deleteKulaToAts(
  db: DB,
  connectionId: string,
  kulaStageId: string,
  planId: string | null,
): void {
  deleteKulaToAtsRow(db, connectionId, kulaStageId, planId ?? '');
}
