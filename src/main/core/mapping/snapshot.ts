import type { DB } from '../db/database';
import {
  cachedJobPlanRows,
  cachedPlanRows,
  cachedReasonRows,
  cachedStageRows,
  cacheRefreshedAt,
} from '../db/repos/mapping-cache';

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
  const stages = cachedStageRows(db, connectionId).map((row) => ({
    remoteId: row.remote_id,
    planId: row.plan_id,
    title: row.title,
    type: row.type,
    position: row.position,
  }));
  const plans = cachedPlanRows(db, connectionId).map((row) => ({
    remoteId: row.remote_id,
    title: row.title,
    archived: row.archived === 1,
  }));
  const reasons = cachedReasonRows(db, connectionId).map((row) => ({
    remoteId: row.remote_id,
    title: row.title,
    reasonType: row.reason_type,
    archived: row.archived === 1,
  }));
  const jobs = cachedJobPlanRows(db, connectionId).map((row) => ({
    remoteId: row.remote_id,
    title: row.title,
    isOpen: row.is_open === 1,
    planIds: parseIds(row.plan_ids_json),
    defaultPlanId: row.default_plan_id,
  }));
  return { stages, plans, reasons, jobs, refreshedAt: cacheRefreshedAt(db, connectionId) };
}

function parseIds(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The plans a job's applications can be in, most likely first: the job's default plan, then the
 * plans it lists. Which of them a job's stages come from is not documented (in recorded Ashby
 * data the default plan was never among the listed ones), so all are candidates; see
 * docs/ashby.md.
 */
export function jobPlanIds(job: CachedJob): string[] {
  const ids = [...job.planIds];
  if (job.defaultPlanId && !ids.includes(job.defaultPlanId)) ids.unshift(job.defaultPlanId);
  return ids;
}
