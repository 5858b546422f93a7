import type Database from 'better-sqlite3';

/**
 * One row while a process is renewing a connection's OAuth tokens. The desktop app and the CLI
 * can share a data folder; with rotating refresh tokens, two processes refreshing at once would
 * present the same refresh token twice, and a strict server revokes the whole authorization for
 * that. The lease makes the second process wait and then read the first one's tokens.
 */
export default function createOAuthRefreshLeases(db: Database.Database): void {
  db.exec(`
    CREATE TABLE oauth_refresh_leases (
      connection_id TEXT PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
      holder TEXT NOT NULL,
      -- Epoch ms; a lease left by a crashed process simply expires.
      expires_at INTEGER NOT NULL
    ) STRICT;
  `);
}
