import { cached, type DB } from '../database';

/** A connection's credential as stored: the cipher's name and the encrypted blob. */
export interface CredentialRow {
  scheme: string;
  ciphertext: Buffer;
}

export function saveCredential(
  db: DB,
  input: { connectionId: string; scheme: string; ciphertext: Buffer; now: string },
): void {
  db.prepare(
    `INSERT INTO credentials (connection_id, scheme, ciphertext, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (connection_id) DO UPDATE SET scheme = excluded.scheme,
       ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
  ).run(input.connectionId, input.scheme, input.ciphertext, input.now);
}

export function hasCredential(db: DB, connectionId: string): boolean {
  return (
    db.prepare('SELECT 1 FROM credentials WHERE connection_id = ?').get(connectionId) !== undefined
  );
}

export function getCredential(db: DB, connectionId: string): CredentialRow | undefined {
  // Asked before every request of a sync: prepared once.
  return cached(db, 'SELECT scheme, ciphertext FROM credentials WHERE connection_id = ?').get(
    connectionId,
  ) as CredentialRow | undefined;
}

export function deleteCredential(db: DB, connectionId: string): void {
  db.prepare('DELETE FROM credentials WHERE connection_id = ?').run(connectionId);
}
