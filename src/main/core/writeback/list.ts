import { PROVIDER_LABELS } from '../../../shared/domain/connections';
import type { OutboxItem } from '../../../shared/domain/outbox';
import type { DB } from '../db/database';
import { listOutboxRows, type ListedOutboxRow, type OutboxListFilter } from '../db/repos/outbox';
import { describeRow } from './describe';

/** Outbox rows as the UI and the CLI list them (with who they are for and what they wait for). */

export type OutboxFilter = OutboxListFilter;

export function listOutbox(db: DB, filter: OutboxFilter): { items: OutboxItem[]; total: number } {
  const { rows, total } = listOutboxRows(db, filter);
  return { items: rows.map((row) => toItem(db, row)), total };
}

export function toItem(db: DB, row: ListedOutboxRow): OutboxItem {
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
