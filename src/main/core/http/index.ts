/**
 * The shared HTTP layer for every ATS provider: `HttpClient` (its own retry loop over the host's
 * fetch function, auth per request, per-connection rate limiting, retries with capped full-jitter
 * backoff honouring `Retry-After`, typed `AtsApiError`s, call reporting). Provider-neutral:
 * nothing here names an ATS; providers pass their envelope classifier and request-id reader.
 * The fetch of a plain Node host is in `node-fetch.ts`, imported by those hosts only.
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
export { AtsApiError, isAtsApiError, ATS_ERROR_KINDS, describeNetworkProblem } from './errors';
export type { AtsErrorKind, NetworkProblem } from './errors';
export type { FetchFunction, FetchInit, FetchResponse } from './wire';
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
