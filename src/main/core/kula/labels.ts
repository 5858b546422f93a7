import type { ProviderKind } from '../../../shared/domain/connections';
import { PROVIDER_LABELS } from '../../../shared/domain/connections';
import type { DB } from '../db/database';
import { cachedJobRow, connectionLabelRow } from '../db/repos/kula-lookups';

/** A connection's label and ATS, for rows that name one (a removed connection reads as such). */
export function connectionInfo(
  db: DB,
  connectionId: string,
): { label: string; provider: ProviderKind; ats: string } {
  const row = connectionLabelRow(db, connectionId);
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
  const row = cachedJobRow(db, connectionId, jobId);
  return row ? { title: row.title, open: row.is_open === 1 } : null;
}
