import type Database from 'better-sqlite3';

/**
 * What each connection asked of its ATS, per minute, for the health view's rate-limit panel: HTTP
 * requests sent (every attempt, retries included), API calls, 429s split into the key's own limit
 * and the ATS throttling the integration partner as a whole, and failed calls. A minute per row
 * keeps a week of a busy connection under 10,000 rows; older rows are pruned with the log.
 */
export default function createApiUsage(db: Database.Database): void {
  db.exec(`
    CREATE TABLE api_usage (
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      -- Epoch minutes (UTC).
      minute INTEGER NOT NULL,
      requests INTEGER NOT NULL DEFAULT 0,
      calls INTEGER NOT NULL DEFAULT 0,
      rate_limited INTEGER NOT NULL DEFAULT 0,
      partner_throttled INTEGER NOT NULL DEFAULT 0,
      failures INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (connection_id, minute)
    ) STRICT, WITHOUT ROWID;
  `);
}
