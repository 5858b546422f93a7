import type { CoreBasics } from '../basics';
import { inTransaction } from '../db/database';
import { addUsage, type UsageCounts } from '../db/repos/api-usage';
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

/** The clock stamps the minute (the core's clock, so the health view's window agrees). */
export type ApiUsageDeps = Pick<CoreBasics, 'db' | 'clock' | 'log'> & { timers: Timers };

const FLUSH_MS = 5000;

export class ApiUsageRecorder {
  private readonly pending = new Map<string, UsageCounts>();
  private timer: TimerHandle | null = null;

  constructor(private readonly deps: ApiUsageDeps) {}

  record(connectionId: string, call: ApiCallRecord): void {
    const minute = Math.floor(this.deps.clock.now() / 60_000);
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
    this.timer ??= this.deps.timers.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, FLUSH_MS);
  }

  /** Writes what is counted so far (also at the end of a run and at shutdown). */
  flush(): void {
    if (this.timer) {
      this.deps.timers.clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.size === 0 || !this.deps.db.open) return;
    const entries = [...this.pending.entries()];
    this.pending.clear();
    try {
      inTransaction(this.deps.db, () => {
        for (const [key, counter] of entries) {
          const [connectionId, minute] = key.split('\u0000') as [string, string];
          addUsage(this.deps.db, connectionId, Number(minute), counter);
        }
      });
    } catch (error) {
      this.deps.log.warn('API usage counters not saved', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
