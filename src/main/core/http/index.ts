/**
 * The shared HTTP layer for every ATS provider: `HttpClient` (its own retry loop over `node:http`, auth per
 * request, per-connection rate limiting, retries with capped full-jitter backoff honouring
 * `Retry-After`, typed `AtsApiError`s, call reporting). Provider-neutral: nothing here names an
 * ATS; providers pass their envelope classifier and request-id reader.
 */
export { HttpClient, genericFailure } from './client';
export type {
  HttpClientOptions,
  HttpFailure,
  HttpRequest,
  HttpResult,
  RawResponse,
  RequestSafety,
} from './client';
export { AtsApiError, isAtsApiError, ATS_ERROR_KINDS } from './errors';
export type { AtsErrorKind } from './errors';
export { backoffDelay, parseRetryAfter, DEFAULT_RETRY_POLICY } from './backoff';
export type { RetryPolicy } from './backoff';
export {
  createLimiter,
  delay,
  RateLimiterRegistry,
  TokenBucketLimiter,
  UnlimitedLimiter,
} from './rate-limiter';
export type { RateLimit, RequestLimiter } from './rate-limiter';
