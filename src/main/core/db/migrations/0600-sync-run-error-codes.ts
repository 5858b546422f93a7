import type Database from 'better-sqlite3';

/**
 * A run keeps why it failed (an ErrorCode), so the connection card can tell a refused credential
 * (which Reconnect resolves) from other failures after the app restarts, not only in the answer of
 * the call that ran it.
 */
export default function syncRunErrorCodes(db: Database.Database): void {
  db.exec(`ALTER TABLE sync_runs ADD COLUMN error_code TEXT;`);
}
