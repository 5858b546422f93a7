/**
 * Client-side rate limiting, per connection: a token bucket (`perSecond` refill, `burst`
 * capacity) that every request passes before it is sent, first come first served. After a 429 the
 * HTTP layer pauses the bucket until the ATS's `Retry-After`, so no request of this connection
 * goes out before the ATS said it may. Provider-neutral; providers only choose the default.
 */

export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests that may go out at once after a quiet period. */
  burst: number;
}

export interface RequestLimiter {
  /** Resolves when a request may be sent; rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** No request leaves before `ms` from now (a 429's Retry-After). */
  pauseFor(ms: number): void;
  /** The limit in force, or null when unthrottled. */
  readonly limit: RateLimit | null;
}

/** For benchmarks and tests that measure the ATS side alone: never waits (pauses still hold). */
export class UnlimitedLimiter implements RequestLimiter {
  readonly limit = null;
  private pausedUntil = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  acquire(signal?: AbortSignal): Promise<void> {
    const wait = this.pausedUntil - this.now();
    if (wait <= 0) return signal?.aborted ? Promise.reject(abortError(signal)) : Promise.resolve();
    return delay(wait, signal);
  }

  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export class TokenBucketLimiter implements RequestLimiter {
  private tokens: number;
  private updatedAt: number;
  private pausedUntil = 0;
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(limit.perSecond > 0) || !(limit.burst >= 1)) {
      throw new Error('A rate limit needs perSecond > 0 and burst >= 1.');
    }
    this.tokens = limit.burst;
    this.updatedAt = now();
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          reject(abortError(signal));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.drain();
    });
  }

  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    // A pause also empties the bucket: the burst after a 429 is what caused it.
    this.refill();
    this.tokens = Math.min(this.tokens, 1);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(
      this.limit.burst,
      this.tokens + ((now - this.updatedAt) / 1000) * this.limit.perSecond,
    );
    this.updatedAt = now;
  }

  private drain(): void {
    if (this.timer) return;
    this.refill();
    const now = this.now();
    while (this.queue.length > 0 && now >= this.pausedUntil && this.tokens >= 1) {
      this.tokens -= 1;
      const waiter = this.queue.shift()!;
      if (waiter.signal && waiter.onAbort)
        waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
    }
    if (this.queue.length === 0) return;
    const wait = Math.max(
      this.pausedUntil - now,
      ((1 - this.tokens) / this.limit.perSecond) * 1000,
      1,
    );
    this.timer = setTimeout(() => {
      this.timer = null;
      this.drain();
    }, Math.ceil(wait));
  }
}

export function createLimiter(limit: RateLimit | null): RequestLimiter {
  return limit ? new TokenBucketLimiter(limit) : new UnlimitedLimiter();
}

/**
 * One limiter per connection for the whole process, so a sync and a connection check running at
 * the same time share the connection's budget. `get` replaces the limiter when the admin changed
 * the limit.
 */
export class RateLimiterRegistry {
  private readonly limiters = new Map<string, RequestLimiter>();

  get(connectionId: string, limit: RateLimit | null): RequestLimiter {
    const current = this.limiters.get(connectionId);
    if (current && sameLimit(current.limit, limit)) return current;
    const next = createLimiter(limit);
    this.limiters.set(connectionId, next);
    return next;
  }

  forget(connectionId: string): void {
    this.limiters.delete(connectionId);
  }
}

function sameLimit(a: RateLimit | null, b: RateLimit | null): boolean {
  return (
    a === b || (a !== null && b !== null && a.perSecond === b.perSecond && a.burst === b.burst)
  );
}

export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error('The operation was aborted.');
  error.name = 'AbortError';
  return error;
}

/** Resolves after `ms`, or rejects when `signal` aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
