/**
 * When to try again: exponential backoff with full jitter and a cap (sleep = random(0, min(cap,
 * base · 2^n)), which spreads clients that failed together), never earlier than the server's
 * `Retry-After` (seconds or an HTTP date).
 */

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  capDelayMs: number;
  /** A `Retry-After` longer than this is not waited out in-line: the call fails as rate limited. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 6,
  baseDelayMs: 500,
  capDelayMs: 30_000,
  maxRetryAfterMs: 5 * 60_000,
};

/** Delay before retry number `retry` (1-based). */
export function backoffDelay(
  retry: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'capDelayMs'>,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.capDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const jittered = random() * ceiling;
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** `Retry-After` in milliseconds from now, or null when absent or unreadable. */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | null {
  if (Array.isArray(value)) value = value[0];
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}
