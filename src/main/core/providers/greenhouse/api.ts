import {
  AtsApiError,
  HttpClient,
  parseRetryAfter,
  UnlimitedLimiter,
  type HttpFailure,
  type RawResponse,
  type RequestSafety,
} from '../../http';
import type { ProviderContext } from '../provider';
import { GREENHOUSE_API_BASE, tokenUrlFor } from './hosts';
import { GreenhouseTokens } from './tokens';

/**
 * Greenhouse Harvest v3 on the wire: a Bearer token minted from the connection's client id and
 * secret (stored together as `<client id>:<client secret>`), acting as the user chosen for the
 * connection (`performAs`; none: the credential's service user); lists are bare JSON arrays paged
 * by a `Link: <…>; rel="next"` URL that must be followed as it is; errors are
 * `{message, errors[]}` with `errors` as strings, `{field: message}` maps or `{message, field}`
 * objects. A 403 is a missing scope or a user who may not do it, never a bad credential (401).
 * See docs/greenhouse.md.
 */

export const GREENHOUSE_NAME = 'Greenhouse';
export const GREENHOUSE_DEFAULT_BASE_URL = GREENHOUSE_API_BASE;

export interface GreenhousePage<T> {
  items: T[];
  /** The next page's URL exactly as Greenhouse sent it; null on the last page. */
  next: string | null;
  /** `X-RateLimit-Limit`, when sent. */
  limit: number | null;
}

export function parseClientCredential(apiKey: string): { clientId: string; clientSecret: string } {
  const colon = apiKey.indexOf(':');
  if (colon <= 0 || colon === apiKey.length - 1) {
    throw new AtsApiError({
      kind: 'auth',
      provider: GREENHOUSE_NAME,
      message:
        'The Greenhouse credential must be the client id and the client secret, separated by a colon.',
      action:
        'In Greenhouse, open Configure → Dev Center → API Credentials, copy the Harvest V3 (OAuth) client id and secret, and enter them as <client id>:<client secret>.',
      endpoint: 'POST /token',
    });
  }
  return { clientId: apiKey.slice(0, colon).trim(), clientSecret: apiKey.slice(colon + 1).trim() };
}

export class GreenhouseApi {
  private readonly http: HttpClient;
  private readonly auth: HttpClient;
  readonly tokens: GreenhouseTokens;
  private readonly origin: string;

  constructor(private readonly ctx: ProviderContext) {
    this.origin = new URL(ctx.baseUrl).origin;
    const credential = () => {
      const secret = ctx.credentials.load();
      if (secret.kind !== 'api_key')
        throw new Error('A Greenhouse connection holds a client id and secret.');
      return parseClientCredential(secret.apiKey);
    };
    const tokenUrl = tokenUrlFor(ctx.baseUrl, ctx.config);
    this.auth = new HttpClient({
      baseUrl: tokenUrl.replace(/\/token$/, ''),
      fetch: ctx.fetch,
      provider: GREENHOUSE_NAME,
      authHeaders: () => {
        const { clientId, clientSecret } = credential();
        return {
          Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
        };
      },
      // The token host has its own window, apart from the Harvest budget.
      limiter: new UnlimitedLimiter(),
      ...(ctx.http?.retry ? { retry: ctx.http.retry } : {}),
      ...(ctx.http?.timeoutMs ? { timeoutMs: ctx.http.timeoutMs } : {}),
      classify: classifyTokenResponse,
      onApiCall: ctx.onApiCall,
    });
    this.tokens = new GreenhouseTokens(this.auth, tokenUrl, () => credential().clientId, ctx.clock);
    this.http = new HttpClient({
      baseUrl: ctx.baseUrl.replace(/\/+$/, ''),
      fetch: ctx.fetch,
      provider: GREENHOUSE_NAME,
      authHeaders: async () => ({
        Authorization: `Bearer ${await this.tokens.get(this.actingUser())}`,
      }),
      limiter: ctx.limiter,
      ...(ctx.http?.retry ? { retry: ctx.http.retry } : {}),
      ...(ctx.http?.timeoutMs ? { timeoutMs: ctx.http.timeoutMs } : {}),
      classify: classifyHarvestResponse,
      onApiCall: ctx.onApiCall,
      // A refused token (expired early, or revoked by a newer one) is minted again, once. The
      // token dropped is the one the refused call sent: with lists read at once, another call
      // may already hold a newer one, which stays.
      renewCredential: (refused) => {
        const token = /^Bearer (.+)$/.exec(refused.Authorization ?? '')?.[1];
        this.tokens.drop(this.actingUser(), token);
        return Promise.resolve(true);
      },
    });
  }

  /** The Greenhouse user reads and writes act as; null: the credential's service user. */
  actingUser(): string | null {
    const chosen = this.ctx.config.performAs;
    return typeof chosen === 'string' && /^\d+$/.test(chosen) ? chosen : null;
  }

  /** One page of a list: from its first URL (`path` + `query`) or from a `Link` next URL. */
  async list<T>(
    path: string,
    from: { query: Record<string, string | number | boolean | undefined> } | { url: string },
    signal?: AbortSignal,
  ): Promise<GreenhousePage<T>> {
    if ('url' in from && new URL(from.url).origin !== this.origin) {
      // The token goes only to the connection's own API host.
      throw new AtsApiError({
        kind: 'bad_response',
        provider: GREENHOUSE_NAME,
        message: `Greenhouse pointed the next page of ${path} at another host; the console did not follow it.`,
        endpoint: `GET ${path}`,
      });
    }
    const response = await this.http.request<unknown>({
      method: 'GET',
      path,
      ...('url' in from ? { url: from.url } : { query: from.query }),
      safety: 'read',
      ...(signal ? { signal } : {}),
    });
    if (!Array.isArray(response.body)) {
      throw new AtsApiError({
        kind: 'bad_response',
        provider: GREENHOUSE_NAME,
        message: `Greenhouse answered ${path} without a list.`,
        endpoint: `GET ${path}`,
      });
    }
    const limit = Number(header(response.headers, 'x-ratelimit-limit'));
    return {
      items: response.body as T[],
      next: nextLink(header(response.headers, 'link')),
      limit: Number.isFinite(limit) && limit > 0 ? limit : null,
    };
  }

  /** Every page of a (small) list. */
  async listAll<T>(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    signal?: AbortSignal,
  ): Promise<T[]> {
    const items: T[] = [];
    let page = await this.list<T>(path, { query: { per_page: 500, ...query } }, signal);
    items.push(...page.items);
    while (page.next) {
      page = await this.list<T>(path, { url: page.next }, signal);
      items.push(...page.items);
    }
    return items;
  }

  async write<T>(
    method: 'POST' | 'PATCH',
    path: string,
    body: unknown,
    options: { signal?: AbortSignal; safety?: RequestSafety } = {},
  ): Promise<{ status: number; body: T }> {
    const response = await this.http.request<T>({
      method,
      path,
      body,
      safety: options.safety ?? 'write',
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { status: response.status, body: response.body };
  }

  close(): void {
    this.http.close();
    this.auth.close();
  }
}

function header(headers: RawResponse['headers'], name: string): string | null {
  const value = headers[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? (value[0] ?? null) : null;
}

/** The `rel="next"` URL of a `Link` header, or null. */
export function nextLink(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
    if (match?.[1]) return match[1];
  }
  return null;
}

/** `message` and every `errors[]` entry (strings, `{field: message}` maps, `{message, field}`). */
export function greenhouseErrorText(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const envelope = body as { message?: unknown; errors?: unknown; error?: unknown };
  const parts: string[] = [];
  if (Array.isArray(envelope.errors)) {
    for (const item of envelope.errors) {
      if (typeof item === 'string') parts.push(item);
      else if (item && typeof item === 'object') {
        const entry = item as Record<string, unknown>;
        if (typeof entry.message === 'string') {
          parts.push(
            typeof entry.field === 'string' ? `${entry.field}: ${entry.message}` : entry.message,
          );
        } else {
          for (const [field, message] of Object.entries(entry))
            parts.push(`${field}: ${String(message)}`);
        }
      }
    }
  }
  if (parts.length) return parts.join('; ');
  if (typeof envelope.message === 'string') return envelope.message;
  return typeof envelope.error === 'string' ? envelope.error : null;
}

const CREDENTIAL_STEPS =
  'In Greenhouse, open Configure → Dev Center → API Credentials, check the Harvest V3 (OAuth) credential used by Kula (create a new one if it was deleted), and reconnect with its client id and secret.';

export function classifyHarvestResponse(
  raw: RawResponse,
  generic: HttpFailure | null,
): HttpFailure | null {
  const text = raw.json ? greenhouseErrorText(raw.body) : null;
  switch (raw.status) {
    case 401:
      return {
        kind: 'auth',
        message:
          'Greenhouse did not accept the access token (it expired, was revoked, or the credential was deleted).',
        action: CREDENTIAL_STEPS,
      };
    case 403:
      return {
        kind: 'permission',
        message: `Greenhouse refused the request${text && text !== 'Forbidden' ? ` (${text})` : ''}: the credential lacks the scope it needs, the user it acts as may not do it (every list needs a Site Admin), or the credential only works from certain IP addresses.`,
        action:
          'In Greenhouse, open Configure → Dev Center → API Credentials → Manage scopes for the Kula credential, and check that the user chosen for the connection is a Site Admin. If every request is refused from this network, remove the credential’s IP restriction or connect from an allowed network.',
      };
    case 422:
      return {
        kind: 'rejected',
        providerCode: 'unprocessable',
        message: `Greenhouse refused the request: ${text ?? 'no reason given'}`,
      };
    case 429: {
      const after = parseRetryAfter(raw.headers['retry-after']);
      const reset = Number(header(raw.headers, 'x-ratelimit-reset'));
      const untilReset = Number.isFinite(reset) ? reset * 1000 - Date.now() : null;
      const wait = Math.max(after ?? 0, untilReset ?? 0);
      return {
        kind: 'rate_limited',
        retryAfterMs: wait > 0 ? wait : after,
        message: 'Greenhouse kept rate limiting this credential.',
      };
    }
    default:
      return generic && text && generic.kind !== 'bad_response'
        ? { ...generic, message: `Greenhouse: ${text}` }
        : generic;
  }
}

/** The token host's answers: `{error: invalid_client}` and `{message}` shapes. */
export function classifyTokenResponse(
  raw: RawResponse,
  generic: HttpFailure | null,
): HttpFailure | null {
  if (raw.status < 400) return generic;
  const body = (raw.json ? raw.body : null) as { error?: unknown; message?: unknown } | null;
  const code = typeof body?.error === 'string' ? body.error : null;
  const message = typeof body?.message === 'string' ? body.message : '';
  if (raw.status === 429) return generic;
  if (raw.status >= 500) return generic;
  if (code === 'invalid_request' || /\bsub\b/.test(message)) {
    return {
      kind: 'rejected',
      providerCode: code ?? 'invalid_request',
      message:
        'Greenhouse would not issue a token acting as the chosen user (the user id is unknown or deactivated).',
      action: 'Choose another Site Admin for the connection.',
    };
  }
  return {
    kind: 'auth',
    providerCode: code ?? (raw.status === 400 ? 'invalid_client_id' : 'unauthorized'),
    // Greenhouse echoes a malformed client id in its message: it is not repeated here.
    message: /client ID suffix/i.test(message)
      ? 'Greenhouse did not recognise the client id (Harvest V3 client ids end in a dash and a number).'
      : 'Greenhouse refused the client id and secret.',
    action: CREDENTIAL_STEPS,
  };
}
