import type { DB } from '../database';
import type { AuditEntry } from '../../../../shared/domain/audit';

export function recordAudit(
  db: DB,
  entry: { at: string; actor: string; action: string; target?: string | null; summary: string },
): void {
  db.prepare(
    'INSERT INTO audit_log (at, actor, action, target, summary) VALUES (?, ?, ?, ?, ?)',
  ).run(entry.at, entry.actor, entry.action, entry.target ?? null, entry.summary);
}

export interface AuditQuery {
  limit: number;
  beforeId?: number | undefined;
  /** An exact action, or a family when it ends with a dot (`connection.`). */
  action?: string | undefined;
  actor?: string | undefined;
  target?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  /** Words that must all appear in the summary (case-insensitive). */
  search?: string | undefined;
}

/** Newest first, paged by id. */
export function listAudit(db: DB, input: AuditQuery): AuditEntry[] {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const like = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  if (input.beforeId !== undefined) {
    conditions.push('id < ?');
    params.push(input.beforeId);
  }
  if (input.action) {
    if (input.action.endsWith('.')) {
      conditions.push('substr(action, 1, ?) = ?');
      params.push(input.action.length, input.action);
    } else {
      conditions.push('action = ?');
      params.push(input.action);
    }
  }
  if (input.actor) {
    conditions.push('actor = ?');
    params.push(input.actor);
  }
  if (input.target) {
    conditions.push('target = ?');
    params.push(input.target);
  }
  if (input.since) {
    conditions.push('at >= ?');
    params.push(input.since);
  }
  if (input.until) {
    conditions.push('at < ?');
    params.push(input.until);
  }
  for (const word of input.search?.split(/\s+/).filter(Boolean) ?? []) {
    conditions.push("summary LIKE ? ESCAPE '\\'");
    params.push(like(word));
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  params.push(input.limit);
  return db
    .prepare(
      `SELECT id, at, actor, action, target, summary FROM audit_log ${where} ORDER BY id DESC LIMIT ?`,
    )
    .all(...params) as AuditEntry[];
}

export function listAuditActions(db: DB): string[] {
  return db
    .prepare('SELECT DISTINCT action FROM audit_log ORDER BY action')
    .pluck()
    .all() as string[];
}
