import http from 'node:http';
import https from 'node:https';
import axios, {
  AxiosError,
  type AxiosInstance,
  type AxiosRequestConfig,
  type AxiosResponse,
} from 'axios';
import axiosRetry from 'axios-retry';
import type { ApiCallRecord } from '../providers/provider';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy } from './backoff';
import { AtsApiError, type AtsErrorKind } from './errors';
import { parseJsonBytes } from './json-body';
import { leanAdapter } from './transport';
import type { RequestLimiter } from './rate-limiter';

/**
 * The console's HTTP client for every ATS (provider-neutral; providers configure it):
 *
 * - **auth per request**: `headers()` is asked before every attempt, so a renewed OAuth token is
 *   picked up by the retry that follows the renewal;
 * - **rate limit**: every attempt first passes the connection's `RequestLimiter`; a 429 pauses the
 *   limiter until `Retry-After`, so nothing of this connection is sent before the ATS allows it;
 * - **retries** through axios-retry, configured per request with our own condition and delay:
 *   reads (`safety: 'read'`, which covers Ashby's POST reads) retry on network errors, timeouts,
 *   429, 5xx and unreadable bodies; writes retry only when the request provably did not run (429,
 *   connection refused) and otherwise fail, so the outbox can check before re-sending; delays are
 *   exponential with full jitter and a cap, never shorter than `Retry-After` (backoff.ts);
 * - **timeouts** per attempt;
 * - **typed errors**: the provider's `classify` reads its own envelope (e.g. Ashby's HTTP 200
 *   `success:false`); the result is an `AtsApiError` with kind, ATS code, status and request id;
 * - **reporting**: every call (after its retries) goes to `onApiCall`;
 * - **transport**: JSON requests go out through the console's own axios adapter (`transport.ts`,
 *   cheaper per page than axios's); forms and proxied requests through axios's.
 */

export type RequestSafety = 'read' | 'write';

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under the base URL, e.g. `/candidate.list`. */
  path: string;
  /** An absolute URL instead (e.g. a presigned upload URL); the path still names it in logs. */
  url?: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body (serialized once). */
  body?: unknown;
  /** A multipart body instead of JSON. */
  form?: FormData;
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
   * Called once when a call fails with `auth`: resolve true after renewing the credential (an
   * OAuth refresh) and the call is sent once more.
   */
  renewCredential?: () => Promise<boolean>;
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
}

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Finds the call's state; axios deep-copies its config, so the state itself cannot ride on it. */
    kulaCallId?: number;
  }
}

let nextCallId = 0;

const inspected = new WeakMap<AxiosResponse, { raw: RawResponse; failure: HttpFailure | null }>();

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EPIPE',
  'ERR_NETWORK',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

export class HttpClient {
  private readonly axios: AxiosInstance;
  private readonly policy: RetryPolicy;
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 8 });
  private readonly random: () => number;
  private readonly host: string;
  private readonly calls = new Map<number, CallState>();

  constructor(private readonly options: HttpClientOptions) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.random = options.random ?? Math.random;
    const base = new URL(options.baseUrl);
    this.host = base.host;
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname);
    this.axios = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs ?? 30_000,
      // Bytes: `parseJsonBytes` decodes and parses them in one step, faster than from text.
      responseType: 'arraybuffer',
      transformResponse: [(data: unknown) => data],
      transitional: {
        clarifyTimeoutError: true,
        silentJSONParsing: true,
        forcedJSONParsing: false,
      },
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      adapter: leanAdapter(axios.getAdapter('http')),
      maxContentLength: 64 * 1024 * 1024,
      maxRedirects: 0,
      // Statuses are classified by `inspect` (the ATS decides what a status means).
      validateStatus: () => true,
      // A sandbox on loopback never goes through a corporate proxy.
      ...(loopback ? { proxy: false as const } : {}),
      headers: { 'User-Agent': options.userAgent ?? 'KulaATSConsole' },
    });
    // Every status resolves; this classifier (registered before axios-retry, so it runs first)
    // rejects the failures the provider recognizes, so only those go down axios-retry's error
    // path and a normal page costs no error object.
    this.axios.interceptors.response.use((response) => {
      if (this.inspect(response).failure === null) return response;
      throw new AxiosError(
        `HTTP ${response.status}`,
        AxiosError.ERR_BAD_RESPONSE,
        response.config,
        response.request,
        response,
      );
    });
    axiosRetry(this.axios, { retries: 0 });
    this.axios.interceptors.request.use(async (config) => {
      await this.options.limiter.acquire(config.signal as AbortSignal | undefined);
      const state = this.calls.get(config.kulaCallId ?? -1);
      if (state) state.attempts++;
      return config;
    });
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
    };
    const id = ++nextCallId;
    this.calls.set(id, state);
    try {
      return await this.send<T>(request, state, id, started);
    } finally {
      this.calls.delete(id);
    }
  }

  private async send<T>(
    request: HttpRequest,
    state: CallState,
    id: number,
    started: number,
  ): Promise<HttpResult<T>> {
    let renewed = false;
    for (;;) {
      try {
        const response = await this.axios.request(await this.config(request, id));
        const { raw } = this.inspect(response);
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
        if (axios.isAxiosError(caught) && error.kind !== 'cancelled') {
          state.failures.push(describeFailure(this.failureOf(caught), caught));
        }
        if (error.kind === 'auth' && !renewed && this.options.renewCredential) {
          renewed = true;
          if (await this.options.renewCredential().catch(() => false)) continue;
        }
        this.report(request, state, started, error.status, error.requestId, error.kind);
        throw error;
      }
    }
  }

  /** Releases keep-alive sockets (end of a run, so a CLI process exits at once). */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private async config(request: HttpRequest, id: number): Promise<AxiosRequestConfig> {
    const state = this.calls.get(id)!;
    const headers: Record<string, string> =
      request.authenticate === false ? {} : { ...(await this.options.authHeaders()) };
    let data: unknown;
    if (request.form) {
      data = request.form;
    } else if (request.body !== undefined) {
      data = JSON.stringify(request.body);
      headers['Content-Type'] = 'application/json';
      headers.Accept = 'application/json';
    }
    return {
      method: request.method ?? 'POST',
      url: request.url ?? request.path,
      params: request.query,
      data,
      headers,
      signal: request.signal,
      timeout: request.timeoutMs ?? this.options.timeoutMs ?? 30_000,
      kulaCallId: id,
      'axios-retry': {
        retries: this.policy.maxRetries,
        shouldResetTimeout: true,
        retryCondition: (error) => this.shouldRetry(error, request.safety),
        retryDelay: (retry, error) => this.retryDelay(retry, error),
        onRetry: (_retry, error) => {
          const failure = this.failureOf(error);
          state.failures.push(describeFailure(failure, error));
          if (failure.kind === 'rate_limited') {
            state.rateLimited++;
            if (failure.partnerThrottle) state.partnerThrottled = true;
          }
        },
      },
    };
  }

  /** Parses and classifies a response once; the result is cached on the response. */
  private inspect(response: AxiosResponse): { raw: RawResponse; failure: HttpFailure | null } {
    const cached = inspected.get(response);
    if (cached) return cached;
    const data: unknown = response.data;
    const bytes = Buffer.isBuffer(data)
      ? data
      : typeof data === 'string'
        ? Buffer.from(data)
        : Buffer.alloc(0);
    const { value: body, json } = parseJsonBytes(bytes);
    const raw: RawResponse = {
      status: response.status,
      headers: response.headers as RawResponse['headers'],
      body,
      json,
    };
    const generic = genericFailure(raw);
    const failure = this.options.classify ? this.options.classify(raw, generic) : generic;
    const result = { raw, failure };
    inspected.set(response, result);
    const state = this.calls.get(response.config.kulaCallId ?? -1);
    if (state) {
      state.lastStatus = raw.status;
      state.lastRequestId = this.requestIdOf(raw);
    }
    return result;
  }

  private requestIdOf(raw: RawResponse): string | null {
    if (this.options.requestIdFrom) return this.options.requestIdFrom(raw);
    const header = raw.headers['x-request-id'] ?? raw.headers['request-id'];
    return typeof header === 'string' ? header : null;
  }

  private failureOf(error: AxiosError): HttpFailure {
    if (error.response) {
      const failure = this.inspect(error.response).failure;
      if (failure) return failure;
    }
    return transportFailure(error);
  }

  private shouldRetry(error: AxiosError, safety: RequestSafety): boolean {
    const failure = this.failureOf(error);
    if (
      failure.kind === 'rate_limited' &&
      (failure.retryAfterMs ?? 0) > this.policy.maxRetryAfterMs
    ) {
      return false;
    }
    if (safety === 'write') {
      // Only when the ATS provably did not run the write: it refused to (429) or never got it.
      return failure.kind === 'rate_limited' || error.code === 'ECONNREFUSED';
    }
    return (
      failure.kind === 'network' ||
      failure.kind === 'timeout' ||
      failure.kind === 'rate_limited' ||
      failure.kind === 'unavailable' ||
      failure.kind === 'bad_response'
    );
  }

  private retryDelay(retry: number, error: AxiosError): number {
    const failure = this.failureOf(error);
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
    if (request.signal?.aborted || axios.isCancel(caught)) {
      return new AtsApiError({
        kind: 'cancelled',
        provider,
        message: `The request to ${provider} was cancelled.`,
        endpoint,
        attempts: state.attempts,
      });
    }
    if (!axios.isAxiosError(caught)) {
      if (caught instanceof Error && caught.name === 'AbortError') {
        return new AtsApiError({
          kind: 'cancelled',
          provider,
          message: `The request to ${provider} was cancelled.`,
          endpoint,
          attempts: state.attempts,
        });
      }
      throw caught;
    }
    const failure = this.failureOf(caught);
    const response = caught.response ? this.inspect(caught.response).raw : null;
    return new AtsApiError({
      kind: failure.kind,
      provider,
      message: failure.message ?? this.genericMessage(failure, response, caught),
      ...(failure.action ? { action: failure.action } : {}),
      providerCode: failure.providerCode ?? null,
      status: response?.status ?? null,
      requestId: response ? this.requestIdOf(response) : state.lastRequestId,
      endpoint,
      attempts: state.attempts,
      retryAfterMs: failure.retryAfterMs ?? null,
    });
  }

  private genericMessage(
    failure: HttpFailure,
    response: RawResponse | null,
    error: AxiosError,
  ): string {
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
        return `Could not reach ${ats} at ${this.host}${error.code ? ` (${describeNetworkCode(error.code)})` : ''}.`;
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

function transportFailure(error: AxiosError): HttpFailure {
  const code = error.code ?? '';
  if (code === 'ERR_CANCELED') return { kind: 'cancelled' };
  if (code === 'ETIMEDOUT' || (code === 'ECONNABORTED' && /timeout/i.test(error.message)))
    return { kind: 'timeout' };
  if (NETWORK_CODES.has(code) || code === 'ECONNABORTED' || code === 'ERR_BAD_RESPONSE')
    return { kind: 'network' };
  return { kind: 'network' };
}

/** One failed attempt in a few words, for the sync log: what the ATS or the network did. */
function describeFailure(failure: HttpFailure, error: AxiosError): string {
  const status = error.response?.status;
  switch (failure.kind) {
    case 'timeout':
      return 'timed out';
    case 'network':
      return error.code ? describeNetworkCode(error.code) : 'network error';
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

function describeNetworkCode(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the address could not be resolved; are you offline?';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'the connection was dropped';
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'ENETDOWN':
      return 'no network route; are you offline?';
    default:
      return code.toLowerCase().replace(/^err_/, '').replace(/_/g, ' ');
  }
}
