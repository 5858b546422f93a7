import { cached, type DB } from '../database';

/**
 * What the stage mapping reads from the ATS cache (migration 0040): a connection's stages, interview
 * plans, archive reasons and jobs, when the cache was last complete, and where one application is.
 */

export interface CachedStageRowDb {
  remote_id: string;
  plan_id: string | null;
  title: string;
  type: string | null;
  position: number;
}

export interface CachedPlanRowDb {
  remote_id: string;
  title: string;
  archived: number;
}

export interface CachedReasonRowDb {
  remote_id: string;
  title: string;
  reason_type: string | null;
  archived: number;
}

export interface CachedJobPlansRowDb {
  remote_id: string;
  title: string;
  is_open: number;
  plan_ids_json: string;
  default_plan_id: string | null;
}

export interface CachedApplicationStateRowDb {
  stage_id: string | null;
  job_id: string | null;
  archived: number;
  archive_reason_id: string | null;
}

export function cachedStageRows(db: DB, connectionId: string): CachedStageRowDb[] {
  return cached(
    db,
    `SELECT remote_id, plan_id, title, type, position FROM ats_stages
      WHERE connection_id = ? ORDER BY plan_id, position, remote_id`,
  ).all(connectionId) as CachedStageRowDb[];
}

export function cachedPlanRows(db: DB, connectionId: string): CachedPlanRowDb[] {
  return cached(
    db,
    'SELECT remote_id, title, archived FROM ats_plans WHERE connection_id = ? ORDER BY title, remote_id',
  ).all(connectionId) as CachedPlanRowDb[];
}

export function cachedReasonRows(db: DB, connectionId: string): CachedReasonRowDb[] {
  return cached(
    db,
    `SELECT remote_id, title, reason_type, archived FROM ats_archive_reasons
      WHERE connection_id = ? ORDER BY archived, title, remote_id`,
  ).all(connectionId) as CachedReasonRowDb[];
}

export function cachedJobPlanRows(db: DB, connectionId: string): CachedJobPlansRowDb[] {
  return cached(
    db,
    `SELECT remote_id, title, is_open, plan_ids_json, default_plan_id FROM ats_jobs
      WHERE connection_id = ? ORDER BY title, remote_id`,
  ).all(connectionId) as CachedJobPlansRowDb[];
}

/** The latest completed pass of any resource of the connection. */
export function cacheRefreshedAt(db: DB, connectionId: string): string | null {
  return (
    cached(db, 'SELECT max(last_complete_at) AS at FROM sync_state WHERE connection_id = ?').get(
      connectionId,
    ) as { at: string | null }
  ).at;
}

export function cachedApplicationState(
  db: DB,
  connectionId: string,
  applicationId: string,
): CachedApplicationStateRowDb | undefined {
  return cached(
    db,
    `SELECT stage_id, job_id, archived, archive_reason_id FROM ats_applications
      WHERE connection_id = ? AND remote_id = ?`,
  ).get(connectionId, applicationId) as CachedApplicationStateRowDb | undefined;
}
