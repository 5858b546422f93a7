import { MemoryTokenStore, type RateLimit, type TokenStore } from './token-bucket';

/**
 * Client-side rate limiting, per connection: a token bucket (`perSecond` refill, `burst`
 * capacity) that every request passes before it is sent, first come first served within the
 * process. After a 429 the HTTP layer pauses the bucket until the ATS's `Retry-After`, so no
 * request of this connection goes out before the ATS said it may. Where the bucket's state lives
 * is the `TokenStore`'s business: in the process, or in the database so that every process on
 * the data folder shares one (`connections/shared-rate-limits.ts`). Provider-neutral; providers
 * only choose the default.
 */

export type { RateLimit } from './token-bucket';

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

/**
 * A token bucket with a queue: this process's requests wait in order of arrival, and each turn
 * asks the store for as many tokens as there are waiters (one store call serves every request
 * that arrived in the same tick). When the store has none, the queue sleeps until the store says
 * the next may be there; another process may have taken it by then, and the queue sleeps again.
 */
export class TokenBucketLimiter implements RequestLimiter {
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;
  private drainQueued = false;
  private readonly store: TokenStore;

  /** `source`: a store, or the clock of a bucket kept in this process (performance.now by default). */
  constructor(
    readonly limit: RateLimit,
    source: TokenStore | (() => number) = () => performance.now(),
  ) {
    if (!(limit.perSecond > 0) || !(limit.burst >= 1)) {
      throw new Error('A rate limit needs perSecond > 0 and burst >= 1.');
    }
    this.store = typeof source === 'function' ? new MemoryTokenStore(source) : source;
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
      this.scheduleDrain();
    });
  }

  pauseFor(ms: number): void {
    this.store.pause(this.limit, ms);
  }

  /** Serves the queue once this tick's requests have all arrived. */
  private scheduleDrain(): void {
    if (this.timer || this.drainQueued) return;
    this.drainQueued = true;
    queueMicrotask(() => {
      this.drainQueued = false;
      this.drain();
    });
  }

  private drain(): void {
    if (this.timer || this.queue.length === 0) return;
    let taken;
    try {
      taken = this.store.take(this.limit, this.queue.length);
    } catch (error) {
      // The store cannot answer (its database was closed): nothing waiting can be sent.
      for (const waiter of this.queue.splice(0)) this.settle(waiter).reject(error);
      return;
    }
    for (let granted = 0; granted < taken.granted && this.queue.length > 0; granted++) {
      this.settle(this.queue.shift()!).resolve();
    }
    if (this.queue.length === 0) return;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.drain();
      },
      Math.max(1, Math.ceil(taken.retryInMs)),
    );
  }

  private settle(waiter: Waiter): Waiter {
    if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
    return waiter;
  }
}

export function createLimiter(limit: RateLimit | null): RequestLimiter {
  return limit ? new TokenBucketLimiter(limit) : new UnlimitedLimiter();
}

/**
 * One limiter per connection for the whole process, so a sync and a connection check running at
 * the same time share the connection's budget and its queue. `get` replaces the limiter when the
 * admin changed the limit. `create` builds one (by default with its bucket in the process).
 */
export class RateLimiterRegistry {
  private readonly limiters = new Map<string, RequestLimiter>();

  constructor(
    private readonly create: (connectionId: string, limit: RateLimit | null) => RequestLimiter = (
      _connectionId,
      limit,
    ) => createLimiter(limit),
  ) {}

  get(connectionId: string, limit: RateLimit | null): RequestLimiter {
    const current = this.limiters.get(connectionId);
    if (current && sameLimit(current.limit, limit)) return current;
    const next = this.create(connectionId, limit);
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
