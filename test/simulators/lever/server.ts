import type http from 'node:http';
import { FaultInjector, isAfterHandling, type FaultConfig } from '../common/faults';
import {
  basicAuthUser,
  bearerToken,
  BodyTooLargeError,
  sendJson,
  startServer,
  type ServerTls,
} from '../common/http';
import type { InFlightMeter } from '../common/in-flight';
import { ResponseDelay } from '../common/latency';
import { ServerTokenBucket } from '../common/rate-limit';
import { RequestLog } from '../common/request-log';
import type { LeverTenant } from './model';
import { LeverApiError, LeverMutations } from './mutations';
import { LeverOAuthServer, type OAuthClientRegistration } from './oauth-server';
import { BadLimitError, InvalidOffsetError, Paginator } from './pagination';
import { PreparedPages } from './prepared-pages';
import { DEFAULT_LEVER_QUIRKS, type LeverQuirks } from './quirks';
import {
  leverRoutes,
  matchRoute,
  Query,
  type Caller,
  type Reply,
  type Route,
  type RouteContext,
} from './routes';
import { scopeAllows } from './scopes';
import { LeverSerializer } from './serialize';
import { buildLeverTenant, type LeverTenantOptions } from './tenant';

export interface LeverApiKeyConfig {
  key: string;
  /** Endpoint permissions, named like OAuth scopes; omitted = every endpoint. */
  scopes?: string[];
  /** Lever grants confidential access to a key only when the key is created. */
  confidential?: boolean;
}

export interface LeverRateLimitConfig {
  enabled: boolean;
  /** Steady requests per second per key or authorization (Lever: 10). */
  perSecond: number;
  /** Bucket size (Lever: bursts of 20). */
  burst: number;
  /**
   * `POST /opportunities` per second per key, on top of the general limit; null (the default):
   * none. Lever documents no per-endpoint limit for its v1 API; its 2 per second is the Postings
   * API's limit on application POSTs, which some integrators read as applying here too. Set 2 to
   * run the console under that stricter reading (see docs/lever.md).
   */
  applicationPostsPerSecond: number | null;
  /** Send `Retry-After` on 429 (Lever does not document one). */
  retryAfter: boolean;
}

export interface LeverSimulatorOptions {
  tenant?: LeverTenant | LeverTenantOptions;
  apiKeys?: LeverApiKeyConfig[];
  oauthClients?: OAuthClientRegistration[];
  rateLimit?: Partial<LeverRateLimitConfig>;
  faults?: FaultConfig;
  now?: () => number;
  port?: number;
  accessTokenTtlSeconds?: number;
  omitRefreshTokenOnRefresh?: boolean;
  /** Render the next page of a list in the background after serving one (see `PreparedPages`). */
  prepareNextPages?: boolean;
  /** Serve HTTPS with this certificate (a private CA's, for tests of trust and proxies). */
  tls?: ServerTls;
  /** The readings of Lever's open behaviours to take (the documented or likeliest by default). */
  quirks?: Partial<LeverQuirks>;
  /**
   * The order opportunities are listed in. Lever's answers come newest first (its offset tokens
   * carry a creation time), but it does not document an order: `unordered` is the stricter
   * reading, a stable order that says nothing of creation times.
   */
  opportunityOrder?: 'newest-first' | 'unordered';
  /** Added to every Data API answer the rate limit admits (Lever's own pages take 0.2–0.5 s). */
  latencyMs?: number;
  /** Each answer's latency varies within ±this fraction of `latencyMs` (default 0: exact). */
  latencyJitter?: number;
}

export const LEVER_FULL_ACCESS_KEY = 'lever-sim-full-access-key-3f9a1c';
export const LEVER_DEMO_CLIENT: OAuthClientRegistration = {
  clientId: 'kula-console-sandbox',
  clientSecret: 'lever-sim-client-secret-5d2e8b7a',
  name: 'Kula ATS Console',
  redirectUris: ['http://127.0.0.1:47825/callback'],
};

export const DEFAULT_RATE_LIMIT: LeverRateLimitConfig = {
  enabled: true,
  perSecond: 10,
  burst: 20,
  applicationPostsPerSecond: null,
  retryAfter: false,
};

export interface LeverSimulator {
  /** Origin serving both the OAuth host (`/authorize`, `/oauth/token`) and the Data API (`/v1`). */
  url: string;
  /** What the console uses as the API base: `<url>/v1`. */
  apiUrl: string;
  /** What the console uses as the OAuth host. */
  authUrl: string;
  /** The `audience` the authorize request must carry: `<url>/v1/`. */
  audience: string;
  tenant: LeverTenant;
  requests: RequestLog;
  mutations: LeverMutations;
  oauth: LeverOAuthServer;
  faults: FaultInjector;
  rateLimit: LeverRateLimitConfig;
  /** Next pages rendered ahead (`prepareNextPages`), else null. */
  prepared: PreparedPages | null;
  /** 429s the rate limiter sent (fault-injected ones are in `faults.injected`). */
  throttled: number;
  /** The readings of Lever's open behaviours in force (changeable between requests). */
  quirks: LeverQuirks;
  setRateLimit(config: Partial<LeverRateLimitConfig>): void;
  /** The latency of every Data API answer from now on, within ±`jitter` (a fraction) of `ms`. */
  setLatency(ms: number, jitter?: number): void;
  /** Requests open at once, from arrival to answer (how many a client keeps in flight). */
  inFlight: InFlightMeter;
  /** Makes every outstanding `next` token invalid (the client must restart paging). */
  invalidateOffsets(): void;
  addApiKey(config: LeverApiKeyConfig): void;
  close(): Promise<void>;
}

/** Starts the Lever simulator on 127.0.0.1 (port 0 unless given). */
export async function startLeverSimulator(
  options: LeverSimulatorOptions = {},
): Promise<LeverSimulator> {
  const tenant: LeverTenant =
    options.tenant && 'opportunityById' in options.tenant
      ? options.tenant
      : buildLeverTenant(options.tenant as LeverTenantOptions | undefined);
  const now = options.now ?? Date.now;
  const requests = new RequestLog();
  const faults = new FaultInjector(options.faults ?? { rate: 0 });
  const paginator = new Paginator();
  const mutations = new LeverMutations(tenant, now);
  const apiKeys = new Map<string, LeverApiKeyConfig>();
  for (const key of options.apiKeys ?? [{ key: LEVER_FULL_ACCESS_KEY, confidential: true }]) {
    apiKeys.set(key.key, key);
  }
  const buckets = new Map<string, ServerTokenBucket>();
  const latency = new ResponseDelay({
    ms: options.latencyMs ?? 0,
    jitter: options.latencyJitter ?? 0,
  });
  const applicationBuckets = new Map<string, ServerTokenBucket>();

  // The routes and the OAuth server need the origin, known once the port is bound.
  const bound = {} as { origin: string; oauth: LeverOAuthServer; routes: Route[] };

  const simulator = {} as LeverSimulator;

  const authenticate = (req: http.IncomingMessage): Caller | LeverApiError => {
    const token = bearerToken(req);
    if (token) {
      const check = bound.oauth.checkBearer(token);
      if (!check.ok) return new LeverApiError(401, 'UnauthorizedError', check.message);
      return {
        identity: `oauth:${check.grantId.slice(0, 8)}`,
        allows: (scope) => scopeAllows(check.scopes, scope),
        confidential: check.scopes.has('confidential:access:admin'),
      };
    }
    const key = basicAuthUser(req);
    if (!key) {
      return new LeverApiError(
        401,
        'UnauthorizedError',
        'Missing credentials: send an API key (Basic auth) or an OAuth access token (Bearer)',
      );
    }
    const config = apiKeys.get(key);
    if (!config) return new LeverApiError(401, 'UnauthorizedError', 'Invalid API key');
    const scopes = config.scopes ? new Set(config.scopes) : null;
    return {
      identity: `key:${key.slice(0, 6)}`,
      allows: (scope) => scopes === null || scopeAllows(scopes, scope),
      confidential: config.confidential === true,
    };
  };

  const throttle = (identity: string, applicationPost: boolean): boolean => {
    const config = simulator.rateLimit;
    if (!config.enabled) return false;
    let bucket = buckets.get(identity);
    if (!bucket)
      buckets.set(identity, (bucket = new ServerTokenBucket(config.perSecond, config.burst)));
    if (!bucket.take().allowed) return true;
    if (applicationPost && config.applicationPostsPerSecond) {
      let posts = applicationBuckets.get(identity);
      if (!posts) {
        const rate = config.applicationPostsPerSecond;
        applicationBuckets.set(identity, (posts = new ServerTokenBucket(rate, rate)));
      }
      if (!posts.take().allowed) return true;
    }
    return false;
  };

  const handleApi = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ): Promise<void> => {
    const path = url.pathname.slice('/v1'.length) || '/';
    const query = new Query(url.searchParams);
    let status = 0;
    let identity: string | null = null;
    let fault: string | null = null;
    const ctx: Partial<RouteContext> = { req, query, path, quirks: simulator.quirks };
    let lostResponse = false;
    const reply = (answer: Reply) => {
      if (lostResponse) {
        // The work is done; the answer never arrives.
        status = 0;
        res.socket?.destroy();
        return;
      }
      status = answer.status;
      if ('raw' in answer) {
        res.writeHead(200, {
          ...LEVER_HEADERS,
          'content-type': answer.contentType,
          'content-length': answer.raw.length,
        });
        res.end(answer.raw);
      } else if (!('body' in answer)) {
        res.writeHead(204, LEVER_HEADERS);
        res.end();
      } else {
        sendJson(res, answer.status, answer.body, LEVER_HEADERS);
      }
    };
    const replyError = (error: LeverApiError, headers: Record<string, string> = {}) => {
      status = error.status;
      sendJson(
        res,
        error.status,
        { code: error.code, message: error.message },
        { ...LEVER_HEADERS, ...headers },
      );
    };
    try {
      const injected = faults.next(url.pathname, req.method);
      if (injected === 'revoked') {
        // A Super Admin revokes the app: this token and its refresh token stop working.
        fault = injected;
        for (const client of options.oauthClients ?? [LEVER_DEMO_CLIENT])
          bound.oauth.revokeClient(client.clientId);
        return replyError(new LeverApiError(401, 'UnauthorizedError', 'Access has been revoked'));
      }
      if (isAfterHandling(injected)) {
        fault = injected;
        lostResponse = true;
      } else if (injected) {
        fault = injected;
        status = injected.startsWith('429') ? 429 : Number(injected) || 0;
        faults.respond(injected, res, (code) => errorBodyFor(code));
        return;
      }
      const caller = authenticate(req);
      if (caller instanceof LeverApiError) return replyError(caller);
      identity = caller.identity;
      ctx.caller = caller;
      const found = matchRoute(bound.routes, req.method ?? 'GET', path);
      if (!found)
        return replyError(
          new LeverApiError(404, 'ResourceNotFound', `No route for ${req.method} ${url.pathname}`),
        );
      if ('allowed' in found) {
        return replyError(
          new LeverApiError(
            405,
            'MethodNotAllowed',
            `${req.method} is not allowed on ${url.pathname}`,
          ),
        );
      }
      if (throttle(caller.identity, found.route.applicationPost === true)) {
        simulator.throttled += 1;
        return replyError(
          new LeverApiError(
            429,
            'TooManyRequests',
            'Rate limit exceeded; retry with exponential backoff',
          ),
          simulator.rateLimit.retryAfter ? { 'retry-after': '1' } : {},
        );
      }
      if (!caller.allows(found.route.scope)) {
        return replyError(
          new LeverApiError(
            403,
            'ForbiddenError',
            `This API key or token is not authorized for ${req.method} ${url.pathname} (needs ${found.route.scope})`,
          ),
        );
      }
      ctx.params = found.params;
      // A timer, not a lock: other requests are served while this one waits.
      await latency.wait();
      reply(await found.route.handle(ctx as RouteContext));
    } catch (error) {
      if (error instanceof LeverApiError) return replyError(error);
      if (error instanceof InvalidOffsetError) {
        const status = simulator.quirks.invalidOffsetStatus;
        return replyError(
          new LeverApiError(
            status,
            status >= 500 ? 'InternalServerError' : 'BadRequestError',
            error.message,
          ),
        );
      }
      if (error instanceof BadLimitError) {
        return replyError(new LeverApiError(400, 'BadRequestError', error.message));
      }
      if (error instanceof BodyTooLargeError) {
        return replyError(
          new LeverApiError(413, 'RequestEntityTooLarge', 'The request body is too large'),
        );
      }
      throw error;
    } finally {
      requests.add({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: query.toRecord(),
        body: ctx.loggedBody ?? null,
        identity,
        status,
        fault,
      });
    }
  };

  const server = await startServer(
    async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/v1' || url.pathname.startsWith('/v1/'))
        return handleApi(req, res, url);
      const auth = bound.oauth;
      if (req.method === 'GET' && url.pathname === '/authorize')
        return auth.handleAuthorize(res, url);
      if (req.method === 'POST' && url.pathname === '/authorize/decision')
        return auth.handleDecision(req, res);
      if (req.method === 'POST' && url.pathname === '/oauth/token')
        return auth.handleToken(req, res);
      sendJson(res, 404, {
        code: 'ResourceNotFound',
        message: `No route for ${req.method} ${url.pathname}`,
      });
    },
    options.port ?? 0,
    options.tls,
  );

  const origin = server.url;
  const apiUrl = `${origin}/v1`;
  const oauth = new LeverOAuthServer(tenant, {
    now,
    audience: `${apiUrl}/`,
    issuer: `${origin}/`,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds,
    omitRefreshTokenOnRefresh: options.omitRefreshTokenOnRefresh,
  });
  for (const client of options.oauthClients ?? [LEVER_DEMO_CLIENT]) oauth.registerClient(client);
  const prepared = options.prepareNextPages ? new PreparedPages(mutations, paginator) : null;
  const routes = leverRoutes(
    tenant,
    mutations,
    new LeverSerializer(tenant, apiUrl),
    paginator,
    prepared,
    options.opportunityOrder ?? 'newest-first',
  );
  Object.assign(bound, { origin, oauth, routes });

  Object.assign(simulator, {
    url: origin,
    apiUrl,
    authUrl: origin,
    audience: `${apiUrl}/`,
    tenant,
    requests,
    mutations,
    oauth,
    faults,
    prepared,
    rateLimit: { ...DEFAULT_RATE_LIMIT, ...options.rateLimit },
    throttled: 0,
    quirks: { ...DEFAULT_LEVER_QUIRKS, ...options.quirks },
    setRateLimit(config: Partial<LeverRateLimitConfig>) {
      simulator.rateLimit = { ...simulator.rateLimit, ...config };
      buckets.clear();
      applicationBuckets.clear();
    },
    setLatency: (ms: number, jitter = 0) => latency.set({ ms, jitter }),
    inFlight: server.inFlight,
    invalidateOffsets: () => paginator.invalidate(),
    addApiKey: (config: LeverApiKeyConfig) => apiKeys.set(config.key, config),
    close: () => server.close(),
  } satisfies LeverSimulator);
  return simulator;
}

const LEVER_HEADERS = {
  server: 'lever-data-api',
  'x-lever-region': 'global',
  'x-stream-path': 'dapi',
};

function errorBodyFor(status: number): { code: string; message: string } {
  if (status === 429) return { code: 'TooManyRequests', message: 'Rate limit exceeded' };
  if (status === 503)
    return { code: 'ServiceUnavailable', message: 'Lever is down for maintenance' };
  return { code: 'InternalServerError', message: 'Something went wrong on our end' };
}
