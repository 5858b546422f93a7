import type { DB } from '../db/database';
import {
  getRateLimitBucket,
  updateRateLimitBucket,
  type RateLimitBucketRow,
} from '../db/repos/rate-limit-buckets';
import {
  RateLimiterRegistry,
  TokenBucketLimiter,
  UnlimitedLimiter,
  type RateLimit,
} from '../http/rate-limiter';
import {
  fullBucket,
  MAX_PAUSE_MS,
  mergeBuckets,
  pauseBucket,
  takeTokens,
  type BucketState,
  type Taken,
  type TokenStore,
} from '../http/token-bucket';

/**
 * One rate limit per connection across every process that opens the data folder: the app,
 * `kula-console watch`, a `sync` started right after `connect`. Each process keeps its own queue
 * (first come first served, cancellable), and takes its tokens from the connection's bucket in
 * the database (`rate_limit_buckets`), in a short IMMEDIATE transaction per turn of the queue. A
 * 429's pause is written there too, so it holds every process.
 *
 * Why a bucket in the database rather than a lease or a batch of tokens per process: a turn costs
 * a few tens of microseconds (see docs/architecture.md, "HTTP layer") against the 100 ms between
 * two requests at 10 a second, and a token is taken only when a request is about to leave, so
 * nothing is reserved by a process that then sits idle or dies. A process that dies in the
 * middle of a transaction leaves nothing behind: SQLite rolls it back.
 */

/** Wall-clock time: the only clock that every process reads alike. */
const wallClock = (): number => Date.now();

/** How long to wait before asking again when another process holds the database's write lock. */
const BUSY_RETRY_MS = 25;

export class SharedTokenStore implements TokenStore {
  /** A pause this process could not write to the database still holds the process. */
  private localPauseUntil = 0;

  constructor(
    private readonly db: DB,
    private readonly bucket: string,
    private readonly now: () => number = wallClock,
    private readonly random: () => number = Math.random,
  ) {}

  take(limit: RateLimit, wanted: number): Taken {
    const now = this.now();
    // Cut like the shared pause, in case the clock was set back after it was taken.
    this.localPauseUntil = Math.min(this.localPauseUntil, now + MAX_PAUSE_MS);
    if (now < this.localPauseUntil) return { granted: 0, retryInMs: this.localPauseUntil - now };
    try {
      // Waiting costs no write lock: a read says whether a token can be there yet.
      const seen = getRateLimitBucket(this.db, this.bucket);
      if (seen) {
        const peek = takeTokens(fromRow(seen), limit, now, wanted);
        if (peek.granted === 0) return this.spread(peek, limit);
      }
      return this.spread(
        updateRateLimitBucket(this.db, this.bucket, (current) => {
          const at = this.now();
          const taken = takeTokens(
            current ? fromRow(current) : fullBucket(limit, at),
            limit,
            at,
            wanted,
          );
          return {
            save: taken.granted > 0 || !current ? toRow(taken.state) : null,
            result: { granted: taken.granted, retryInMs: taken.retryInMs },
          };
        }),
        limit,
      );
    } catch (error) {
      if (isBusy(error)) return { granted: 0, retryInMs: BUSY_RETRY_MS };
      throw error;
    }
  }

  pause(limit: RateLimit, ms: number): void {
    try {
      updateRateLimitBucket(this.db, this.bucket, (current) => {
        const at = this.now();
        return {
          save: toRow(
            pauseBucket(current ? fromRow(current) : fullBucket(limit, at), limit, at, ms),
          ),
          result: undefined,
        };
      });
    } catch {
      // Not written (the database busy or closed): the pause holds this process at least.
      this.localPauseUntil = Math.max(
        this.localPauseUntil,
        this.now() + Math.min(ms, MAX_PAUSE_MS),
      );
    }
  }

  /**
   * Processes waiting for the same token would all wake at the same moment, and the one whose
   * timer fires first would win every time (the one that just got a token, if only it waited for
   * the exact time). A few milliseconds of random delay on every wait make the winner a matter of
   * chance; the bucket keeps refilling meanwhile, so the rate loses nothing.
   */
  private spread(taken: Taken, limit: RateLimit): Taken {
    const jitter = this.random() * Math.min(20, 250 / limit.perSecond);
    return { granted: taken.granted, retryInMs: taken.retryInMs + jitter };
  }
}

/**
 * Counts the requests of a check made before the connection existed (bucket `from`) against the
 * connection's bucket (`into`): what both spent is spent, the longer pause holds.
 */
export function carryOverRequests(
  db: DB,
  from: string,
  into: string,
  limit: RateLimit | null,
  now: () => number = wallClock,
): void {
  if (!limit || from === into) return;
  updateRateLimitBucket(db, into, (current) => {
    const spent = getRateLimitBucket(db, from);
    if (!spent) return { save: null, result: undefined };
    const at = now();
    return {
      save: toRow(mergeBuckets(current && fromRow(current), fromRow(spent), limit, at)),
      result: undefined,
    };
  });
}

/** The registry of a core: every limited connection's bucket in the database. */
export function sharedLimiterRegistry(db: DB): RateLimiterRegistry {
  return new RateLimiterRegistry((connectionId, limit) =>
    limit
      ? new TokenBucketLimiter(limit, new SharedTokenStore(db, connectionId))
      : new UnlimitedLimiter(),
  );
}

function fromRow(row: RateLimitBucketRow): BucketState {
  return { tokens: row.tokens, updatedAt: row.updated_at, pausedUntil: row.paused_until };
}

function toRow(state: BucketState): RateLimitBucketRow {
  return { tokens: state.tokens, updated_at: state.updatedAt, paused_until: state.pausedUntil };
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'));
}
