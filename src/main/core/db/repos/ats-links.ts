import { cached, type DB } from '../database';

/**
 * Which ATS records a Kula candidate is linked to (migration 410): the ATS person per connection,
 * and the applications the console tracks (one per candidate, connection and job), with the ATS
 * state both sides last agreed on.
 */

export interface CandidateLinkRow {
  candidate_id: string;
  connection_id: string;
  ats_candidate_id: string;
  created_by_console: number;
  profile_url: string | null;
  linked_at: string;
}

export interface ApplicationLinkRow {
  id: number;
  candidate_id: string;
  connection_id: string;
  ats_job_id: string;
  ats_job_title: string | null;
  origin: 'flow' | 'referral';
  flow_id: string | null;
  referral_id: string | null;
  ats_application_id: string | null;
  created_by_console: number;
  profile_url: string | null;
  base_stage_id: string | null;
  base_archived: number | null;
  base_archive_reason_id: string | null;
  base_at: string | null;
  resume_id: string | null;
  moves_enqueued: number;
  created_at: string;
  linked_at: string | null;
}

/** An ATS application's state as the stage sync compares it. */
export interface AtsStageState {
  stageId: string | null;
  archived: boolean;
  archiveReasonId: string | null;
}

export function getCandidateLink(
  db: DB,
  candidateId: string,
  connectionId: string,
): CandidateLinkRow | undefined {
  return cached(
    db,
    'SELECT * FROM kula_ats_candidates WHERE candidate_id = ? AND connection_id = ?',
  ).get(candidateId, connectionId) as CandidateLinkRow | undefined;
}

export function candidateLinks(db: DB, candidateId: string): CandidateLinkRow[] {
  return cached(db, 'SELECT * FROM kula_ats_candidates WHERE candidate_id = ?').all(
    candidateId,
  ) as CandidateLinkRow[];
}

export function saveCandidateLink(
  db: DB,
  link: {
    candidateId: string;
    connectionId: string;
    atsCandidateId: string;
    createdByConsole: boolean;
    profileUrl: string | null;
    now: string;
  },
): void {
  cached(
    db,
    `INSERT INTO kula_ats_candidates (candidate_id, connection_id, ats_candidate_id,
       created_by_console, profile_url, linked_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (candidate_id, connection_id) DO UPDATE SET
       ats_candidate_id = excluded.ats_candidate_id,
       created_by_console = max(created_by_console, excluded.created_by_console),
       profile_url = coalesce(excluded.profile_url, profile_url)`,
  ).run(
    link.candidateId,
    link.connectionId,
    link.atsCandidateId,
    link.createdByConsole ? 1 : 0,
    link.profileUrl,
    link.now,
  );
}

export function getApplicationLink(db: DB, id: number): ApplicationLinkRow | undefined {
  return cached(db, 'SELECT * FROM kula_ats_applications WHERE id = ?').get(id) as
    ApplicationLinkRow | undefined;
}

export function findApplicationLink(
  db: DB,
  candidateId: string,
  connectionId: string,
  jobId: string,
): ApplicationLinkRow | undefined {
  return cached(
    db,
    `SELECT * FROM kula_ats_applications
      WHERE candidate_id = ? AND connection_id = ? AND ats_job_id = ?`,
  ).get(candidateId, connectionId, jobId) as ApplicationLinkRow | undefined;
}

export function applicationLinksOf(db: DB, candidateId: string): ApplicationLinkRow[] {
  return cached(db, 'SELECT * FROM kula_ats_applications WHERE candidate_id = ? ORDER BY id').all(
    candidateId,
  ) as ApplicationLinkRow[];
}

/** The candidate's current application on a connection: the newest one that exists in the ATS. */
export function currentApplicationLink(
  db: DB,
  candidateId: string,
  connectionId: string,
): ApplicationLinkRow | undefined {
  return cached(
    db,
    `SELECT * FROM kula_ats_applications
      WHERE candidate_id = ? AND connection_id = ? AND ats_application_id IS NOT NULL
      ORDER BY id DESC LIMIT 1`,
  ).get(candidateId, connectionId) as ApplicationLinkRow | undefined;
}

/** Linked applications of a connection, for the stage sync after a pull. */
export function linkedApplications(db: DB, connectionId: string): ApplicationLinkRow[] {
  return cached(
    db,
    `SELECT * FROM kula_ats_applications
      WHERE connection_id = ? AND ats_application_id IS NOT NULL ORDER BY id`,
  ).all(connectionId) as ApplicationLinkRow[];
}

export function insertApplicationLink(
  db: DB,
  link: {
    candidateId: string;
    connectionId: string;
    jobId: string;
    jobTitle: string | null;
    origin: 'flow' | 'referral';
    flowId: string | null;
    referralId: string | null;
    now: string;
  },
): number {
  const info = cached(
    db,
    `INSERT INTO kula_ats_applications (candidate_id, connection_id, ats_job_id, ats_job_title,
       origin, flow_id, referral_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    link.candidateId,
    link.connectionId,
    link.jobId,
    link.jobTitle,
    link.origin,
    link.flowId,
    link.referralId,
    link.now,
  );
  return Number(info.lastInsertRowid);
}

/** The application exists in the ATS (created by the console or found), at this state. */
export function markApplicationLinked(
  db: DB,
  id: number,
  input: {
    atsApplicationId: string;
    createdByConsole: boolean;
    profileUrl: string | null;
    state: AtsStageState;
    resumeId?: string | null;
    now: string;
  },
): void {
  cached(
    db,
    `UPDATE kula_ats_applications SET ats_application_id = ?, created_by_console = ?,
        profile_url = coalesce(?, profile_url), resume_id = coalesce(?, resume_id), linked_at = ?,
        base_stage_id = ?, base_archived = ?, base_archive_reason_id = ?, base_at = ?
      WHERE id = ?`,
  ).run(
    input.atsApplicationId,
    input.createdByConsole ? 1 : 0,
    input.profileUrl,
    input.resumeId ?? null,
    input.now,
    input.state.stageId,
    input.state.archived ? 1 : 0,
    input.state.archiveReasonId,
    input.now,
    id,
  );
}

/** The resume now on the ATS application (the console attached it). */
export function setApplicationResume(db: DB, id: number, resumeId: string): void {
  cached(db, 'UPDATE kula_ats_applications SET resume_id = ? WHERE id = ?').run(resumeId, id);
}

/** Both sides agree on this ATS state now (after our write, or after taking the ATS's move). */
export function setBaseState(db: DB, id: number, state: AtsStageState, now: string): void {
  cached(
    db,
    `UPDATE kula_ats_applications SET base_stage_id = ?, base_archived = ?,
        base_archive_reason_id = ?, base_at = ? WHERE id = ?`,
  ).run(state.stageId, state.archived ? 1 : 0, state.archiveReasonId, now, id);
}

export function baseState(link: ApplicationLinkRow): AtsStageState {
  return {
    stageId: link.base_stage_id,
    archived: link.base_archived === 1,
    archiveReasonId: link.base_archive_reason_id,
  };
}

export function sameState(a: AtsStageState, b: AtsStageState): boolean {
  return (
    a.stageId === b.stageId &&
    a.archived === b.archived &&
    (!a.archived || a.archiveReasonId === b.archiveReasonId)
  );
}

export function nextMoveNumber(db: DB, id: number): number {
  cached(
    db,
    'UPDATE kula_ats_applications SET moves_enqueued = moves_enqueued + 1 WHERE id = ?',
  ).run(id);
  return (
    cached(db, 'SELECT moves_enqueued AS n FROM kula_ats_applications WHERE id = ?').get(id) as {
      n: number;
    }
  ).n;
}
