import {
  AtsApiError,
  HttpClient,
  isAtsApiError,
  parseRetryAfter,
  type HttpFailure,
  type HttpResult,
  type RawResponse,
  type RequestSafety,
  UnlimitedLimiter,
} from '../../http';
import type { ProviderContext } from '../provider';
import { permissionsForEndpoint } from './permissions';
import { learnedValue } from '../learned';

/**
 * Ashby's transport: `POST /<category>.<method>` with a JSON body, HTTP Basic with the key as
 * username and an empty password, and the envelope `{success, results, …}`. Errors come as HTTP
 * 200 `success:false` with `errorInfo.code` (falling back to `errors[0]`, which may be a string or
 * an object), or as 401/403 with a body that may not be JSON (see docs/ashby.md).
 */

export const ASHBY_DEFAULT_BASE_URL = 'https://api.ashbyhq.com';
export const ASHBY_NAME = 'Ashby';

/**
 * The API version the mappers were written for, sent as `Ashby-Version` on every call. Without
 * it a key gets Ashby's newest active version, which may answer in another shape; pinned, a change
 * of the default cannot break reading (see docs/ashby.md).
 */
export const ASHBY_API_VERSION = '2026-01-01';

/** The version Ashby says it answered with, and its status (`active`, `deprecated`, …). */
export interface AnsweredVersion {
  version: string | null;
  status: string | null;
}

export interface AshbyEnvelope<T> {
  results: T;
  moreDataAvailable?: boolean;
  nextCursor?: string;
  syncToken?: string;
  warnings?: string[];
  requestId: string | null;
}

export class AshbyApi {
  private readonly http: HttpClient;
  /** For presigned upload URLs: Ashby's file storage, not its API (no key, its own errors). */
  private readonly storage: HttpClient;
  /** What the connection's settings last recorded of Ashby's answered version (to write changes only). */
  private answered: string;

  constructor(private readonly ctx: ProviderContext) {
    this.answered = JSON.stringify(learnedVersion(ctx.config));
    this.http = new HttpClient({
      baseUrl: ctx.baseUrl,
      fetch: ctx.fetch,
      provider: ASHBY_NAME,
      authHeaders: () => {
        const secret = ctx.credentials.load();
        if (secret.kind !== 'api_key') throw new Error('An Ashby connection holds an API key.');
        return { Authorization: `Basic ${Buffer.from(`${secret.apiKey}:`).toString('base64')}` };
      },
      limiter: ctx.limiter,
      ...(ctx.http?.retry ? { retry: ctx.http.retry } : {}),
      ...(ctx.http?.timeoutMs ? { timeoutMs: ctx.http.timeoutMs } : {}),
      classify: classifyAshbyResponse,
      requestIdFrom: ashbyRequestId,
      onApiCall: ctx.onApiCall,
    });
    this.storage = new HttpClient({
      baseUrl: ctx.baseUrl,
      fetch: ctx.fetch,
      provider: ASHBY_NAME,
      authHeaders: () => ({}),
      limiter: new UnlimitedLimiter(),
      ...(ctx.http?.retry ? { retry: ctx.http.retry } : {}),
      ...(ctx.http?.timeoutMs ? { timeoutMs: ctx.http.timeoutMs } : {}),
      classify: classifyStorageResponse,
      onApiCall: ctx.onApiCall,
    });
  }

  /**
   * Sends a file to a presigned upload URL: every field first, the file last in a part named
   * `file`, without the Ashby key; the URL expires after 10 minutes. The storage takes the file's
   * type from a `Content-Type` field, added when the handle's fields have none (see
   * docs/ashby.md).
   */
  async upload(
    url: string,
    fields: Record<string, string>,
    file: { name: string; contentType: string; bytes: Buffer },
    signal?: AbortSignal,
  ): Promise<void> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    if (!Object.keys(fields).some((name) => name.toLowerCase() === 'content-type')) {
      form.append('Content-Type', file.contentType);
    }
    form.append(
      'file',
      new Blob([new Uint8Array(file.bytes)], { type: file.contentType }),
      file.name,
    );
    await this.storage.request({
      path: '/(file upload)',
      url,
      form,
      safety: 'write',
      authenticate: false,
      ...(signal ? { signal } : {}),
    });
  }

  async call<T>(
    endpoint: string,
    body: Record<string, unknown>,
    options: { safety: RequestSafety; signal?: AbortSignal },
  ): Promise<AshbyEnvelope<T>> {
    let response: HttpResult<Record<string, unknown>>;
    try {
      response = await this.http.request<Record<string, unknown>>({
        path: endpoint,
        body,
        headers: { 'Ashby-Version': ASHBY_API_VERSION },
        safety: options.safety,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      // The envelope does not say which permission is missing; the endpoint does.
      if (isAtsApiError(error) && error.kind === 'permission') {
        throw new AtsApiError({
          kind: 'permission',
          provider: ASHBY_NAME,
          ...describeMissingPermission(endpoint),
          providerCode: error.providerCode,
          status: error.status,
          requestId: error.requestId,
          endpoint: error.endpoint,
          attempts: error.attempts,
        });
      }
      throw error;
    }
    this.noteVersion(response.headers);
    const envelope = response.body;
    return {
      results: envelope.results as T,
      ...(typeof envelope.moreDataAvailable === 'boolean'
        ? { moreDataAvailable: envelope.moreDataAvailable }
        : {}),
      ...(typeof envelope.nextCursor === 'string' ? { nextCursor: envelope.nextCursor } : {}),
      ...(typeof envelope.syncToken === 'string' ? { syncToken: envelope.syncToken } : {}),
      ...(Array.isArray(envelope.warnings) ? { warnings: envelope.warnings.map(String) } : {}),
      requestId: response.requestId,
    };
  }

  close(): void {
    this.http.close();
    this.storage.close();
  }

  /** Keeps the version Ashby answered with, and its status, with the connection (for health). */
  private noteVersion(headers: HttpResult<unknown>['headers']): void {
    const header = (name: string) => {
      const value = headers[name];
      return typeof value === 'string' && value ? value : null;
    };
    const seen: AnsweredVersion = {
      version: header('ashby-version'),
      status: header('ashby-version-status'),
    };
    if (seen.version === null && seen.status === null) return;
    const text = JSON.stringify(seen);
    if (text === this.answered) return;
    this.answered = text;
    this.ctx.learn?.({ apiVersion: seen });
  }
}

/** What the connection's settings recorded of Ashby's answered version, if anything. */
export function learnedVersion(config: Record<string, unknown>): AnsweredVersion | null {
  const value = learnedValue(config, 'apiVersion');
  if (!value || typeof value !== 'object') return null;
  const { version, status } = value as { version?: unknown; status?: unknown };
  return {
    version: typeof version === 'string' ? version : null,
    status: typeof status === 'string' ? status : null,
  };
}

/**
 * Ashby's file storage, as S3 answers a form upload: success is any 2xx (204 with no body by
 * default; 200, or 201 with an XML body, when the form sets `success_action_status`), whatever
 * the body. A refusal there is never about the Ashby key.
 */
export function classifyStorageResponse(
  raw: RawResponse,
  generic: HttpFailure | null,
): HttpFailure | null {
  if (raw.status >= 200 && raw.status < 300) return null;
  if (generic && (generic.kind === 'auth' || generic.kind === 'permission')) {
    return {
      kind: 'rejected',
      message: 'Ashby’s file storage refused the upload (the upload link may have expired).',
    };
  }
  return generic;
}

/** `errorInfo.code`, else `errors[0]` as a string or as `{code}`. */
export function ashbyErrorCode(body: unknown): { code: string | null; message: string | null } {
  if (!body || typeof body !== 'object') return { code: null, message: null };
  const envelope = body as { errorInfo?: unknown; errors?: unknown };
  const info = envelope.errorInfo as { code?: unknown; message?: unknown } | undefined;
  if (info && typeof info.code === 'string') {
    return { code: info.code, message: typeof info.message === 'string' ? info.message : null };
  }
  const first: unknown = Array.isArray(envelope.errors) ? envelope.errors[0] : undefined;
  if (typeof first === 'string') return { code: first, message: null };
  if (first && typeof first === 'object') {
    const item = first as { code?: unknown; message?: unknown };
    return {
      code: typeof item.code === 'string' ? item.code : null,
      message: typeof item.message === 'string' ? item.message : null,
    };
  }
  return { code: null, message: null };
}

export function classifyAshbyResponse(
  raw: RawResponse,
  generic: HttpFailure | null,
): HttpFailure | null {
  const { status } = raw;
  if (status === 200 && raw.json) {
    const body = raw.body as { success?: unknown } | null;
    if (body && body.success === true) return null;
    if (body && body.success === false) return envelopeFailure(raw.body);
    return {
      kind: 'bad_response',
      message: 'Ashby answered without its usual envelope (no "success" field).',
    };
  }
  if (status === 200) {
    return { kind: 'bad_response', message: 'Ashby sent an answer the console could not read.' };
  }
  if (status === 401) {
    return {
      kind: 'auth',
      message: 'Ashby did not accept the request as authenticated: no API key reached it.',
      action:
        'Paste the API key again. If you use a proxy, make sure it forwards the Authorization header.',
    };
  }
  if (status === 403) {
    const { code, message } = ashbyErrorCode(raw.json ? raw.body : null);
    if (code === 'missing_endpoint_permission') {
      return { kind: 'permission', providerCode: code, message: permissionMessage(message) };
    }
    return {
      kind: 'auth',
      providerCode: code,
      message: 'Ashby refused the API key: it is wrong, incomplete or has been deactivated.',
      action:
        'Copy the key again from Ashby (Admin → Integrations → API Keys). If it was deactivated or you no longer have it, create a new key for Kula and reconnect.',
    };
  }
  if (status === 429) {
    const scope = raw.headers['x-ratelimit-scope'];
    const partner = typeof scope === 'string' && scope.toLowerCase() === 'integration-partner';
    return {
      kind: 'rate_limited',
      providerCode: ashbyErrorCode(raw.json ? raw.body : null).code,
      retryAfterMs: parseRetryAfter(raw.headers['retry-after']),
      partnerThrottle: partner,
      message: partner
        ? 'Ashby is limiting the combined traffic of the Kula integration across all companies.'
        : 'Ashby kept rate limiting this API key.',
    };
  }
  return generic;
}

function envelopeFailure(body: unknown): HttpFailure {
  const { code, message } = ashbyErrorCode(body);
  const text = message ?? code ?? 'no reason given';
  if (code === 'missing_endpoint_permission') {
    return { kind: 'permission', providerCode: code, message: permissionMessage(message) };
  }
  if (code === 'rate_limit_exceeded' || code === 'concurrent_limit_exceeded') {
    return { kind: 'rate_limited', providerCode: code, message: `Ashby: ${text}` };
  }
  if (code && /_not_found$/.test(code)) {
    return { kind: 'not_found', providerCode: code, message: `Ashby: ${text}` };
  }
  if (code && !DOCUMENTED_REFUSALS.has(code)) {
    // A code no document lists: it may be a passing fault on Ashby's side, and a refusal for good
    // would leave the admin a write to retry by hand. Reads are retried at once, writes later
    // (checked first, like any write whose outcome is unknown), a bounded number of times.
    return {
      kind: 'unavailable',
      providerCode: code,
      message: `Ashby answered with an error the console does not know (${code}: ${text}).`,
      action:
        'It is tried again a few times. If it persists, export the sync log and send it to your Kula contact.',
    };
  }
  return { kind: 'rejected', providerCode: code, message: `Ashby refused the request: ${text}` };
}

/**
 * Ashby's documented `success:false` codes that mean "not like this": the request is refused for
 * good (or the paging must restart), so it is never retried as it is (see docs/ashby.md).
 */
const DOCUMENTED_REFUSALS = new Set([
  'invalid_input',
  'opening_in_use',
  'communication_template_not_allowed',
  'sync_token_expired',
  'sync_token_invalid',
  'incremental_sync_too_large',
  'next_cursor_expired',
  'invalid_next_cursor',
  'cursor_invalid',
]);

function permissionMessage(detail: string | null): string {
  return `The Ashby API key is missing a permission${detail ? `: ${detail}` : '.'}`;
}

export function ashbyRequestId(raw: RawResponse): string | null {
  const header = raw.headers['x-ashby-request-id'];
  if (typeof header === 'string' && header) return header;
  const info = (raw.body as { errorInfo?: { requestId?: unknown } } | undefined)?.errorInfo;
  return typeof info?.requestId === 'string' ? info.requestId : null;
}

/** Names the permission an endpoint needs, for messages about a `missing_endpoint_permission`. */
export function describeMissingPermission(endpoint: string): { message: string; action: string } {
  const labels = permissionsForEndpoint(endpoint).map((permission) => permission.label);
  if (labels.length === 0) labels.push('the permission this needs');
  return {
    message: `The Ashby API key lacks ${labels.map((label) => `“${label}”`).join(' or ')}, which ${endpoint.replace(/^\//, '')} needs.`,
    action: `In Ashby, open Admin → Integrations → API Keys, edit the key used by Kula, enable ${labels.join(' and ')}, then check the connection again.`,
  };
}
