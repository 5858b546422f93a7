import crypto from 'node:crypto';
import type { Clock } from '../clock';
import type { DB } from '../db/database';
import { inTransaction } from '../db/database';
import { ConsoleError } from '../errors';
import { systemProcessProbe } from '../process-liveness';

/** Mutual exclusion for a token refresh, across processes sharing the data folder. */
export interface RefreshLease {
  /** Resolves with a release function once this process may refresh. */
  acquire(signal?: AbortSignal): Promise<() => void>;
}

const LEASE_MS = 60_000;
const POLL_MS = 100;

/**
 * A lease row in `oauth_refresh_leases`, taken in an IMMEDIATE transaction. A lease whose holder
 * process is gone (killed mid-refresh) is taken over at once; otherwise it expires after a minute
 * (longer than any token request may take: those time out at 30 s).
 */
export class DbRefreshLease implements RefreshLease {
  private readonly holder = `${process.pid}:${crypto.randomBytes(6).toString('hex')}`;

  constructor(
    private readonly db: DB,
    private readonly connectionId: string,
    private readonly clock: Clock,
  ) {}

  async acquire(signal?: AbortSignal): Promise<() => void> {
    const giveUpAt = this.clock.now() + LEASE_MS + 5_000;
    for (;;) {
      if (this.tryTake()) {
        return () => {
          this.db
            .prepare('DELETE FROM oauth_refresh_leases WHERE connection_id = ? AND holder = ?')
            .run(this.connectionId, this.holder);
        };
      }
      if (this.clock.now() > giveUpAt) {
        throw new ConsoleError(
          'ALREADY_RUNNING',
          'Another console process is renewing this connection’s authorization and has not finished.',
          'Wait a minute and try again.',
        );
      }
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, POLL_MS);
        signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            reject(new ConsoleError('CANCELLED', 'Renewing the authorization was cancelled.'));
          },
          { once: true },
        );
      });
    }
  }

  private tryTake(): boolean {
    const now = this.clock.now();
    return inTransaction(this.db, () => {
      const row = this.db
        .prepare('SELECT holder, expires_at FROM oauth_refresh_leases WHERE connection_id = ?')
        .get(this.connectionId) as { holder: string; expires_at: number } | undefined;
      if (row && row.expires_at > now && row.holder !== this.holder && holderAlive(row.holder)) {
        return false;
      }
      this.db
        .prepare(
          `INSERT INTO oauth_refresh_leases (connection_id, holder, expires_at) VALUES (?, ?, ?)
           ON CONFLICT (connection_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at`,
        )
        .run(this.connectionId, this.holder, now + LEASE_MS);
      return true;
    });
  }
}

/** Whether the process named in a holder (`pid:random`) still runs on this machine. */
function holderAlive(holder: string): boolean {
  return systemProcessProbe.liveness(Number(holder.split(':')[0]), null) !== 'dead';
}
