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
import { permissionForEndpoint } from './permissions';

/**
 * Ashby's transport: `POST /<category>.<method>` with a JSON body, HTTP Basic with the key as
 * username and an empty password, and the envelope `{success, results, …}`. Errors come as HTTP
 * 200 `success:false` with `errorInfo.code` (falling back to `errors[0]`, which may be a string or
 * an object), or as 401/403 with a body that may not be JSON (see docs/ashby.md).
 */

export const ASHBY_DEFAULT_BASE_URL = 'https://api.ashbyhq.com';
export const ASHBY_NAME = 'Ashby';

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

  constructor(ctx: ProviderContext) {
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
      // The storage answers in its own words; a refusal there is never about the Ashby key.
      classify: (_raw, generic) =>
        generic && (generic.kind === 'auth' || generic.kind === 'permission')
          ? {
              kind: 'rejected',
              message:
                'Ashby’s file storage refused the upload (the upload link may have expired).',
            }
          : generic,
      onApiCall: ctx.onApiCall,
    });
  }

  /**
   * Sends a file to a presigned upload URL: every field first, the file last in a part named
   * `file`, without the Ashby key; the URL expires after 10 minutes (see docs/ashby.md).
   */
  async upload(
    url: string,
    fields: Record<string, string>,
    file: { name: string; contentType: string; bytes: Buffer },
    signal?: AbortSignal,
  ): Promise<void> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
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
  const permission = permissionForEndpoint(endpoint);
  const label = permission?.label ?? 'the permission this needs';
  return {
    message: `The Ashby API key lacks “${label}”, which ${endpoint.replace(/^\//, '')} needs.`,
    action: `In Ashby, open Admin → Integrations → API Keys, edit the key used by Kula, enable ${label}, then check the connection again.`,
  };
}
