import type { CoreBasics } from '../basics';
import { isoNow } from '../clock';
import { getConnectionRow, listConnectionRows, setConnectionStatus } from '../db/repos/connections';
import { UnreadableCredentialError, type StoredSecret, type Vault } from '../vault/vault';

export type StoredCredentialsDeps = Pick<CoreBasics, 'db' | 'clock' | 'events' | 'log'> & {
  vault: Pick<Vault, 'load' | 'has' | 'status'>;
};

/**
 * The stored credentials of saved connections as syncs use them, and the two ways one stops being
 * usable for everyone: nobody can decrypt it any more ("needs reconnect": damaged, or the keyring
 * that wrote it was replaced) or the ATS refused it ("needs re-authorization"). Either pauses the
 * connection's syncs, keeps its queued changes, and tells the admin once. A credential that only
 * this process cannot read (a mistyped passphrase, a key the other host stored) pauses nothing: the
 * error goes to whoever asked.
 */
export class StoredCredentials {
  constructor(private readonly deps: StoredCredentialsDeps) {}

  /**
   * The stored credential, decrypted. One that nobody can decrypt any more marks the connection
   * "needs reconnect" (syncs pause, nothing is sent with it, queued changes stay); every
   * unreadable credential throws.
   */
  load(connectionId: string): StoredSecret {
    try {
      return this.deps.vault.load(connectionId);
    } catch (error) {
      // A process with no vault at all (the CLI without its passphrase) cannot judge the key.
      if (
        error instanceof UnreadableCredentialError &&
        error.pausesConnection &&
        this.deps.vault.status().available
      ) {
        this.markProblem(connectionId, 'needs_reconnect', error.message);
      }
      throw error;
    }
  }

  /**
   * A connection marked "needs reconnect" whose credential decrypts here after all (the mark came
   * from a process with a mistyped passphrase, or from an older version) is connected again.
   * Anything else stays as it is.
   */
  clearStaleMark(connectionId: string): void {
    const { db, clock, log, events } = this.deps;
    const row = getConnectionRow(db, connectionId);
    if (row?.status !== 'needs_reconnect' || !this.deps.vault.has(connectionId)) return;
    if (!this.deps.vault.status().available) return;
    try {
      this.deps.vault.load(connectionId);
    } catch {
      return;
    }
    setConnectionStatus(db, connectionId, 'connected', isoNow(clock));
    log.info('stored credential decrypts again; connection no longer needs reconnecting', {
      connectionId,
    });
    events.changed('connections');
  }

  /**
   * Checks once (at start-up) that every active connection's stored credential can be decrypted,
   * so one that cannot shows "needs reconnect" before any sync is tried, and one marked by mistake
   * is connected again.
   */
  verifyAll(): void {
    for (const row of listConnectionRows(this.deps.db)) {
      if (row.status === 'needs_reconnect') {
        this.clearStaleMark(row.id);
        continue;
      }
      if (row.status !== 'connected' || !this.deps.vault.has(row.id)) continue;
      try {
        this.load(row.id);
      } catch {
        // Marked by load when nobody can read it; the card says what to do.
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
