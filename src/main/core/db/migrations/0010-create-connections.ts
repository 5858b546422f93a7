import type Database from 'better-sqlite3';

export default function createConnections(db: Database.Database): void {
  db.exec(`
    CREATE TABLE app_meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE connections (
      id TEXT PRIMARY KEY,
      provider TEXT NOT NULL CHECK (provider IN ('ashby', 'lever')),
      label TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'connected',
      base_url TEXT NOT NULL,
      auth_mode TEXT NOT NULL CHECK (auth_mode IN ('api_key', 'oauth')),
      -- Non-secret, provider-specific settings (e.g. the Lever perform_as user). Never a secret.
      config_json TEXT NOT NULL DEFAULT '{}',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    -- Ciphertext only. scheme names the cipher that wrote it (e.g. 'safestorage-v1',
    -- 'passphrase-v1') so a change of backend is detected instead of failing to decrypt silently.
    CREATE TABLE credentials (
      connection_id TEXT PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
      scheme TEXT NOT NULL,
      ciphertext BLOB NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
  `);
}
