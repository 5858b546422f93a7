import type { ApiCallRecord } from '../providers/provider';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy } from './backoff';
import {
  AtsApiError,
  describeNetworkProblem,
  isLastingNetworkFailure,
  type AtsErrorKind,
} from './errors';
import { delay, type RequestLimiter } from './rate-limiter';
import { parseJsonBytes } from './json-body';
import { send } from './transport';
import { TransportError, type FetchFunction, type WireRequest, type WireResponse } from './wire';

/**
 * The console's HTTP client for every ATS (provider-neutral; providers configure it):
 *
 * - **auth per attempt**: `authHeaders()` is asked before every attempt, so a renewed OAuth token is
 *   picked up by the retry that follows the renewal;
 * - **rate limit**: every attempt first passes the connection's `RequestLimiter`; a 429 pauses the
 *   limiter until `Retry-After`, so nothing of this connection is sent before the ATS allows it;
 * - **retries**: reads (`safety: 'read'`, which covers Ashby's POST reads) retry on network
 *   errors, timeouts, 429, 5xx and unreadable bodies; writes retry only when the request provably
 *   did not run (429, connection refused) and otherwise fail, so the outbox can check before
 *   re-sending; delays are exponential with full jitter and a cap, never shorter than
 *   `Retry-After` (backoff.ts);
 * - **timeouts** per attempt;
 * - **typed errors**: the provider's `classify` reads its own envelope (e.g. Ashby's HTTP 200
 *   `success:false`); the result is an `AtsApiError` with kind, ATS code, status and request id;
 * - **reporting**: every call (after its retries) goes to `onApiCall`;
 * - **transport**: one attempt at a time through `transport.ts`, over the fetch function the host
 *   gave (Electron's `net.fetch` in the app, undici's in the CLI): JSON, multipart forms and
 *   form-encoded bodies alike; the host's fetch decides the proxy and the trusted certificates.
 */

export type RequestSafety = 'read' | 'write';

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under the base URL, e.g. `/candidate.list`. */
  path: string;
  /**
   * What is sent instead of the path, which still names the call in logs: a path with its query
   * under the base URL, or an absolute URL (a presigned upload).
   */
  url?: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body (serialized once). */
  body?: unknown;
  /** A multipart body instead of JSON. */
  form?: FormData;
  /** Extra headers for every attempt (the credential is added separately). */
  headers?: Record<string, string>;
  safety: RequestSafety;
  /** Send the credential (default true; false for presigned URLs). */
  authenticate?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** A response as the provider's classifier sees it. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or undefined when the body was empty or not JSON. */
  body: unknown;
  /** Whether the body was valid JSON. */
  json: boolean;
}

export interface HttpFailure {
  kind: AtsErrorKind;
  providerCode?: string | null;
  /** Admin-facing; a generic one per kind is used when absent. */
  message?: string;
  action?: string;
  retryAfterMs?: number | null;
  /** The ATS throttles the integration partner across all its customers (Ashby's scope header). */
  partnerThrottle?: boolean;
  /** What the network did, in a few words, for the sync log (an attempt with no answer). */
  brief?: string;
}

export interface HttpResult<T> {
  status: number;
  body: T;
  headers: RawResponse['headers'];
  requestId: string | null;
  attempts: number;
}

export interface HttpClientOptions {
  baseUrl: string;
  /** The host's fetch: how requests leave this computer (proxy, trusted certificates). */
  fetch: FetchFunction;
  /** The ATS's name in messages, e.g. "Ashby". */
  provider: string;
  /** Credential headers, asked before every attempt. */
  authHeaders: () => Record<string, string> | Promise<Record<string, string>>;
  limiter: RequestLimiter;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  /** The provider's reading of a response: null for success, else why it failed. */
  classify?: (response: RawResponse, generic: HttpFailure | null) => HttpFailure | null;
  requestIdFrom?: (response: RawResponse) => string | null;
  onApiCall?: (call: ApiCallRecord) => void;
  /**
   * Called once when a call fails with `auth`, with the credential headers the refused attempt
   * carried: resolve true after renewing the credential (an OAuth refresh) and the call is sent
   * once more. The headers say which token was refused, which matters when calls run at once:
   * another call may already have renewed it.
   */
  renewCredential?: (refused: Record<string, string>) => Promise<boolean>;
  userAgent?: string;
  /** For tests: deterministic jitter. */
  random?: () => number;
}

interface CallState {
  attempts: number;
  /** Why each failed attempt failed (ApiCallRecord.failures). */
  failures: string[];
  rateLimited: number;
  partnerThrottled: boolean;
  lastStatus: number | null;
  lastRequestId: string | null;
  /** The last attempt's round trip (from sending to the answer), limiter waits excluded. */
  lastLatencyMs: number | null;
  /** The credential headers the last attempt carried. */
  lastAuth: Record<string, string>;
}

/** Why one attempt failed: the ATS's answer (when there was one) or the transport's error. */
interface FailedAttempt {
  failure: HttpFailure;
  response: RawResponse | null;
  transport: TransportError | null;
}

/** Thrown out of the attempt loop when the call gives up; `toAtsError` turns it into an AtsApiError. */
class CallFailed extends Error {
  constructor(readonly attempt: FailedAttempt) {
    super(attempt.failure.kind);
  }
}

/** Larger than any page an ATS sends; a bigger answer is a broken one. */
const MAX_CONTENT_LENGTH = 64 * 1024 * 1024;

export class HttpClient {
  private readonly policy: RetryPolicy;
  private readonly random: () => number;
  private readonly base: string;
  private readonly host: string;
  private readonly userAgent: string;

  constructor(private readonly options: HttpClientOptions) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.random = options.random ?? Math.random;
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.host = new URL(options.baseUrl).host;
    this.userAgent = options.userAgent ?? 'KulaATSConsole';
  }

  async request<T = unknown>(request: HttpRequest): Promise<HttpResult<T>> {
    const started = performance.now();
    const state: CallState = {
      attempts: 0,
      failures: [],
      rateLimited: 0,
      partnerThrottled: false,
      lastStatus: null,
      lastRequestId: null,
      lastLatencyMs: null,
      lastAuth: {},
    };
    let renewed = false;
    for (;;) {
      try {
        const raw = await this.attempt(request, state);
        const result: HttpResult<T> = {
          status: raw.status,
          body: raw.body as T,
          headers: raw.headers,
          requestId: this.requestIdOf(raw),
          attempts: state.attempts,
        };
        this.report(request, state, started, result.status, result.requestId, null);
        return result;
      } catch (caught) {
        const error = this.toAtsError(caught, request, state);
        if (error.kind === 'auth' && !renewed && this.options.renewCredential) {
          renewed = true;
          if (await this.options.renewCredential(state.lastAuth).catch(() => false)) continue;
        }
        this.report(request, state, started, error.status, error.requestId, error.kind);
        throw error;
      }
    }
  }

  /**
   * Nothing to release: the connections belong to the host's fetch, which keeps them across
   * clients (undici lets an idle one go without holding the CLI process open). Kept so callers
   * need not know which transport a client has.
   */
  close(): void {}

  /** Attempts until one succeeds, the failure is not worth retrying, or the retries run out. */
  private async attempt(request: HttpRequest, state: CallState): Promise<RawResponse> {
    const wire = this.wireOf(request);
    for (let retry = 0; ;) {
      await this.options.limiter.acquire(request.signal);
      state.attempts++;
      const outcome = await this.sendOnce(request, wire, state);
      if (!('failure' in outcome)) return outcome;
      state.failures.push(describeFailure(outcome));
      if (retry >= this.policy.maxRetries || !this.shouldRetry(outcome, request.safety)) {
        throw new CallFailed(outcome);
      }
      retry++;
      const wait = this.retryDelay(retry, outcome.failure);
      if (outcome.failure.kind === 'rate_limited') {
        state.rateLimited++;
        if (outcome.failure.partnerThrottle) state.partnerThrottled = true;
      }
      await delay(wait, request.signal);
    }
  }

  /** What every attempt of a call sends alike; the credential is added per attempt. */
  private wireOf(request: HttpRequest): WireRequest {
    const headers: Record<string, string> = { 'User-Agent': this.userAgent, ...request.headers };
    let body: string | FormData | undefined;
    if (request.form) {
      body = request.form;
    } else if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['Content-Type'] = 'application/json';
      headers.Accept = 'application/json';
    }
    return {
      method: request.method ?? 'POST',
      url: this.urlOf(request),
      headers,
      body,
      timeoutMs: request.timeoutMs ?? this.options.timeoutMs ?? 30_000,
      ...(request.signal ? { signal: request.signal } : {}),
      maxContentLength: MAX_CONTENT_LENGTH,
    };
  }

  /** One attempt: the answer when the ATS accepted the call, else why this attempt failed. */
  private async sendOnce(
    request: HttpRequest,
    wire: WireRequest,
    state: CallState,
  ): Promise<RawResponse | FailedAttempt> {
    // Asked per attempt: a token renewed meanwhile is the one sent.
    state.lastAuth = request.authenticate === false ? {} : await this.options.authHeaders();
    const headers = { ...wire.headers, ...state.lastAuth };
    let response: WireResponse;
    try {
      const sent = performance.now();
      response = await send(this.options.fetch, { ...wire, headers });
      state.lastLatencyMs = Math.round(performance.now() - sent);
    } catch (caught) {
      if (!(caught instanceof TransportError)) throw caught;
      const failure = this.transportFailure(caught);
      if (failure.kind === 'cancelled') throw caught;
      return { failure, response: null, transport: caught };
    }
    const { value, json } = parseJsonBytes(response.bytes);
    const raw: RawResponse = {
      status: response.status,
      headers: response.headers,
      body: value,
      json,
    };
    state.lastStatus = raw.status;
    state.lastRequestId = this.requestIdOf(raw);
    const generic = genericFailure(raw);
    const failure = this.options.classify ? this.options.classify(raw, generic) : generic;
    return failure === null ? raw : { failure, response: raw, transport: null };
  }

  private transportFailure(error: TransportError): HttpFailure {
    if (error.code === 'ERR_CANCELED') return { kind: 'cancelled' };
    // Anything else left the console without a complete answer: refused, dropped, cut off, too big.
    const problem = describeNetworkProblem(
      error.code,
      { provider: this.options.provider, host: this.host },
      error.proxyStatus,
    );
    return {
      kind: problem.kind,
      message: problem.message,
      action: problem.action,
      brief: problem.brief,
    };
  }

  private urlOf(request: HttpRequest): URL {
    const target = request.url ?? request.path;
    const url = new URL(/^https?:\/\//i.test(target) ? target : `${this.base}${target}`);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.append(key, String(value));
    }
    return url;
  }

  private requestIdOf(raw: RawResponse): string | null {
    if (this.options.requestIdFrom) return this.options.requestIdFrom(raw);
    const header = raw.headers['x-request-id'] ?? raw.headers['request-id'];
    return typeof header === 'string' ? header : null;
  }

  private shouldRetry(attempt: FailedAttempt, safety: RequestSafety): boolean {
    const { failure } = attempt;
    if (
      failure.kind === 'rate_limited' &&
      (failure.retryAfterMs ?? 0) > this.policy.maxRetryAfterMs
    ) {
      return false;
    }
    if (attempt.transport && isLastingNetworkFailure(attempt.transport.code)) return false;
    if (safety === 'write') {
      // Only when the ATS provably did not run the write: it refused to (429) or never got it.
      return failure.kind === 'rate_limited' || attempt.transport?.code === 'ECONNREFUSED';
    }
    return (
      failure.kind === 'network' ||
      failure.kind === 'timeout' ||
      failure.kind === 'rate_limited' ||
      failure.kind === 'unavailable' ||
      failure.kind === 'bad_response'
    );
  }

  private retryDelay(retry: number, failure: HttpFailure): number {
    let wait = backoffDelay(retry, this.policy, failure.retryAfterMs ?? null, this.random);
    if (failure.kind === 'rate_limited') {
      // A partner-wide throttle without a stated delay: wait long enough to matter.
      if (
        failure.partnerThrottle &&
        (failure.retryAfterMs === null || failure.retryAfterMs === undefined)
      )
        wait = Math.max(wait, 10_000);
      this.options.limiter.pauseFor(wait);
    }
    return wait;
  }

  private toAtsError(caught: unknown, request: HttpRequest, state: CallState): AtsApiError {
    const endpoint = `${request.method ?? 'POST'} ${request.path}`;
    const provider = this.options.provider;
    if (caught instanceof AtsApiError) return caught;
    const cancelled =
      request.signal?.aborted ||
      (caught instanceof TransportError && caught.code === 'ERR_CANCELED') ||
      (caught instanceof Error && caught.name === 'AbortError');
    if (cancelled) {
      return new AtsApiError({
        kind: 'cancelled',
        provider,
        message: `The request to ${provider} was cancelled.`,
        endpoint,
        attempts: state.attempts,
      });
    }
    if (!(caught instanceof CallFailed)) throw caught;
    const { failure, response } = caught.attempt;
    return new AtsApiError({
      kind: failure.kind,
      provider,
      message: failure.message ?? this.genericMessage(failure, response),
      ...(failure.action ? { action: failure.action } : {}),
      providerCode: failure.providerCode ?? null,
      status: response?.status ?? null,
      requestId: response ? this.requestIdOf(response) : state.lastRequestId,
      endpoint,
      attempts: state.attempts,
      retryAfterMs: failure.retryAfterMs ?? null,
    });
  }

  private genericMessage(failure: HttpFailure, response: RawResponse | null): string {
    const ats = this.options.provider;
    const status = response ? ` (HTTP ${response.status})` : '';
    switch (failure.kind) {
      case 'auth':
        return `${ats} refused the credential${status}.`;
      case 'permission':
        return `${ats} says the credential lacks a permission for this${status}.`;
      case 'not_found':
        return `${ats} did not find what the console asked for${status}.`;
      case 'rejected':
        return `${ats} refused the request${status}.`;
      case 'rate_limited':
        return `${ats} kept rate limiting the console${status}.`;
      case 'unavailable':
        return `${ats} is not answering normally${status}.`;
      case 'timeout':
        return `${ats} (${this.host}) did not answer in time.`;
      case 'network':
        return `Could not reach ${ats} at ${this.host}.`;
      case 'bad_response':
        return `${ats} sent an answer the console could not read${status}.`;
      case 'cancelled':
        return `The request to ${ats} was cancelled.`;
    }
  }

  private report(
    request: HttpRequest,
    state: CallState,
    started: number,
    status: number | null,
    requestId: string | null,
    errorKind: string | null,
  ): void {
    this.options.onApiCall?.({
      method: request.method ?? 'POST',
      path: request.path,
      status: status ?? state.lastStatus,
      requestId: requestId ?? state.lastRequestId,
      attempts: state.attempts,
      durationMs: Math.round(performance.now() - started),
      latencyMs: state.lastLatencyMs,
      errorKind,
      rateLimited: state.rateLimited + (errorKind === 'rate_limited' ? 1 : 0),
      partnerThrottled: state.partnerThrottled,
      failures: [...state.failures],
    });
  }
}

/** The reading of a response that any ATS shares: HTTP status, and whether JSON came back. */
export function genericFailure(raw: RawResponse): HttpFailure | null {
  const { status } = raw;
  if (status === 401) return { kind: 'auth' };
  if (status === 403) return { kind: 'permission' };
  if (status === 404) return { kind: 'not_found' };
  if (status === 408) return { kind: 'timeout' };
  if (status === 429)
    return { kind: 'rate_limited', retryAfterMs: parseRetryAfter(raw.headers['retry-after']) };
  if (status >= 500)
    return { kind: 'unavailable', retryAfterMs: parseRetryAfter(raw.headers['retry-after']) };
  if (status >= 300 && status < 400) return { kind: 'bad_response' };
  if (status >= 400) return { kind: 'rejected' };
  // Every ATS API answers JSON; an empty or cut-off body on a 2xx is a broken answer.
  if (status !== 204 && !raw.json) return { kind: 'bad_response' };
  return null;
}

/** One failed attempt in a few words, for the sync log: what the ATS or the network did. */
function describeFailure({ failure, response }: FailedAttempt): string {
  const status = response?.status;
  switch (failure.kind) {
    case 'timeout':
      return 'timed out';
    case 'network':
      return failure.brief ?? 'network error';
    case 'bad_response':
      return status && status !== 200 ? `HTTP ${status}, unreadable answer` : 'unreadable answer';
    default:
      if (status === 200 && failure.providerCode) return `error ${failure.providerCode}`;
      return [
        status ? `HTTP ${status}` : failure.kind,
        failure.providerCode ? failure.providerCode : null,
        failure.kind === 'rate_limited'
          ? failure.retryAfterMs !== null && failure.retryAfterMs !== undefined
            ? `Retry-After ${Math.round(failure.retryAfterMs / 1000)} s`
            : 'no Retry-After'
          : null,
      ]
        .filter(Boolean)
        .join(', ');
  }
}
