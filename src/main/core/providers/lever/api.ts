import { AtsApiError, HttpClient, type HttpFailure, type RawResponse } from '../../http';
import { OAuthSession } from '../../oauth/oauth-session';
import type { ProviderContext } from '../provider';
import { leverOAuthEndpoints } from './hosts';
import { LeverErrorBody, ListEnvelope } from './payloads';

/** Query pairs: Lever repeats a key for several values (`distributionChannel=a&distributionChannel=b`). */
export type LeverQuery = ReadonlyArray<readonly [string, string]>;

export interface LeverListPage {
  envelope: ListEnvelope;
  /** The server's clock when it answered (the `Date` header), epoch ms; null when absent. */
  serverTime: number | null;
}

/**
 * What the Lever provider needs from HTTP: authenticated, rate-limited, retried GETs that return
 * Lever's envelopes or throw `AtsApiError`. `createLeverApi` below implements it on the shared
 * HTTP layer; tests give the provider their own.
 */
export interface LeverApi {
  list(path: string, query: LeverQuery, signal?: AbortSignal): Promise<LeverListPage>;
  get(path: string, query: LeverQuery, signal?: AbortSignal): Promise<unknown>;
  /**
   * A write (POST/PUT) with a JSON or multipart body. Never blind-retried once Lever may have run
   * it (the HTTP layer's write safety); returns the parsed answer.
   */
  send(
    method: 'POST' | 'PUT' | 'DELETE',
    path: string,
    query: LeverQuery,
    body: { json: unknown } | { form: FormData },
    signal?: AbortSignal,
  ): Promise<unknown>;
  close(): void;
}

/**
 * The code the console gives Lever's refusal of a stale or foreign `offset`, recognised by its
 * message ("Invalid offset token: …") whatever the HTTP status (see docs/lever.md).
 */
export const INVALID_OFFSET = 'invalid_offset_token';

export const LEVER_NAME = 'Lever';

/**
 * Lever's transport on the shared HTTP layer: GET with query pairs (a repeated key for several
 * values), `Authorization: Basic base64(key:)` for an API key or `Bearer` for an OAuth access
 * token (renewed by `OAuthSession`, and once more after a 401), and errors read from the HTTP
 * status plus Lever's `{code, message}` body (see docs/lever.md).
 */
export function createLeverApi(ctx: ProviderContext): LeverApi {
  // Built on first use: a connection's credential is read only when a request needs it.
  let session: OAuthSession | null = null;
  const oauth = (): OAuthSession => (session ??= oauthSession(ctx));
  const http = new HttpClient({
    baseUrl: ctx.baseUrl,
    fetch: ctx.fetch,
    provider: LEVER_NAME,
    authHeaders: async () => {
      const secret = ctx.credentials.load();
      if (secret.kind === 'api_key') {
        return { Authorization: `Basic ${Buffer.from(`${secret.apiKey}:`).toString('base64')}` };
      }
      return { Authorization: `Bearer ${await oauth().accessToken()}` };
    },
    // A 401 on a Bearer token that had not reached its expiry: renew once and send again. The
    // token is the one the refused call sent: with lists read at once, another call may have
    // renewed it already, and then the newer one is used without a second refresh.
    renewCredential: async (refused) => {
      const bearer = /^Bearer (.+)$/.exec(refused.Authorization ?? '')?.[1];
      if (ctx.credentials.load().kind !== 'oauth' || bearer === undefined) return false;
      await oauth().renewAfterRejection(bearer);
      return true;
    },
    limiter: ctx.limiter,
    ...(ctx.http?.retry ? { retry: ctx.http.retry } : {}),
    ...(ctx.http?.timeoutMs ? { timeoutMs: ctx.http.timeoutMs } : {}),
    classify: classifyLeverResponse,
    requestIdFrom: () => null,
    onApiCall: ctx.onApiCall,
  });

  const withQuery = (path: string, query: LeverQuery) => {
    const search = new URLSearchParams(
      query.map(([key, value]): [string, string] => [key, value]),
    ).toString();
    return search ? `${path}?${search}` : path;
  };
  const get = async (path: string, query: LeverQuery, signal?: AbortSignal) =>
    http.request<unknown>({
      method: 'GET',
      path,
      url: withQuery(path, query),
      safety: 'read',
      ...(signal ? { signal } : {}),
    });

  return {
    async list(path, query, signal): Promise<LeverListPage> {
      const response = await get(path, query, signal);
      const envelope = ListEnvelope.safeParse(response.body);
      if (!envelope.success) {
        throw new AtsApiError({
          kind: 'bad_response',
          provider: LEVER_NAME,
          message: `Lever answered GET ${path} with something that is not a list.`,
          endpoint: `GET ${path}`,
          status: response.status,
          attempts: response.attempts,
        });
      }
      const date = response.headers.date;
      const serverTime = typeof date === 'string' ? Date.parse(date) : NaN;
      return { envelope: envelope.data, serverTime: Number.isNaN(serverTime) ? null : serverTime };
    },
    async get(path, query, signal) {
      return (await get(path, query, signal)).body;
    },
    async send(method, path, query, body, signal) {
      const response = await http.request<unknown>({
        method,
        // Ids in the path would make every call its own line in the log: name the route instead.
        path: path.replace(/\/[0-9a-f-]{8,}(?=\/|$)/gi, '/:id'),
        url: withQuery(path, query),
        ...('json' in body ? { body: body.json } : { form: body.form }),
        safety: 'write',
        ...(signal ? { signal } : {}),
      });
      return response.body;
    },
    close: () => http.close(),
  };
}

function oauthSession(ctx: ProviderContext): OAuthSession {
  const authBase = typeof ctx.config.authBaseUrl === 'string' ? ctx.config.authBaseUrl : undefined;
  const lock = ctx.credentials.lock?.bind(ctx.credentials);
  return new OAuthSession({
    credentials: ctx.credentials,
    fetch: ctx.fetch,
    tokenUrl: leverOAuthEndpoints(ctx.baseUrl, authBase).tokenUrl,
    providerLabel: LEVER_NAME,
    clock: ctx.clock,
    ...(lock ? { lease: { acquire: lock } } : {}),
    onRefresh: (outcome, detail) =>
      ctx.log.info(`lever oauth ${outcome}`, { connectionId: ctx.connectionId, detail }),
  });
}

/** Lever's errors: the HTTP status says the kind, `{code, message}` the detail. */
export function classifyLeverResponse(
  raw: RawResponse,
  generic: HttpFailure | null,
): HttpFailure | null {
  if (generic === null) return null;
  const body = LeverErrorBody.safeParse(raw.body);
  const code = body.success ? body.data.code : null;
  const detail = body.success ? body.data.message : null;
  if (detail && /invalid offset token/i.test(detail)) {
    return {
      kind: 'rejected',
      providerCode: INVALID_OFFSET,
      message: `Lever refused a saved page position (${detail}).`,
    };
  }
  switch (generic.kind) {
    case 'auth':
      return {
        ...generic,
        providerCode: code,
        message: `Lever refused the console's credential${detail ? ` (${detail})` : ''}.`,
        action:
          'Reconnect Lever from the Connections page: check the API key, or sign in again with OAuth.',
      };
    case 'permission':
      return {
        ...generic,
        providerCode: code,
        message: `Lever says the console's credential may not do this${detail ? `: ${detail}` : ''}.`,
        action:
          'Ask a Lever Super Admin to grant the missing permission (Settings → Integrations and API), then check the connection again.',
      };
    default:
      return { ...generic, providerCode: code, ...(detail ? { message: `Lever: ${detail}` } : {}) };
  }
}
