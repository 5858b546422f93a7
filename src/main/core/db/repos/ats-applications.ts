import type {
  ApplicationListRow,
  ApplicationPage,
  ApplicationRow,
} from '../../../../shared/domain/ats';
import type { DB } from '../database';

/**
 * ATS applications across candidates, from the cache: each with its candidate, job, stage (and
 * interview plan), status and archive reason, filtered by candidate, job, stage and status. A page
 * for a screen, or every match one row at a time (`iterateApplications`) so a list of 200,000
 * applications is never held in memory at once.
 */

export interface ApplicationFilter {
  candidateId?: string | undefined;
  /** Any of these jobs. */
  jobIds?: string[] | undefined;
  /** Any of these stages. */
  stageIds?: string[] | undefined;
  /** The ATS's status word, in any case (Ashby `Active`, Lever `active`). */
  status?: string | undefined;
}

const COLUMNS = `a.remote_id, a.candidate_id, c.name AS candidate_name, c.primary_email AS candidate_email,
       a.job_id, j.title AS job_title, a.stage_id, s.title AS stage_title, s.type AS stage_type,
       p.title AS plan_title, a.status, a.archived, r.title AS archive_reason, a.source_title,
       a.created_by_console, a.remote_created_at, a.remote_updated_at`;

const JOINS = `LEFT JOIN ats_candidates c ON c.connection_id = a.connection_id AND c.remote_id = a.candidate_id
  LEFT JOIN ats_jobs j ON j.connection_id = a.connection_id AND j.remote_id = a.job_id
  LEFT JOIN ats_stages s ON s.connection_id = a.connection_id AND s.remote_id = a.stage_id
  LEFT JOIN ats_plans p ON p.connection_id = a.connection_id AND p.remote_id = s.plan_id
  LEFT JOIN ats_archive_reasons r
         ON r.connection_id = a.connection_id AND r.remote_id = a.archive_reason_id`;

/** Most recently changed first; the rowid keeps the order stable between pages. */
const ORDER = 'ORDER BY a.remote_updated_at DESC, a.rowid DESC';

interface ApplicationSqlRow {
  remote_id: string;
  candidate_id: string;
  candidate_name: string | null;
  candidate_email: string | null;
  job_id: string | null;
  job_title: string | null;
  stage_id: string | null;
  stage_title: string | null;
  stage_type: string | null;
  plan_title: string | null;
  status: string;
  archived: number;
  archive_reason: string | null;
  source_title: string | null;
  created_by_console: number;
  remote_created_at: string | null;
  remote_updated_at: string | null;
}

function where(
  connectionId: string,
  filter: ApplicationFilter,
): { sql: string; params: Record<string, string> } {
  const conditions = ['a.connection_id = @connectionId'];
  const params: Record<string, string> = { connectionId };
  if (filter.candidateId !== undefined) {
    conditions.push('a.candidate_id = @candidateId');
    params.candidateId = filter.candidateId;
  }
  const anyOf = (column: string, prefix: string, values: string[] | undefined) => {
    if (values === undefined) return;
    if (values.length === 0) return void conditions.push('0');
    values.forEach((value, index) => (params[`${prefix}${index}`] = value));
    conditions.push(`${column} IN (${values.map((_, index) => `@${prefix}${index}`).join(', ')})`);
  };
  anyOf('a.job_id', 'job', filter.jobIds);
  anyOf('a.stage_id', 'stage', filter.stageIds);
  if (filter.status !== undefined) {
    conditions.push('a.status = @status COLLATE NOCASE');
    params.status = filter.status;
  }
  return { sql: conditions.join(' AND '), params };
}

function toRow(row: ApplicationSqlRow): ApplicationListRow {
  const application: ApplicationRow = {
    id: row.remote_id,
    jobId: row.job_id,
    jobTitle: row.job_title,
    stageId: row.stage_id,
    stageTitle: row.stage_title,
    stageType: row.stage_type,
    planTitle: row.plan_title,
    status: row.status,
    archived: row.archived === 1,
    archiveReason: row.archive_reason,
    source: row.source_title,
    createdByConsole: row.created_by_console === 1,
    createdAt: row.remote_created_at,
    updatedAt: row.remote_updated_at,
  };
  return {
    candidateId: row.candidate_id,
    candidateName: row.candidate_name,
    candidateEmail: row.candidate_email,
    ...application,
  };
}

export function listApplications(
  db: DB,
  connectionId: string | null,
  filter: ApplicationFilter,
  page: { limit: number; offset: number },
): ApplicationPage {
  if (!connectionId) return { connectionId, total: 0, offset: page.offset, rows: [] };
  const { sql, params } = where(connectionId, filter);
  // Every condition is on the application itself: the count needs no join.
  const total = (
    db.prepare(`SELECT count(*) AS n FROM ats_applications a WHERE ${sql}`).get(params) as {
      n: number;
    }
  ).n;
  const rows = db
    .prepare(
      `SELECT ${COLUMNS} FROM ats_applications a ${JOINS} WHERE ${sql} ${ORDER} LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: page.limit, offset: page.offset }) as ApplicationSqlRow[];
  return { connectionId, total, offset: page.offset, rows: rows.map(toRow) };
}

/** Every matching application, in the list's order, read as it is consumed. */
export function* iterateApplications(
  db: DB,
  connectionId: string,
  filter: ApplicationFilter,
): Generator<ApplicationListRow> {
  const { sql, params } = where(connectionId, filter);
  const statement = db.prepare(
    `SELECT ${COLUMNS} FROM ats_applications a ${JOINS} WHERE ${sql} ${ORDER}`,
  );
  for (const row of statement.iterate(params)) yield toRow(row as ApplicationSqlRow);
}

/** The status words the cached applications of a connection use (for a "did you mean"). */
export function applicationStatuses(db: DB, connectionId: string): string[] {
  return (
    db
      .prepare(
        'SELECT DISTINCT status FROM ats_applications WHERE connection_id = ? ORDER BY status',
      )
      .all(connectionId) as Array<{ status: string }>
  ).map((row) => row.status);
}

/** Cached candidates with this id, or else this email (any case). */
export function findAtsCandidateIds(db: DB, connectionId: string, idOrEmail: string): string[] {
  const byId = db
    .prepare('SELECT remote_id FROM ats_candidates WHERE connection_id = ? AND remote_id = ?')
    .get(connectionId, idOrEmail) as { remote_id: string } | undefined;
  if (byId) return [byId.remote_id];
  return (
    db
      .prepare(
        'SELECT remote_id FROM ats_candidates WHERE connection_id = ? AND primary_email = ? COLLATE NOCASE',
      )
      .all(connectionId, idOrEmail) as Array<{ remote_id: string }>
  ).map((row) => row.remote_id);
}

/** Cached jobs with this id, or else this exact title (any case). */
export function findJobIds(db: DB, connectionId: string, idOrTitle: string): string[] {
  return findIds(db, 'ats_jobs', connectionId, idOrTitle);
}

/** Cached stages with this id, or else this title (any case; in Ashby, in every plan). */
export function findStageIds(db: DB, connectionId: string, idOrTitle: string): string[] {
  return findIds(db, 'ats_stages', connectionId, idOrTitle);
}

function findIds(
  db: DB,
  table: 'ats_jobs' | 'ats_stages',
  connectionId: string,
  idOrTitle: string,
): string[] {
  const byId = db
    .prepare(`SELECT remote_id FROM ${table} WHERE connection_id = ? AND remote_id = ?`)
    .get(connectionId, idOrTitle) as { remote_id: string } | undefined;
  if (byId) return [byId.remote_id];
  return (
    db
      .prepare(
        `SELECT remote_id FROM ${table} WHERE connection_id = ? AND title = ? COLLATE NOCASE ORDER BY remote_id`,
      )
      .all(connectionId, idOrTitle.trim()) as Array<{ remote_id: string }>
  ).map((row) => row.remote_id);
}
