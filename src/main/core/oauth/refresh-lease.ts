import crypto from 'node:crypto';
import type { Clock } from '../clock';
import type { DB } from '../db/database';
import { inTransaction } from '../db/database';
import {
  getRefreshLease,
  releaseRefreshLease,
  takeRefreshLease,
} from '../db/repos/oauth-refresh-leases';
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
        return () => releaseRefreshLease(this.db, this.connectionId, this.holder);
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
      const row = getRefreshLease(this.db, this.connectionId);
      if (row && row.expires_at > now && row.holder !== this.holder && holderAlive(row.holder)) {
        return false;
      }
      takeRefreshLease(this.db, this.connectionId, this.holder, now + LEASE_MS);
      return true;
    });
  }
}

/** Whether the process named in a holder (`pid:random`) still runs on this machine. */
function holderAlive(holder: string): boolean {
  return systemProcessProbe.liveness(Number(holder.split(':')[0]), null) !== 'dead';
}
