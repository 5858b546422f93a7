import type { ProviderKind } from '../../../shared/domain/connections';
import { PROVIDER_LABELS } from '../../../shared/domain/connections';
import { cached, type DB } from '../db/database';

/** A connection's label and ATS, for rows that name one (a removed connection reads as such). */
export function connectionInfo(
  db: DB,
  connectionId: string,
): { label: string; provider: ProviderKind; ats: string } {
  const row = cached(db, 'SELECT label, provider FROM connections WHERE id = ?').get(
    connectionId,
  ) as { label: string; provider: ProviderKind } | undefined;
  if (!row) return { label: 'Removed connection', provider: 'ashby', ats: 'the ATS' };
  return {
    label: row.label,
    provider: row.provider,
    ats: PROVIDER_LABELS[row.provider] ?? row.provider,
  };
}

/** A cached job's title and whether it is open. */
export function jobInfo(
  db: DB,
  connectionId: string,
  jobId: string,
): { title: string; open: boolean } | null {
  const row = cached(
    db,
    'SELECT title, is_open FROM ats_jobs WHERE connection_id = ? AND remote_id = ?',
  ).get(connectionId, jobId) as { title: string; is_open: number } | undefined;
  return row ? { title: row.title, open: row.is_open === 1 } : null;
}
