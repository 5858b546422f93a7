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

export function listAudit(
  db: DB,
  input: { limit: number; beforeId?: number | undefined; action?: string | undefined },
): AuditEntry[] {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (input.beforeId !== undefined) {
    conditions.push('id < ?');
    params.push(input.beforeId);
  }
  if (input.action) {
    conditions.push('action = ?');
    params.push(input.action);
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  params.push(input.limit);
  return db
    .prepare(
      `SELECT id, at, actor, action, target, summary FROM audit_log ${where} ORDER BY id DESC LIMIT ?`,
    )
    .all(...params) as AuditEntry[];
}
