import type { DB } from '../db/database';

/**
 * What the mapping reads from the ATS cache (migration 0040): the pipeline(s), their stages,
 * archive reasons and which jobs use which plan. The cache is the mapping's only input, so the
 * editor, the lint and the resolver all work offline.
 */
export interface CachedStage {
  remoteId: string;
  planId: string | null;
  title: string;
  type: string | null;
  position: number;
}

export interface CachedPlan {
  remoteId: string;
  title: string;
  archived: boolean;
}

export interface CachedReason {
  remoteId: string;
  title: string;
  reasonType: string | null;
  archived: boolean;
}

export interface CachedJob {
  remoteId: string;
  title: string;
  isOpen: boolean;
  planIds: string[];
  defaultPlanId: string | null;
}

export interface CacheSnapshot {
  stages: CachedStage[];
  plans: CachedPlan[];
  reasons: CachedReason[];
  jobs: CachedJob[];
  /** The latest completed pass of any resource of the connection. */
  refreshedAt: string | null;
}

export function readSnapshot(db: DB, connectionId: string): CacheSnapshot {
  const stages = (
    db
      .prepare(
        `SELECT remote_id, plan_id, title, type, position FROM ats_stages
          WHERE connection_id = ? ORDER BY plan_id, position, remote_id`,
      )
      .all(connectionId) as Array<{
      remote_id: string;
      plan_id: string | null;
      title: string;
      type: string | null;
      position: number;
    }>
  ).map((row) => ({
    remoteId: row.remote_id,
    planId: row.plan_id,
    title: row.title,
    type: row.type,
    position: row.position,
  }));
  const plans = (
    db
      .prepare(
        'SELECT remote_id, title, archived FROM ats_plans WHERE connection_id = ? ORDER BY title, remote_id',
      )
      .all(connectionId) as Array<{ remote_id: string; title: string; archived: number }>
  ).map((row) => ({ remoteId: row.remote_id, title: row.title, archived: row.archived === 1 }));
  const reasons = (
    db
      .prepare(
        `SELECT remote_id, title, reason_type, archived FROM ats_archive_reasons
          WHERE connection_id = ? ORDER BY archived, title, remote_id`,
      )
      .all(connectionId) as Array<{
      remote_id: string;
      title: string;
      reason_type: string | null;
      archived: number;
    }>
  ).map((row) => ({
    remoteId: row.remote_id,
    title: row.title,
    reasonType: row.reason_type,
    archived: row.archived === 1,
  }));
  const jobs = (
    db
      .prepare(
        `SELECT remote_id, title, is_open, plan_ids_json, default_plan_id FROM ats_jobs
          WHERE connection_id = ? ORDER BY title, remote_id`,
      )
      .all(connectionId) as Array<{
      remote_id: string;
      title: string;
      is_open: number;
      plan_ids_json: string;
      default_plan_id: string | null;
    }>
  ).map((row) => ({
    remoteId: row.remote_id,
    title: row.title,
    isOpen: row.is_open === 1,
    planIds: parseIds(row.plan_ids_json),
    defaultPlanId: row.default_plan_id,
  }));
  const refreshed = db
    .prepare('SELECT max(last_complete_at) AS at FROM sync_state WHERE connection_id = ?')
    .get(connectionId) as { at: string | null };
  return { stages, plans, reasons, jobs, refreshedAt: refreshed.at };
}

function parseIds(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** The plans a job's applications can be in, most likely first (the contract leaves it open). */
export function jobPlanIds(job: CachedJob): string[] {
  const ids = [...job.planIds];
  if (job.defaultPlanId && !ids.includes(job.defaultPlanId)) ids.unshift(job.defaultPlanId);
  return ids;
}
