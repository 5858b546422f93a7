import { cached, type DB } from '../database';

/** One connection's API calls in one minute (`api_usage`, migration 0520). */
export interface UsageCounts {
  requests: number;
  calls: number;
  rateLimited: number;
  partnerThrottled: number;
  failures: number;
}

export interface UsageMinuteRow {
  minute: number;
  requests: number;
  calls: number;
  rate_limited: number;
  partner_throttled: number;
  failures: number;
}

/**
 * Adds counts to a connection's minute. Counts of a connection removed meanwhile are dropped.
 * Call inside a transaction when adding several.
 */
export function addUsage(db: DB, connectionId: string, minute: number, counts: UsageCounts): void {
  cached(
    db,
    `INSERT INTO api_usage (connection_id, minute, requests, calls, rate_limited, partner_throttled, failures)
     SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM connections WHERE id = ?)
     ON CONFLICT (connection_id, minute) DO UPDATE SET
       requests = requests + excluded.requests, calls = calls + excluded.calls,
       rate_limited = rate_limited + excluded.rate_limited,
       partner_throttled = partner_throttled + excluded.partner_throttled,
       failures = failures + excluded.failures`,
  ).run(
    connectionId,
    minute,
    counts.requests,
    counts.calls,
    counts.rateLimited,
    counts.partnerThrottled,
    counts.failures,
    connectionId,
  );
}

/** The connection's minutes after `afterMinute` (minutes since the epoch), oldest first. */
export function usageSince(db: DB, connectionId: string, afterMinute: number): UsageMinuteRow[] {
  return cached(
    db,
    `SELECT minute, requests, calls, rate_limited, partner_throttled, failures FROM api_usage
      WHERE connection_id = ? AND minute > ? ORDER BY minute`,
  ).all(connectionId, afterMinute) as UsageMinuteRow[];
}

/** The last minute in which the connection met a 429 of the given kind; null when never. */
export function lastMinuteWith(
  db: DB,
  connectionId: string,
  kind: 'rate_limited' | 'partner_throttled',
): number | null {
  return cached(db, `SELECT max(minute) FROM api_usage WHERE connection_id = ? AND ${kind} > 0`)
    .pluck()
    .get(connectionId) as number | null;
}

/** Deletes the minutes before `oldestMinute`; returns how many. */
export function deleteUsageBefore(db: DB, oldestMinute: number): number {
  return cached(db, 'DELETE FROM api_usage WHERE minute < ?').run(oldestMinute).changes;
}
