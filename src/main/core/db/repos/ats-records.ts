import type {
  AtsApplicationRecord,
  AtsArchiveReasonRecord,
  AtsCandidateRecord,
  AtsSourceRecord,
  AtsStageRecord,
} from '../../providers/records';
import { cached, type DB } from '../database';

/**
 * The ATS cache read back as provider records, for the write-back and the stage sync: one
 * application or person as the console last saw it, the newest application of a person, a person
 * found by email, and what a writer needs at the start of a run (sources, stages, archive reasons).
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
  const row = cached(
    db,
    'SELECT * FROM ats_applications WHERE connection_id = ? AND remote_id = ?',
  ).get(connectionId, applicationId) as CachedApplicationRow | undefined;
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
  const row = cached(
    db,
    'SELECT remote_id, name, primary_email, profile_url FROM ats_candidates WHERE connection_id = ? AND remote_id = ?',
  ).get(connectionId, candidateId) as
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
  const row = cached(
    db,
    `SELECT remote_id FROM ats_applications WHERE connection_id = ? AND candidate_id = ?
      ORDER BY remote_created_at DESC, remote_id LIMIT 1`,
  ).get(connectionId, atsCandidateId) as { remote_id: string } | undefined;
  return row?.remote_id ?? null;
}

/** A cached application of this person on this job, with its stage's title. */
export function cachedApplicationOnJob(
  db: DB,
  connectionId: string,
  atsCandidateId: string,
  jobId: string,
): { remoteId: string; stageTitle: string | null } | null {
  const row = cached(
    db,
    `SELECT a.remote_id, s.title FROM ats_applications a
       LEFT JOIN ats_stages s ON s.connection_id = a.connection_id AND s.remote_id = a.stage_id
      WHERE a.connection_id = ? AND a.candidate_id = ? AND a.job_id = ? LIMIT 1`,
  ).get(connectionId, atsCandidateId, jobId) as
    { remote_id: string; title: string | null } | undefined;
  return row ? { remoteId: row.remote_id, stageTitle: row.title } : null;
}

/** The first cached person with one of these emails (tried in order), and the email that matched. */
export function cachedPersonByEmail(
  db: DB,
  connectionId: string,
  emails: string[],
): { remoteId: string; name: string; email: string } | null {
  const statement = cached(
    db,
    `SELECT remote_id, name FROM ats_candidates
      WHERE connection_id = ? AND (lower(primary_email) = ? OR emails_json LIKE ?) LIMIT 1`,
  );
  for (const email of emails) {
    const row = statement.get(connectionId, email, `%"${email.replace(/["%_\\]/g, '')}"%`) as
      { remote_id: string; name: string } | undefined;
    if (row) return { remoteId: row.remote_id, name: row.name, email };
  }
  return null;
}

/** The import never sets this mark: only the console's own creates carry it. */
export function markCreatedByConsole(db: DB, connectionId: string, applicationId: string): void {
  cached(
    db,
    'UPDATE ats_applications SET created_by_console = 1 WHERE connection_id = ? AND remote_id = ?',
  ).run(connectionId, applicationId);
}

export function cachedSources(db: DB, connectionId: string): AtsSourceRecord[] {
  const rows = cached(
    db,
    'SELECT remote_id, title, type_title, archived FROM ats_sources WHERE connection_id = ?',
  ).all(connectionId) as Array<{
    remote_id: string;
    title: string;
    type_title: string | null;
    archived: number;
  }>;
  return rows.map((source) => ({
    remoteId: source.remote_id,
    title: source.title,
    typeTitle: source.type_title,
    archived: source.archived === 1,
  }));
}

export function cachedStages(db: DB, connectionId: string): AtsStageRecord[] {
  const rows = cached(
    db,
    'SELECT remote_id, plan_id, title, type, position FROM ats_stages WHERE connection_id = ? ORDER BY position',
  ).all(connectionId) as Array<{
    remote_id: string;
    plan_id: string | null;
    title: string;
    type: string | null;
    position: number;
  }>;
  return rows.map((stage) => ({
    remoteId: stage.remote_id,
    planId: stage.plan_id,
    title: stage.title,
    type: stage.type,
    position: stage.position,
  }));
}

export function cachedArchiveReasons(db: DB, connectionId: string): AtsArchiveReasonRecord[] {
  const rows = cached(
    db,
    'SELECT remote_id, title, reason_type, archived FROM ats_archive_reasons WHERE connection_id = ?',
  ).all(connectionId) as Array<{
    remote_id: string;
    title: string;
    reason_type: string | null;
    archived: number;
  }>;
  return rows.map((reason) => ({
    remoteId: reason.remote_id,
    title: reason.title,
    reasonType: reason.reason_type,
    archived: reason.archived === 1,
  }));
}
