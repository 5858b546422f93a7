import type { DB } from '../database';

/** One syncing connection's lock row (`sync_run_leases`, migration 0500). */
export interface RunLeaseRow {
  connection_id: string;
  holder: string;
  pid: number;
  host: string;
  process_start: string | null;
  process_label: string;
  acquired_at: number;
  heartbeat_at: number;
}

export function getRunLease(db: DB, connectionId: string): RunLeaseRow | undefined {
  return db.prepare('SELECT * FROM sync_run_leases WHERE connection_id = ?').get(connectionId) as
    RunLeaseRow | undefined;
}

/** Takes the connection's lock for `holder`, replacing any previous holder's row. */
export function takeRunLease(
  db: DB,
  lease: Omit<RunLeaseRow, 'acquired_at' | 'heartbeat_at'> & { now: number },
): void {
  db.prepare(
    `INSERT INTO sync_run_leases (connection_id, holder, pid, host, process_start, process_label,
                                  acquired_at, heartbeat_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (connection_id) DO UPDATE SET
       holder = excluded.holder, pid = excluded.pid, host = excluded.host,
       process_start = excluded.process_start, process_label = excluded.process_label,
       acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at`,
  ).run(
    lease.connection_id,
    lease.holder,
    lease.pid,
    lease.host,
    lease.process_start,
    lease.process_label,
    lease.now,
    lease.now,
  );
}

/** Refreshes the holder's heartbeat; false when the row is gone or another holder's. */
export function renewRunLease(db: DB, connectionId: string, holder: string, now: number): boolean {
  return (
    db
      .prepare('UPDATE sync_run_leases SET heartbeat_at = ? WHERE connection_id = ? AND holder = ?')
      .run(now, connectionId, holder).changes > 0
  );
}

/** Gives the lock up, if `holder` still has it. */
export function releaseRunLease(db: DB, connectionId: string, holder: string): void {
  db.prepare('DELETE FROM sync_run_leases WHERE connection_id = ? AND holder = ?').run(
    connectionId,
    holder,
  );
}
