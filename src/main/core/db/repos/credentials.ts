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

/** Every stored credential written by one cipher scheme (to learn whether a key opens them). */
export function listCredentialsOfScheme(
  db: DB,
  scheme: string,
): Array<{ connectionId: string; ciphertext: Buffer }> {
  return db
    .prepare(
      'SELECT connection_id AS connectionId, ciphertext FROM credentials WHERE scheme = ? ORDER BY connection_id',
    )
    .all(scheme) as Array<{ connectionId: string; ciphertext: Buffer }>;
}

/**
 * Rewrites a credential only if it is still the one read (compare and swap), so re-encrypting an
 * old blob never overwrites tokens another process renewed in the meantime.
 */
export function replaceCredentialIfUnchanged(
  db: DB,
  input: {
    connectionId: string;
    previous: Buffer;
    scheme: string;
    ciphertext: Buffer;
    now: string;
  },
): boolean {
  return (
    db
      .prepare(
        'UPDATE credentials SET scheme = ?, ciphertext = ?, updated_at = ? WHERE connection_id = ? AND ciphertext = ?',
      )
      .run(input.scheme, input.ciphertext, input.now, input.connectionId, input.previous)
      .changes === 1
  );
}
