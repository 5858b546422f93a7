import { cached, type DB } from '../database';

/**
 * The stage-mapping tables of migration 0300: per connection, one ATS → Kula row per ATS stage or
 * archive reason, one Kula → ATS row per Kula stage (plus per-plan overrides; `plan_id` '' is the
 * rule every plan follows), and the mapping's revision and review state.
 */

export interface MappingStateRow {
  connection_id: string;
  revision: number;
  computed_at: string;
  reviewed_at: string | null;
  reviewed_by: string | null;
  confirmed_at: string | null;
  confirmed_by: string | null;
}

export interface AtsToKulaRowDb {
  connection_id: string;
  ats_ref: string;
  ats_label: string;
  decision: 'stage' | 'unchanged' | null;
  kula_stage_id: string | null;
  origin: 'default' | 'admin';
  needs_review: number;
  updated_at: string;
}

export interface KulaToAtsRowDb {
  connection_id: string;
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
  return cached(db, 'SELECT * FROM stage_mapping_state WHERE connection_id = ?').get(
    connectionId,
  ) as MappingStateRow | undefined;
}

export function listAtsToKulaRows(db: DB, connectionId: string): AtsToKulaRowDb[] {
  return cached(
    db,
    'SELECT * FROM stage_map_ats_to_kula WHERE connection_id = ? ORDER BY ats_ref',
  ).all(connectionId) as AtsToKulaRowDb[];
}

export function listKulaToAtsRows(db: DB, connectionId: string): KulaToAtsRowDb[] {
  return cached(
    db,
    'SELECT * FROM stage_map_kula_to_ats WHERE connection_id = ? ORDER BY kula_stage_id, plan_id',
  ).all(connectionId) as KulaToAtsRowDb[];
}

export function upsertAtsToKulaRow(db: DB, row: AtsToKulaRowDb): void {
  cached(
    db,
    `INSERT INTO stage_map_ats_to_kula
       (connection_id, ats_ref, ats_label, decision, kula_stage_id, origin, needs_review, updated_at)
     VALUES (@connection_id, @ats_ref, @ats_label, @decision, @kula_stage_id, @origin,
       @needs_review, @updated_at)
     ON CONFLICT (connection_id, ats_ref) DO UPDATE SET
       ats_label = excluded.ats_label, decision = excluded.decision,
       kula_stage_id = excluded.kula_stage_id, origin = excluded.origin,
       needs_review = excluded.needs_review, updated_at = excluded.updated_at`,
  ).run(row);
}

export function upsertKulaToAtsRow(db: DB, row: KulaToAtsRowDb): void {
  cached(
    db,
    `INSERT INTO stage_map_kula_to_ats
       (connection_id, kula_stage_id, plan_id, decision, ats_ref, ats_label, archive_reason_id,
        origin, needs_review, updated_at)
     VALUES (@connection_id, @kula_stage_id, @plan_id, @decision, @ats_ref, @ats_label,
       @archive_reason_id, @origin, @needs_review, @updated_at)
     ON CONFLICT (connection_id, kula_stage_id, plan_id) DO UPDATE SET
       decision = excluded.decision, ats_ref = excluded.ats_ref, ats_label = excluded.ats_label,
       archive_reason_id = excluded.archive_reason_id, origin = excluded.origin,
       needs_review = excluded.needs_review, updated_at = excluded.updated_at`,
  ).run(row);
}

/** Keeps an ATS → Kula row's stage name current when the ATS renames the stage. */
export function setAtsToKulaLabel(
  db: DB,
  connectionId: string,
  atsRef: string,
  label: string,
): void {
  cached(
    db,
    'UPDATE stage_map_ats_to_kula SET ats_label = ? WHERE connection_id = ? AND ats_ref = ?',
  ).run(label, connectionId, atsRef);
}

export function deleteAtsToKulaRow(db: DB, connectionId: string, atsRef: string): void {
  cached(db, 'DELETE FROM stage_map_ats_to_kula WHERE connection_id = ? AND ats_ref = ?').run(
    connectionId,
    atsRef,
  );
}

export function deleteKulaToAtsRow(
  db: DB,
  connectionId: string,
  kulaStageId: string,
  planKey: string,
): void {
  cached(
    db,
    'DELETE FROM stage_map_kula_to_ats WHERE connection_id = ? AND kula_stage_id = ? AND plan_id = ?',
  ).run(connectionId, kulaStageId, planKey);
}

export function clearNeedsReview(db: DB, connectionId: string): void {
  cached(db, 'UPDATE stage_map_ats_to_kula SET needs_review = 0 WHERE connection_id = ?').run(
    connectionId,
  );
  cached(db, 'UPDATE stage_map_kula_to_ats SET needs_review = 0 WHERE connection_id = ?').run(
    connectionId,
  );
}

/** Records a change: a new revision, and optionally who reviewed or confirmed the mapping. */
export function bumpRevision(
  db: DB,
  connectionId: string,
  now: string,
  patch: { reviewedBy?: string; confirmedBy?: string } = {},
): number {
  cached(
    db,
    `INSERT INTO stage_mapping_state (connection_id, revision, computed_at) VALUES (?, 0, ?)
     ON CONFLICT (connection_id) DO NOTHING`,
  ).run(connectionId, now);
  cached(
    db,
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

// ── a Kula stage across every connection's mapping ──

/** The ATS → Kula rows that read back as this Kula stage, on every connection. */
export function atsToKulaRowsPointingAt(
  db: DB,
  kulaStageId: string,
): Array<{ connection_id: string; ats_label: string }> {
  return cached(
    db,
    'SELECT connection_id, ats_label FROM stage_map_ats_to_kula WHERE kula_stage_id = ? ORDER BY connection_id, ats_ref',
  ).all(kulaStageId) as Array<{ connection_id: string; ats_label: string }>;
}

/** The connections whose mapping has a row, in either direction, that names this Kula stage. */
export function connectionsMappingKulaStage(db: DB, kulaStageId: string): string[] {
  return (
    cached(
      db,
      `SELECT connection_id FROM stage_map_ats_to_kula WHERE kula_stage_id = ?
       UNION SELECT connection_id FROM stage_map_kula_to_ats WHERE kula_stage_id = ?`,
    ).all(kulaStageId, kulaStageId) as Array<{ connection_id: string }>
  ).map((row) => row.connection_id);
}

/** ATS → Kula rows that read back as this Kula stage become "not mapped" and need review. */
export function unmapKulaStageInAtsToKula(db: DB, kulaStageId: string, now: string): void {
  cached(
    db,
    `UPDATE stage_map_ats_to_kula SET decision = NULL, kula_stage_id = NULL, origin = 'default',
            needs_review = 1, updated_at = ? WHERE kula_stage_id = ?`,
  ).run(now, kulaStageId);
}
