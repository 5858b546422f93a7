import { cached, inTransaction, type DB } from '../db/database';
import type { Clock } from '../clock';
import type { Logger } from '../logging/logger';
import type { ApiCallRecord } from '../providers/provider';
import type { TimerHandle, Timers } from '../scheduler/timers';

/**
 * Counts every API call of every run per connection and minute (table `api_usage`, migration
 * 0520) for the health view: requests sent (attempts, retries included), calls, 429s of the key's
 * own limit and 429s of partner-wide throttling, failed calls.
 *
 * Calls are counted in memory and written every few seconds in one small transaction, never one
 * write per call: a sync at 15,000 records a second makes ~150 calls a second.
 *
 * A call that met both kinds of 429 reports one flag (`partnerThrottled`) for all its 429s, so its
 * 429s are all counted as partner-wide: once the ATS throttles the partner, that is the cause
 * worth showing.
 */

interface Counter {
  requests: number;
  calls: number;
  rateLimited: number;
  partnerThrottled: number;
  failures: number;
}

const FLUSH_MS = 5000;

export class ApiUsageRecorder {
  private readonly pending = new Map<string, Counter>();
  private timer: TimerHandle | null = null;

  constructor(
    private readonly db: DB,
    /** Stamps the minute (the core's clock, so the health view's window agrees). */
    private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly log: Logger,
  ) {}

  record(connectionId: string, call: ApiCallRecord): void {
    const minute = Math.floor(this.clock.now() / 60_000);
    const key = `${connectionId}\u0000${minute}`;
    let counter = this.pending.get(key);
    if (!counter) {
      counter = { requests: 0, calls: 0, rateLimited: 0, partnerThrottled: 0, failures: 0 };
      this.pending.set(key, counter);
    }
    counter.calls++;
    counter.requests += Math.max(1, call.attempts);
    if (call.partnerThrottled) counter.partnerThrottled += call.rateLimited;
    else counter.rateLimited += call.rateLimited;
    if (call.errorKind && call.errorKind !== 'cancelled') counter.failures++;
    this.timer ??= this.timers.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, FLUSH_MS);
  }

  /** Writes what is counted so far (also at the end of a run and at shutdown). */
  flush(): void {
    if (this.timer) {
      this.timers.clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.size === 0 || !this.db.open) return;
    const entries = [...this.pending.entries()];
    this.pending.clear();
    try {
      inTransaction(this.db, () => {
        const upsert = cached(
          this.db,
          `INSERT INTO api_usage (connection_id, minute, requests, calls, rate_limited, partner_throttled, failures)
           SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM connections WHERE id = ?)
           ON CONFLICT (connection_id, minute) DO UPDATE SET
             requests = requests + excluded.requests, calls = calls + excluded.calls,
             rate_limited = rate_limited + excluded.rate_limited,
             partner_throttled = partner_throttled + excluded.partner_throttled,
             failures = failures + excluded.failures`,
        );
        for (const [key, counter] of entries) {
          const [connectionId, minute] = key.split('\u0000') as [string, string];
          upsert.run(
            connectionId,
            Number(minute),
            counter.requests,
            counter.calls,
            counter.rateLimited,
            counter.partnerThrottled,
            counter.failures,
            connectionId,
          );
        }
      });
    } catch (error) {
      this.log.warn('API usage counters not saved', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
