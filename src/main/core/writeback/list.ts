import type { ProviderKind } from '../../../shared/domain/connections';
import type { OutboxItem, OutboxState } from '../../../shared/domain/outbox';
import type { DB } from '../db/database';
import type { OutboxRow } from '../db/repos/outbox';
import { PROVIDER_LABELS } from '../../../shared/domain/connections';
import { describeRow } from './describe';

/** Outbox rows as the UI and the CLI list them (with who they are for and what they wait for). */

export interface OutboxFilter {
  connectionId?: string | undefined;
  candidateId?: string | undefined;
  states?: readonly OutboxState[] | undefined;
  limit: number;
  offset: number;
}

interface ListedRow extends OutboxRow {
  connection_label: string;
  provider: ProviderKind;
  candidate_name: string;
  waiting_for: number | null;
}

export function listOutbox(db: DB, filter: OutboxFilter): { items: OutboxItem[]; total: number } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.connectionId) {
    where.push('o.connection_id = ?');
    params.push(filter.connectionId);
  }
  if (filter.candidateId) {
    where.push('o.candidate_id = ?');
    params.push(filter.candidateId);
  }
  if (filter.states?.length) {
    where.push(`o.state IN (${filter.states.map(() => '?').join(', ')})`);
    params.push(...filter.states);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (
    db.prepare(`SELECT count(*) AS n FROM outbox o ${clause}`).get(...params) as { n: number }
  ).n;
  const rows = db
    .prepare(
      `SELECT o.*, c.label AS connection_label, c.provider, k.name AS candidate_name,
              (SELECT e.id FROM outbox e
                WHERE e.connection_id = o.connection_id AND e.candidate_id = o.candidate_id
                  AND e.id < o.id AND e.state IN ('pending', 'in_flight', 'failed')
                ORDER BY e.id LIMIT 1) AS waiting_for
         FROM outbox o
         JOIN connections c ON c.id = o.connection_id
         JOIN kula_candidates k ON k.id = o.candidate_id
         ${clause}
        ORDER BY CASE o.state WHEN 'failed' THEN 0 WHEN 'in_flight' THEN 1 WHEN 'pending' THEN 2 ELSE 3 END,
                 CASE WHEN o.state IN ('pending', 'in_flight', 'failed') THEN o.id END,
                 o.updated_at DESC, o.id DESC
        LIMIT ? OFFSET ?`,
    )
    .all(...params, filter.limit, filter.offset) as ListedRow[];
  return { items: rows.map((row) => toItem(db, row)), total };
}

export function toItem(db: DB, row: ListedRow): OutboxItem {
  return {
    id: row.id,
    connectionId: row.connection_id,
    connectionLabel: row.connection_label,
    provider: row.provider,
    candidateId: row.candidate_id,
    candidateName: row.candidate_name,
    kind: row.kind,
    title: describeRow(db, row, PROVIDER_LABELS[row.provider] ?? row.connection_label),
    state: row.state,
    attempts: row.attempts,
    lastError: row.state === 'done' ? null : row.last_error,
    lastAction: row.state === 'done' ? null : row.last_action,
    outcome: row.outcome,
    waitingFor: row.state === 'pending' ? row.waiting_for : null,
    nextAttemptAt: row.state === 'pending' ? row.next_attempt_at : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}
