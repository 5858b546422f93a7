import { crashPoint } from '../../crash-points';
import { cached, inTransaction, type DB } from '../database';

/** One connection's shared request budget (`rate_limit_buckets`, migration 0630). */
export interface RateLimitBucketRow {
  tokens: number;
  /** Wall-clock ms when `tokens` was counted. */
  updated_at: number;
  /** Wall-clock ms before which no request may go out; 0 when not paused. */
  paused_until: number;
}

export function getRateLimitBucket(db: DB, bucket: string): RateLimitBucketRow | undefined {
  return cached(
    db,
    'SELECT tokens, updated_at, paused_until FROM rate_limit_buckets WHERE bucket = ?',
  ).get(bucket) as RateLimitBucketRow | undefined;
}

function saveRateLimitBucket(db: DB, bucket: string, row: RateLimitBucketRow): void {
  cached(
    db,
    `INSERT INTO rate_limit_buckets (bucket, tokens, updated_at, paused_until) VALUES (?, ?, ?, ?)
     ON CONFLICT (bucket) DO UPDATE SET
       tokens = excluded.tokens, updated_at = excluded.updated_at, paused_until = excluded.paused_until`,
  ).run(bucket, row.tokens, Math.round(row.updated_at), Math.ceil(row.paused_until));
}

/**
 * Reads a bucket and writes what `update` makes of it, in one IMMEDIATE transaction: two
 * processes updating the same bucket are serialized by SQLite, so no token is handed out twice.
 * `update` returns the row to save (null: leave it) and a result passed back.
 */
export function updateRateLimitBucket<T>(
  db: DB,
  bucket: string,
  update: (current: RateLimitBucketRow | undefined) => {
    save: RateLimitBucketRow | null;
    result: T;
  },
): T {
  return inTransaction(db, () => {
    const { save, result } = update(getRateLimitBucket(db, bucket));
    if (save) saveRateLimitBucket(db, bucket, save);
    crashPoint('rate-limit:mid-transaction');
    return result;
  });
}

export function deleteRateLimitBucket(db: DB, bucket: string): void {
  cached(db, 'DELETE FROM rate_limit_buckets WHERE bucket = ?').run(bucket);
}
