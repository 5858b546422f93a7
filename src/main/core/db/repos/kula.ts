import { cached, type DB } from '../database';

/** Rows of the Kula workspace (migration 0400). The services in core/kula/ build the DTOs. */

export interface CandidateRowDb {
  id: string;
  name: string;
  email: string | null;
  emails_json: string;
  phone: string | null;
  links_json: string;
  kula_stage_id: string;
  stage_changed_at: string;
  origin: string;
  created_at: string;
  updated_at: string;
}

export interface FlowRowDb {
  id: string;
  name: string;
  connection_id: string | null;
  ats_job_id: string | null;
  ats_job_title: string | null;
  linked_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface NoteRowDb {
  id: string;
  candidate_id: string;
  body: string;
  private: number;
  author: string;
  created_at: string;
}

export interface MessageRowDb {
  id: string;
  candidate_id: string;
  direction: 'inbound' | 'outbound';
  channel: string;
  sender: string;
  sent_at: string;
  body: string;
  flow_id: string | null;
  created_at: string;
}

export interface ResumeRowDb {
  id: string;
  candidate_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: string;
}

export interface ReferralRowDb {
  id: string;
  candidate_id: string;
  referrer_name: string;
  referrer_email: string | null;
  connection_id: string | null;
  ats_job_id: string | null;
  ats_job_title: string | null;
  created_at: string;
}

export function jsonStrings(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value)
      ? value.filter((item): item is string => typeof item === 'string')
      : [];
  } catch {
    return [];
  }
}

// ── candidates ──

export function insertCandidate(db: DB, row: CandidateRowDb): void {
  cached(
    db,
    `INSERT INTO kula_candidates (id, name, email, emails_json, phone, links_json, kula_stage_id,
       stage_changed_at, origin, created_at, updated_at)
     VALUES (@id, @name, @email, @emails_json, @phone, @links_json, @kula_stage_id,
       @stage_changed_at, @origin, @created_at, @updated_at)`,
  ).run(row);
}

export function getCandidateRow(db: DB, id: string): CandidateRowDb | undefined {
  return cached(db, 'SELECT * FROM kula_candidates WHERE id = ?').get(id) as
    CandidateRowDb | undefined;
}

export function candidateByEmail(db: DB, email: string): CandidateRowDb | undefined {
  return cached(db, 'SELECT * FROM kula_candidates WHERE email = ?').get(email.toLowerCase()) as
    CandidateRowDb | undefined;
}

export function setCandidateStage(db: DB, id: string, stageId: string, now: string): void {
  cached(
    db,
    'UPDATE kula_candidates SET kula_stage_id = ?, stage_changed_at = ?, updated_at = ? WHERE id = ?',
  ).run(stageId, now, now, id);
}

export function listCandidateRows(
  db: DB,
  input: {
    search?: string | undefined;
    flowId?: string | undefined;
    limit: number;
    offset: number;
  },
): { rows: CandidateRowDb[]; total: number } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (input.search) {
    where.push("(c.name LIKE ? ESCAPE '\\' OR c.emails_json LIKE ? ESCAPE '\\')");
    const like = `%${input.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params.push(like, like.toLowerCase());
  }
  if (input.flowId) {
    where.push('c.id IN (SELECT candidate_id FROM kula_flow_members WHERE flow_id = ?)');
    params.push(input.flowId);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (
    db.prepare(`SELECT count(*) AS n FROM kula_candidates c ${clause}`).get(...params) as {
      n: number;
    }
  ).n;
  const rows = db
    .prepare(
      `SELECT c.* FROM kula_candidates c ${clause} ORDER BY c.name COLLATE NOCASE, c.id LIMIT ? OFFSET ?`,
    )
    .all(...params, input.limit, input.offset) as CandidateRowDb[];
  return { rows, total };
}

// ── flows ──

export function insertFlow(db: DB, row: FlowRowDb): void {
  cached(
    db,
    `INSERT INTO kula_flows (id, name, connection_id, ats_job_id, ats_job_title, linked_at,
       created_at, updated_at)
     VALUES (@id, @name, @connection_id, @ats_job_id, @ats_job_title, @linked_at, @created_at,
       @updated_at)`,
  ).run(row);
}

export function getFlowRow(db: DB, id: string): FlowRowDb | undefined {
  return cached(db, 'SELECT * FROM kula_flows WHERE id = ?').get(id) as FlowRowDb | undefined;
}

export function flowByName(db: DB, name: string): FlowRowDb | undefined {
  return cached(db, 'SELECT * FROM kula_flows WHERE name = ? COLLATE NOCASE').get(name) as
    FlowRowDb | undefined;
}

export function listFlowRows(db: DB): FlowRowDb[] {
  return db
    .prepare('SELECT * FROM kula_flows ORDER BY name COLLATE NOCASE, id')
    .all() as FlowRowDb[];
}

export function setFlowLink(
  db: DB,
  id: string,
  link: { connectionId: string; jobId: string; jobTitle: string } | null,
  now: string,
): void {
  cached(
    db,
    `UPDATE kula_flows SET connection_id = ?, ats_job_id = ?, ats_job_title = ?, linked_at = ?,
        updated_at = ? WHERE id = ?`,
  ).run(
    link?.connectionId ?? null,
    link?.jobId ?? null,
    link?.jobTitle ?? null,
    link ? now : null,
    now,
    id,
  );
}

export function addFlowMember(db: DB, flowId: string, candidateId: string, now: string): boolean {
  return (
    cached(
      db,
      'INSERT OR IGNORE INTO kula_flow_members (flow_id, candidate_id, added_at) VALUES (?, ?, ?)',
    ).run(flowId, candidateId, now).changes > 0
  );
}

export function flowMemberIds(db: DB, flowId: string): string[] {
  return (
    cached(
      db,
      'SELECT candidate_id FROM kula_flow_members WHERE flow_id = ? ORDER BY added_at, candidate_id',
    ).all(flowId) as Array<{ candidate_id: string }>
  ).map((row) => row.candidate_id);
}

/** A flow's candidates, those with an application in the ATS, and their writes to send or failed. */
export function flowCounts(
  db: DB,
  flowId: string,
): { candidates: number; in_ats: number; pending: number; failed: number } {
  return cached(
    db,
    `SELECT
       (SELECT count(*) FROM kula_flow_members WHERE flow_id = @id) AS candidates,
       (SELECT count(*) FROM kula_ats_applications a
         WHERE a.flow_id = @id AND a.ats_application_id IS NOT NULL) AS in_ats,
       (SELECT count(*) FROM outbox o JOIN kula_flow_members m ON m.candidate_id = o.candidate_id
         WHERE m.flow_id = @id AND o.state IN ('pending', 'in_flight')) AS pending,
       (SELECT count(*) FROM outbox o JOIN kula_flow_members m ON m.candidate_id = o.candidate_id
         WHERE m.flow_id = @id AND o.state = 'failed') AS failed`,
  ).get({ id: flowId }) as { candidates: number; in_ats: number; pending: number; failed: number };
}

export function flowsOfCandidate(db: DB, candidateId: string): Array<{ id: string; name: string }> {
  return cached(
    db,
    `SELECT f.id, f.name FROM kula_flow_members m JOIN kula_flows f ON f.id = m.flow_id
      WHERE m.candidate_id = ? ORDER BY m.added_at`,
  ).all(candidateId) as Array<{ id: string; name: string }>;
}

// ── notes, messages, resumes, referrals ──

export function insertNote(db: DB, row: NoteRowDb): void {
  cached(
    db,
    `INSERT INTO kula_notes (id, candidate_id, body, private, author, created_at)
     VALUES (@id, @candidate_id, @body, @private, @author, @created_at)`,
  ).run(row);
}

export function getNote(db: DB, id: string): NoteRowDb | undefined {
  return cached(db, 'SELECT * FROM kula_notes WHERE id = ?').get(id) as NoteRowDb | undefined;
}

export function notesOf(db: DB, candidateId: string): NoteRowDb[] {
  return cached(
    db,
    'SELECT * FROM kula_notes WHERE candidate_id = ? ORDER BY created_at, rowid',
  ).all(candidateId) as NoteRowDb[];
}

export function insertMessage(db: DB, row: MessageRowDb): void {
  cached(
    db,
    `INSERT INTO kula_messages (id, candidate_id, direction, channel, sender, sent_at, body, flow_id,
       created_at)
     VALUES (@id, @candidate_id, @direction, @channel, @sender, @sent_at, @body, @flow_id,
       @created_at)`,
  ).run(row);
}

export function getMessage(db: DB, id: string): MessageRowDb | undefined {
  return cached(db, 'SELECT * FROM kula_messages WHERE id = ?').get(id) as MessageRowDb | undefined;
}

export function messagesOf(db: DB, candidateId: string): MessageRowDb[] {
  return cached(
    db,
    'SELECT * FROM kula_messages WHERE candidate_id = ? ORDER BY sent_at, rowid',
  ).all(candidateId) as MessageRowDb[];
}

export function insertResume(db: DB, row: ResumeRowDb, bytes: Buffer): void {
  cached(
    db,
    `INSERT INTO kula_resumes (id, candidate_id, file_name, content_type, size, sha256, uploaded_by,
       uploaded_at)
     VALUES (@id, @candidate_id, @file_name, @content_type, @size, @sha256, @uploaded_by,
       @uploaded_at)`,
  ).run(row);
  cached(db, 'INSERT INTO kula_resume_files (resume_id, bytes) VALUES (?, ?)').run(row.id, bytes);
}

export function getResume(db: DB, id: string): ResumeRowDb | undefined {
  return cached(db, 'SELECT * FROM kula_resumes WHERE id = ?').get(id) as ResumeRowDb | undefined;
}

export function resumeBytes(db: DB, id: string): Buffer | null {
  const row = cached(db, 'SELECT bytes FROM kula_resume_files WHERE resume_id = ?').get(id) as
    { bytes: Buffer } | undefined;
  return row?.bytes ?? null;
}

export function resumesOf(db: DB, candidateId: string): ResumeRowDb[] {
  return cached(
    db,
    'SELECT * FROM kula_resumes WHERE candidate_id = ? ORDER BY uploaded_at DESC, rowid DESC',
  ).all(candidateId) as ResumeRowDb[];
}

export function insertReferral(db: DB, row: ReferralRowDb): void {
  cached(
    db,
    `INSERT INTO kula_referrals (id, candidate_id, referrer_name, referrer_email, connection_id,
       ats_job_id, ats_job_title, created_at)
     VALUES (@id, @candidate_id, @referrer_name, @referrer_email, @connection_id, @ats_job_id,
       @ats_job_title, @created_at)`,
  ).run(row);
}

export function referralsOf(db: DB, candidateId: string): ReferralRowDb[] {
  return cached(
    db,
    'SELECT * FROM kula_referrals WHERE candidate_id = ? ORDER BY created_at, rowid',
  ).all(candidateId) as ReferralRowDb[];
}
