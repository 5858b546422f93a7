import type { ProviderKind } from '../../../../shared/domain/connections';
import { cached, type DB } from '../database';

/**
 * What the Kula side reads from tables it does not own, to describe its candidates and flows:
 * connection names, cached ATS jobs and applications, a candidate's queued writes, and the sync
 * log's lines about a candidate.
 */

export interface OpenJobRowDb {
  connection_id: string;
  label: string;
  provider: ProviderKind;
  remote_id: string;
  title: string;
  location: string | null;
  department: string | null;
}

export interface CachedApplicationViewRowDb {
  archived: number;
  profile_url: string | null;
  /** The title of the application's cached stage. */
  stage: string | null;
}

export interface CandidateLogLineRowDb {
  at: string;
  level: string;
  connection_id: string | null;
  message: string;
  next_step: string | null;
}

export function connectionLabelRow(
  db: DB,
  connectionId: string,
): { label: string; provider: ProviderKind } | undefined {
  return cached(db, 'SELECT label, provider FROM connections WHERE id = ?').get(connectionId) as
    { label: string; provider: ProviderKind } | undefined;
}

export function cachedJobRow(
  db: DB,
  connectionId: string,
  jobId: string,
): { title: string; is_open: number } | undefined {
  return cached(
    db,
    'SELECT title, is_open FROM ats_jobs WHERE connection_id = ? AND remote_id = ?',
  ).get(connectionId, jobId) as { title: string; is_open: number } | undefined;
}

/** Open jobs in the cache (Lever: published postings), of one connection or of all. */
export function openJobRows(db: DB, connectionId?: string): OpenJobRowDb[] {
  return db
    .prepare(
      `SELECT j.connection_id, c.label, c.provider, j.remote_id, j.title, j.location, j.department
         FROM ats_jobs j JOIN connections c ON c.id = j.connection_id
        WHERE j.is_open = 1 ${connectionId ? 'AND j.connection_id = ?' : ''}
        ORDER BY c.label, j.title COLLATE NOCASE, j.remote_id`,
    )
    .all(...(connectionId ? [connectionId] : [])) as OpenJobRowDb[];
}

export function cachedApplicationView(
  db: DB,
  connectionId: string,
  applicationId: string,
): CachedApplicationViewRowDb | undefined {
  return cached(
    db,
    `SELECT a.archived, a.profile_url, s.title AS stage FROM ats_applications a
       LEFT JOIN ats_stages s ON s.connection_id = a.connection_id AND s.remote_id = a.stage_id
      WHERE a.connection_id = ? AND a.remote_id = ?`,
  ).get(connectionId, applicationId) as CachedApplicationViewRowDb | undefined;
}

/** A candidate's writes still to send (pending or in flight) and those that failed. */
export function candidateWriteCounts(
  db: DB,
  candidateId: string,
): { pending: number | null; failed: number | null } {
  return cached(
    db,
    `SELECT sum(state IN ('pending', 'in_flight')) AS pending, sum(state = 'failed') AS failed
       FROM outbox WHERE candidate_id = ?`,
  ).get(candidateId) as { pending: number | null; failed: number | null };
}

/** The connections that have writes for this candidate waiting to be sent. */
export function connectionsWithPendingWrites(db: DB, candidateId: string): string[] {
  return (
    cached(
      db,
      'SELECT DISTINCT connection_id FROM outbox WHERE candidate_id = ? AND state = ?',
    ).all(candidateId, 'pending') as Array<{ connection_id: string }>
  ).map((row) => row.connection_id);
}

/** The sync log's latest lines about a Kula candidate, newest first. */
export function candidateLogLines(
  db: DB,
  candidateId: string,
  limit: number,
): CandidateLogLineRowDb[] {
  return cached(
    db,
    `SELECT at, level, connection_id, message, next_step FROM sync_log
      WHERE entity = 'kula_candidate' AND entity_id = ? ORDER BY id DESC LIMIT ?`,
  ).all(candidateId, limit) as CandidateLogLineRowDb[];
}
