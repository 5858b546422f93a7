import { DEFAULT_RETRY_POLICY } from './backoff';

/**
 * The arithmetic of a token bucket, apart from where its state is kept: in the process
 * (`MemoryTokenStore`) or in the database, shared by every process on a data folder
 * (`connections/shared-rate-limits.ts`). Times are milliseconds on one clock per store.
 */

export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests that may go out at once after a quiet period. */
  burst: number;
}

export interface BucketState {
  tokens: number;
  /** When `tokens` was last brought up to date. */
  updatedAt: number;
  /** No token is handed out before this time (a 429's Retry-After); 0 when not paused. */
  pausedUntil: number;
}

export interface Taken {
  /** Tokens handed out now (at most the number asked for). */
  granted: number;
  /** When fewer were granted than asked: how long until the next one may be (ms, ≥ 1). */
  retryInMs: number;
}

/** Where a bucket's state lives. `take` and `pause` are atomic for everyone sharing it. */
export interface TokenStore {
  take(limit: RateLimit, wanted: number): Taken;
  pause(limit: RateLimit, ms: number): void;
}

/**
 * The longest pause a bucket keeps. The HTTP layer never pauses for longer (a Retry-After beyond
 * it fails the call instead), so a pause further away than this comes from a clock that was set
 * back after it was written, and is cut to this rather than holding the connection for hours.
 */
export const MAX_PAUSE_MS = DEFAULT_RETRY_POLICY.maxRetryAfterMs;

export function fullBucket(limit: RateLimit, now: number): BucketState {
  return { tokens: limit.burst, updatedAt: now, pausedUntil: 0 };
}

/** The state at `now`: refilled since it was last updated, capped at the burst. */
export function refill(state: BucketState, limit: RateLimit, now: number): BucketState {
  // A clock set back makes the elapsed time negative: count it as none, and go on from now.
  const elapsed = Math.max(0, now - state.updatedAt);
  return {
    tokens: Math.min(limit.burst, state.tokens + (elapsed / 1000) * limit.perSecond),
    updatedAt: now,
    pausedUntil: Math.min(state.pausedUntil, now + MAX_PAUSE_MS),
  };
}

/** Takes up to `wanted` whole tokens at `now`; the state after, and how long until the next. */
export function takeTokens(
  state: BucketState,
  limit: RateLimit,
  now: number,
  wanted: number,
): Taken & { state: BucketState } {
  const current = refill(state, limit, now);
  if (now < current.pausedUntil) {
    return { state: current, granted: 0, retryInMs: Math.max(1, current.pausedUntil - now) };
  }
  const granted = Math.max(0, Math.min(wanted, Math.floor(current.tokens)));
  const tokens = current.tokens - granted;
  const retryInMs = Math.max(1, ((1 - tokens) / limit.perSecond) * 1000);
  return { state: { ...current, tokens }, granted, retryInMs };
}

/**
 * No token before `ms` from `now`. A pause also empties the bucket to at most one token: the
 * burst after a 429 is what caused it.
 */
export function pauseBucket(
  state: BucketState,
  limit: RateLimit,
  now: number,
  ms: number,
): BucketState {
  const current = refill(state, limit, now);
  return {
    tokens: Math.min(current.tokens, 1),
    updatedAt: now,
    pausedUntil: Math.max(current.pausedUntil, now + Math.min(ms, MAX_PAUSE_MS)),
  };
}

/**
 * Two buckets that counted requests to the same limit, as one: what both spent is spent (a
 * missing bucket spent nothing), and the longer pause holds. Used when the requests of a check
 * made before a connection was saved are carried over to the connection.
 */
export function mergeBuckets(
  into: BucketState | undefined,
  from: BucketState,
  limit: RateLimit,
  now: number,
): BucketState {
  const a = refill(into ?? fullBucket(limit, now), limit, now);
  const b = refill(from, limit, now);
  return {
    tokens: Math.max(0, a.tokens + b.tokens - limit.burst),
    updatedAt: now,
    pausedUntil: Math.max(a.pausedUntil, b.pausedUntil),
  };
}

/** A bucket held in this process alone (tests, and anything that needs no sharing). */
export class MemoryTokenStore implements TokenStore {
  private state: BucketState | null = null;

  constructor(private readonly now: () => number = () => performance.now()) {}

  take(limit: RateLimit, wanted: number): Taken {
    const now = this.now();
    const result = takeTokens(this.state ?? fullBucket(limit, now), limit, now, wanted);
    this.state = result.state;
    return { granted: result.granted, retryInMs: result.retryInMs };
  }

  pause(limit: RateLimit, ms: number): void {
    const now = this.now();
    this.state = pauseBucket(this.state ?? fullBucket(limit, now), limit, now, ms);
  }
}
