import type { CoreBasics } from '../basics';
import { isoNow } from '../clock';
import { getConnectionRow, listConnectionRows, setConnectionStatus } from '../db/repos/connections';
import { UnreadableCredentialError, type StoredSecret, type Vault } from '../vault/vault';

export type StoredCredentialsDeps = Pick<CoreBasics, 'db' | 'clock' | 'events' | 'log'> & {
  vault: Pick<Vault, 'load' | 'has' | 'status'>;
};

/**
 * The stored credentials of saved connections as syncs use them, and the two ways one stops being
 * usable: it cannot be decrypted here ("needs reconnect") or the ATS refused it ("needs
 * re-authorization"). Either pauses the connection's syncs, keeps its queued changes, and tells the
 * admin once.
 */
export class StoredCredentials {
  constructor(private readonly deps: StoredCredentialsDeps) {}

  /**
   * The stored credential, decrypted. One that cannot be decrypted here marks the connection
   * "needs reconnect" (syncs pause, nothing is sent with it, queued changes stay) and throws.
   */
  load(connectionId: string): StoredSecret {
    try {
      return this.deps.vault.load(connectionId);
    } catch (error) {
      // A process with no vault at all (the CLI without its passphrase) cannot judge the key:
      // the app may read it fine, so the shared connection is not marked from here.
      if (error instanceof UnreadableCredentialError && this.deps.vault.status().available) {
        this.markProblem(connectionId, 'needs_reconnect', error.message);
      }
      throw error;
    }
  }

  /**
   * Checks once (at start-up) that every active connection's stored credential can be decrypted,
   * so one that cannot shows "needs reconnect" before any sync is tried.
   */
  verifyAll(): void {
    for (const row of listConnectionRows(this.deps.db)) {
      if (row.status !== 'connected' || !this.deps.vault.has(row.id)) continue;
      try {
        this.load(row.id);
      } catch {
        // Marked by load; the card says what to do.
      }
    }
  }

  markNeedsReauth(connectionId: string, reason: string): void {
    this.markProblem(connectionId, 'needs_reauth', reason);
  }

  private markProblem(
    connectionId: string,
    status: 'needs_reauth' | 'needs_reconnect',
    reason: string,
  ): void {
    const { db, clock, log, events } = this.deps;
    const row = getConnectionRow(db, connectionId);
    // A credential that cannot be decrypted stays that problem until the admin reconnects.
    if (!row || row.status === status || row.status === 'needs_reconnect') return;
    if (row.status === 'disabled') return;
    setConnectionStatus(db, connectionId, status, isoNow(clock));
    log.warn(
      status === 'needs_reconnect'
        ? 'stored credential cannot be decrypted; connection needs reconnecting'
        : 'connection needs re-authorization',
      { connectionId, reason },
    );
    events.changed('connections');
    events.emit('app:notice', {
      level: 'error',
      title: `“${row.label}” needs to be reconnected`,
      body: `${reason} Syncing is paused; queued changes are kept.`,
      route: '/connections',
      credentialOf: connectionId,
    });
  }
}
