import type { DB } from '../database';

/** Who may renew a connection's OAuth tokens now (`oauth_refresh_leases`, migration 0200). */
export interface RefreshLeaseRow {
  holder: string;
  expires_at: number;
}

export function getRefreshLease(db: DB, connectionId: string): RefreshLeaseRow | undefined {
  return db
    .prepare('SELECT holder, expires_at FROM oauth_refresh_leases WHERE connection_id = ?')
    .get(connectionId) as RefreshLeaseRow | undefined;
}

/** Takes the lease for `holder` until `expiresAt`, whoever held it before. */
export function takeRefreshLease(
  db: DB,
  connectionId: string,
  holder: string,
  expiresAt: number,
): void {
  db.prepare(
    `INSERT INTO oauth_refresh_leases (connection_id, holder, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (connection_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at`,
  ).run(connectionId, holder, expiresAt);
}

/** Gives the lease up, if `holder` still has it. */
export function releaseRefreshLease(db: DB, connectionId: string, holder: string): void {
  db.prepare('DELETE FROM oauth_refresh_leases WHERE connection_id = ? AND holder = ?').run(
    connectionId,
    holder,
  );
}
