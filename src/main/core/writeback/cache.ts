import type { DB } from '../db/database';
import { upsertBatch } from '../db/repos/ats-cache';
import type { AtsStageState } from '../db/repos/ats-links';
import type { AtsApplicationRecord, AtsCandidateRecord } from '../providers/records';

/**
 * The ATS cache as write-back uses it: what the console wrote goes into the cache at once (so the
 * UI, the preview and the next stage comparison see it before the next pull), and an application
 * the console created is marked so (`created_by_console`, which the import never sets).
 */

interface CachedApplicationRow {
  remote_id: string;
  candidate_id: string;
  job_id: string | null;
  stage_id: string | null;
  status: string;
  archived: number;
  archive_reason_id: string | null;
  source_title: string | null;
  profile_url: string | null;
  created_by_console: number;
  remote_created_at: string | null;
  remote_updated_at: string | null;
}

export function cachedApplication(
  db: DB,
  connectionId: string,
  applicationId: string,
): AtsApplicationRecord | null {
  const row = db
    .prepare('SELECT * FROM ats_applications WHERE connection_id = ? AND remote_id = ?')
    .get(connectionId, applicationId) as CachedApplicationRow | undefined;
  if (!row) return null;
  return {
    remoteId: row.remote_id,
    candidateRemoteId: row.candidate_id,
    jobRemoteId: row.job_id,
    stageRemoteId: row.stage_id,
    status: row.status,
    archived: row.archived === 1,
    archiveReasonId: row.archive_reason_id,
    sourceTitle: row.source_title,
    profileUrl: row.profile_url,
    createdAt: row.remote_created_at,
    updatedAt: row.remote_updated_at,
  };
}

export function cachedCandidate(
  db: DB,
  connectionId: string,
  candidateId: string,
): AtsCandidateRecord | null {
  const row = db
    .prepare(
      'SELECT remote_id, name, primary_email, profile_url FROM ats_candidates WHERE connection_id = ? AND remote_id = ?',
    )
    .get(connectionId, candidateId) as
    | { remote_id: string; name: string; primary_email: string | null; profile_url: string | null }
    | undefined;
  if (!row) return null;
  return {
    remoteId: row.remote_id,
    name: row.name,
    primaryEmail: row.primary_email,
    emails: row.primary_email ? [row.primary_email] : [],
    phones: [],
    links: [],
    profileUrl: row.profile_url,
    createdAt: null,
    updatedAt: null,
  };
}

/** The newest cached application of an ATS person (a note target when the console has none). */
export function newestCachedApplication(
  db: DB,
  connectionId: string,
  atsCandidateId: string,
): string | null {
  const row = db
    .prepare(
      `SELECT remote_id FROM ats_applications WHERE connection_id = ? AND candidate_id = ?
        ORDER BY remote_created_at DESC, remote_id LIMIT 1`,
    )
    .get(connectionId, atsCandidateId) as { remote_id: string } | undefined;
  return row?.remote_id ?? null;
}

export function cacheWritten(
  db: DB,
  connectionId: string,
  records: {
    candidates?: AtsCandidateRecord[];
    applications?: AtsApplicationRecord[];
    createdByConsole?: string[];
  },
): void {
  upsertBatch(
    db,
    connectionId,
    {
      ...(records.candidates ? { candidates: records.candidates } : {}),
      ...(records.applications ? { applications: records.applications } : {}),
    },
    null,
  );
  for (const id of records.createdByConsole ?? []) {
    db.prepare(
      'UPDATE ats_applications SET created_by_console = 1 WHERE connection_id = ? AND remote_id = ?',
    ).run(connectionId, id);
  }
}

export function stateOf(application: AtsApplicationRecord): AtsStageState {
  return {
    stageId: application.stageRemoteId,
    archived: application.archived,
    archiveReasonId: application.archived ? application.archiveReasonId : null,
  };
}

/** Whether an application already is where a Kula → ATS move would put it. */
export function matchesMove(
  state: AtsStageState,
  move: { stageId: string | null; archiveReasonId: string | null; archives: boolean },
): boolean {
  if (move.archives) {
    return (
      state.archived &&
      (move.archiveReasonId === null || state.archiveReasonId === move.archiveReasonId) &&
      (move.stageId === null || state.stageId === move.stageId)
    );
  }
  return !state.archived && (move.stageId === null || state.stageId === move.stageId);
}
