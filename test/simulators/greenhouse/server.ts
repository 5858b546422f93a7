import type http from 'node:http';
import { FaultInjector, isAfterHandling, type FaultConfig } from '../common/faults';
import { bearerToken, BodyTooLargeError, readBody, sendJson, startServer } from '../common/http';
import type { InFlightMeter } from '../common/in-flight';
import { ResponseDelay } from '../common/latency';
import { RequestLog } from '../common/request-log';
import { GreenhouseTokenServer, type GreenhouseCredentialConfig, type TokenOptions } from './auth';
import { LISTS, listPage, type ListRuntime } from './lists';
import type { GreenhouseTenant } from './model';
import { UnprocessableError } from './query';
import { buildGreenhouseTenant, type GreenhouseTenantOptions } from './tenant';
import { GreenhouseApiError, GreenhouseMutations, type WriteOptions } from './writes';

/**
 * A Greenhouse organisation on loopback, speaking Harvest v3 as docs/greenhouse.md describes it:
 * `POST /token` (client credentials) and `/v3/…` on one origin; Bearer tokens; unknown routes 404
 * before authentication; a fixed 30-second request window with `X-RateLimit-*` headers and 429 +
 * `Retry-After`; scopes per endpoint; lists readable only by a Site Admin; bare-array pages with a
 * `Link` next header and a cursor that must travel alone. Every point the public material leaves
 * open has a switch, and `GREENHOUSE_STRICT` turns on the stricter reading of each.
 */

export interface GreenhouseRateLimitConfig {
  enabled: boolean;
  /** Requests per window per credential (Greenhouse's documented example: 75). */
  limit: number;
  windowMs: number;
  /** Send the `X-RateLimit-*` headers on a 429 too (not every Greenhouse API does). */
  headersOn429: boolean;
}

export interface GreenhouseSimulatorOptions {
  tenant?: GreenhouseTenant | GreenhouseTenantOptions;
  credentials?: GreenhouseCredentialConfig[];
  token?: Partial<TokenOptions>;
  writes?: Partial<WriteOptions>;
  rateLimit?: Partial<GreenhouseRateLimitConfig>;
  /** Accept `updated_at=gte|A|lte|B` (the two-sided window). */
  twoSidedDates?: boolean;
  /** Cursors older than this are refused with 422; null: they never expire. */
  cursorTtlMs?: number | null;
  /** Whether the credential's service user (a token without `sub`) may read lists. */
  serviceUserIsSiteAdmin?: boolean;
  /** What a list answers a user who is not a Site Admin: 403, or an empty page. */
  nonAdminLists?: '403' | 'empty';
  faults?: FaultConfig;
  latencyMs?: number;
  latencyJitter?: number;
  port?: number;
  now?: () => number;
}

/** The stricter reading of every unconfirmed point (see docs/greenhouse.md). */
export const GREENHOUSE_STRICT: GreenhouseSimulatorOptions = {
  token: { expiryField: 'expires_at', singleActiveToken: true },
  writes: {
    moveFromStage: 'job_interview_stage',
    candidateCreateAnswer: 'async',
    asyncCandidateDelayMs: 200,
    duplicateApplications: 'allow',
    rejectedKeepsStageName: false,
  },
  rateLimit: { headersOn429: false },
  twoSidedDates: false,
  cursorTtlMs: 60_000,
  serviceUserIsSiteAdmin: false,
  nonAdminLists: 'empty',
};

const WRITE_SCOPES = [
  'harvest:candidates:create',
  'harvest:applications:create',
  'harvest:applications:update',
  'harvest:applications:move',
  'harvest:applications:reject',
  'harvest:applications:unreject',
  'harvest:notes:create',
  'harvest:attachments:create',
];
export const GREENHOUSE_ALL_SCOPES = [
  'harvest:user_roles:list',
  ...Object.values(LISTS).map((spec) => spec.scope),
  ...WRITE_SCOPES,
];

export const GREENHOUSE_DEMO_CREDENTIAL: GreenhouseCredentialConfig = {
  clientId: 'kula-console-sandbox-4',
  clientSecret: 'gh-sim-client-secret-8c1d5e2f9a',
};
export const GREENHOUSE_READ_ONLY_CREDENTIAL: GreenhouseCredentialConfig = {
  clientId: 'kula-console-readonly-4',
  clientSecret: 'gh-sim-readonly-secret-2b7e',
  scopes: GREENHOUSE_ALL_SCOPES.filter((scope) => scope.endsWith(':list')),
};
export const GREENHOUSE_NO_CANDIDATES_CREDENTIAL: GreenhouseCredentialConfig = {
  clientId: 'kula-console-nocandidates-4',
  clientSecret: 'gh-sim-nocandidates-secret-6f1a',
  scopes: GREENHOUSE_ALL_SCOPES.filter((scope) => !scope.startsWith('harvest:candidates:')),
};
export const GREENHOUSE_IP_RESTRICTED_CREDENTIAL: GreenhouseCredentialConfig = {
  clientId: 'kula-console-office-only-4',
  clientSecret: 'gh-sim-office-secret-9d3c',
  ipRestricted: true,
};

export interface GreenhouseSimulator {
  /** The one origin of both hosts: `POST <url>/token` and `<url>/v3/…`. */
  url: string;
  tenant: GreenhouseTenant;
  requests: RequestLog;
  mutations: GreenhouseMutations;
  tokens: GreenhouseTokenServer;
  faults: FaultInjector;
  rateLimit: GreenhouseRateLimitConfig;
  /** 429s the rate limit sent (fault-injected ones are in `faults.injected`). */
  throttled: number;
  inFlight: InFlightMeter;
  options: Required<
    Pick<
      GreenhouseSimulatorOptions,
      'twoSidedDates' | 'cursorTtlMs' | 'serviceUserIsSiteAdmin' | 'nonAdminLists'
    >
  >;
  setRateLimit(config: Partial<GreenhouseRateLimitConfig>): void;
  setLatency(ms: number, jitter?: number): void;
  addCredential(config: GreenhouseCredentialConfig): void;
  close(): Promise<void>;
}

type Route =
  | { kind: 'list'; resource: string; scope: string }
  | { kind: 'write'; scope: string; handle: WriteHandler };
type WriteHandler = (
  body: Record<string, unknown>,
  userId: number,
  id: number,
) => { status: number; body?: unknown };

export async function startGreenhouseSimulator(
  options: GreenhouseSimulatorOptions = {},
): Promise<GreenhouseSimulator> {
  const now = options.now ?? Date.now;
  const tenant: GreenhouseTenant =
    options.tenant && 'applications' in options.tenant
      ? options.tenant
      : buildGreenhouseTenant(options.tenant as GreenhouseTenantOptions | undefined);
  const requests = new RequestLog();
  const faults = new FaultInjector(options.faults ?? { rate: 0 });
  const latency = new ResponseDelay({
    ms: options.latencyMs ?? 0,
    jitter: options.latencyJitter ?? 0,
  });
  const tokens = new GreenhouseTokenServer(
    tenant,
    {
      expiryField: 'both',
      singleActiveToken: false,
      lifetimeSeconds: 3600,
      perMinute: 120,
      ...options.token,
    },
    now,
  );
  for (const credential of options.credentials ?? [
    GREENHOUSE_DEMO_CREDENTIAL,
    GREENHOUSE_READ_ONLY_CREDENTIAL,
    GREENHOUSE_NO_CANDIDATES_CREDENTIAL,
    GREENHOUSE_IP_RESTRICTED_CREDENTIAL,
  ]) {
    tokens.addCredential(credential);
  }
  const runtime: ListRuntime = {
    tenant,
    rules: { twoSidedDates: options.twoSidedDates ?? true },
    cursorTtlMs: options.cursorTtlMs ?? null,
    now,
    sorted: new Map(),
    hidden: (resource, id) => {
      if (resource !== 'candidates') return false;
      const from = mutations.readableFrom.get(id);
      return from !== undefined && now() < from;
    },
  };
  const mutations = new GreenhouseMutations(
    tenant,
    {
      moveFromStage: 'application_stage',
      candidateCreateAnswer: 'object',
      asyncCandidateDelayMs: 0,
      duplicateApplications: 'allow',
      rejectedKeepsStageName: true,
      ...options.writes,
    },
    now,
    () => runtime.sorted.clear(),
  );
  const windows = new Map<string, { start: number; count: number }>();
  const simulator = {} as GreenhouseSimulator;
  const bound = { origin: '' };

  const writeRoutes: Array<{
    method: string;
    pattern: RegExp;
    scope: string;
    handle: WriteHandler;
  }> = [
    {
      method: 'POST',
      pattern: /^\/v3\/candidates$/,
      scope: 'harvest:candidates:create',
      handle: (body, user) => mutations.createCandidate(body, user),
    },
    {
      method: 'POST',
      pattern: /^\/v3\/applications$/,
      scope: 'harvest:applications:create',
      handle: (body, user) => ({ status: 201, body: mutations.createApplication(body, user) }),
    },
    {
      method: 'PATCH',
      pattern: /^\/v3\/applications\/(\d+)$/,
      scope: 'harvest:applications:update',
      handle: (body, user, id) => ({
        status: 200,
        body: mutations.patchApplication(id, body, user),
      }),
    },
    {
      method: 'POST',
      pattern: /^\/v3\/applications\/(\d+)\/move$/,
      scope: 'harvest:applications:move',
      handle: (body, user, id) => (mutations.move(id, body, user), { status: 204 }),
    },
    {
      method: 'POST',
      pattern: /^\/v3\/applications\/(\d+)\/reject$/,
      scope: 'harvest:applications:reject',
      handle: (body, user, id) => (mutations.reject(id, body, user), { status: 204 }),
    },
    {
      method: 'POST',
      pattern: /^\/v3\/applications\/(\d+)\/unreject$/,
      scope: 'harvest:applications:unreject',
      handle: (_body, user, id) => (mutations.unreject(id, user), { status: 204 }),
    },
    {
      method: 'POST',
      pattern: /^\/v3\/notes$/,
      scope: 'harvest:notes:create',
      handle: (body, user) => ({ status: 201, body: mutations.createNote(body, user) }),
    },
    {
      method: 'POST',
      pattern: /^\/v3\/attachments$/,
      scope: 'harvest:attachments:create',
      handle: (body, user) => ({
        status: 201,
        body: mutations.createAttachment(body, user, bound.origin),
      }),
    },
  ];

  const match = (method: string, path: string): { route: Route; id: number } | null => {
    if (method === 'GET') {
      const resource = /^\/v3\/([a-z_]+)$/.exec(path)?.[1];
      if (resource && LISTS[resource]) {
        return { route: { kind: 'list', resource, scope: LISTS[resource].scope }, id: 0 };
      }
      if (path === '/v3/user_roles') {
        return {
          route: { kind: 'list', resource: 'user_roles', scope: 'harvest:user_roles:list' },
          id: 0,
        };
      }
      return null;
    }
    for (const route of writeRoutes) {
      const found = route.method === method ? route.pattern.exec(path) : null;
      if (found)
        return {
          route: { kind: 'write', scope: route.scope, handle: route.handle },
          id: Number(found[1] ?? 0),
        };
    }
    return null;
  };

  /** The fixed window of a credential: whether this request fits, and the headers to send. */
  const meter = (clientId: string) => {
    const config = simulator.rateLimit;
    const at = now();
    const start = Math.floor(at / config.windowMs) * config.windowMs;
    let window = windows.get(clientId);
    if (!window || window.start !== start) windows.set(clientId, (window = { start, count: 0 }));
    window.count += 1;
    const allowed = !config.enabled || window.count <= config.limit;
    const reset = Math.ceil((start + config.windowMs) / 1000);
    const headers: Record<string, string> = config.enabled
      ? {
          'x-ratelimit-limit': String(config.limit),
          'x-ratelimit-remaining': String(Math.max(0, config.limit - window.count)),
          'x-ratelimit-reset': String(reset),
        }
      : {};
    return { allowed, headers, retryAfter: Math.max(1, reset - Math.floor(at / 1000)) };
  };

  const handleApi = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    const method = req.method ?? 'GET';
    let status = 0;
    let identity: string | null = null;
    let fault: string | null = null;
    let loggedBody: unknown = null;
    let headers: Record<string, string> = {};
    let lost = false;
    const answer = (code: number, body?: unknown) => {
      if (lost) {
        status = 0;
        res.socket?.destroy();
        return;
      }
      status = code;
      if (body === undefined) {
        res.writeHead(code, headers);
        res.end();
      } else {
        sendJson(res, code, body, headers);
      }
    };
    try {
      const injected = faults.next(url.pathname, method);
      if (injected === 'revoked') {
        fault = injected;
        for (const credential of options.credentials ?? [GREENHOUSE_DEMO_CREDENTIAL])
          tokens.revokeCredential(credential.clientId);
        return answer(401, UNAUTHORIZED);
      }
      if (isAfterHandling(injected)) {
        fault = injected;
        lost = true;
      } else if (injected) {
        fault = injected;
        status = injected.startsWith('429') ? 429 : Number(injected) || 0;
        faults.respond(injected, res, (code) =>
          code === 429 ? { message: 'Too Many Requests' } : { message: 'Internal Server Error' },
        );
        return;
      }
      const found = match(method, url.pathname);
      // Harvest routes before it authenticates: an unknown path is 404 whatever the credential.
      if (!found) return answer(404, { message: 'Resource not found' });
      const check = tokens.checkBearer(bearerToken(req) ?? '');
      if (!check.ok) return answer(401, UNAUTHORIZED);
      identity = `${check.credential.clientId}:${check.token.userId}`;
      if (check.credential.ipRestricted) return answer(403, { message: 'Forbidden' });
      const metered = meter(check.credential.clientId);
      headers = metered.headers;
      if (!metered.allowed) {
        simulator.throttled += 1;
        headers = {
          ...(simulator.rateLimit.headersOn429 ? metered.headers : {}),
          'retry-after': String(metered.retryAfter),
        };
        return answer(429, { message: 'Too Many Requests' });
      }
      if (check.token.scopes && !check.token.scopes.has(found.route.scope)) {
        return answer(403, { message: 'Forbidden' });
      }
      const user = tenant.users.get(check.token.userId);
      const admin =
        !!user &&
        !user.deactivated &&
        (user.service_account ? simulator.options.serviceUserIsSiteAdmin : user.site_admin);
      await latency.wait();
      if (found.route.kind === 'list') {
        if (!admin) {
          if (simulator.options.nonAdminLists === 'empty') return answer(200, []);
          return answer(403, { message: 'Forbidden' });
        }
        if (found.route.resource === 'user_roles') {
          return answer(200, [{ id: 1, name: 'Site Admin', type: 'site_admin' }]);
        }
        const page = listPage(runtime, found.route.resource, url.searchParams, bound.origin);
        if (page.next) headers = { ...headers, link: `<${page.next}>; rel="next"` };
        return answer(200, page.body);
      }
      const text = (await readBody(req, 30 * 1024 * 1024)).toString('utf8');
      let body: Record<string, unknown> = {};
      if (text) {
        try {
          body = JSON.parse(text) as Record<string, unknown>;
        } catch {
          throw new UnprocessableError(['The request body is not valid JSON.']);
        }
      }
      loggedBody =
        typeof body.content === 'string'
          ? { ...body, content: `<${body.content.length} base64>` }
          : body;
      const result = found.route.handle(body, check.token.userId, found.id);
      return answer(result.status, result.body);
    } catch (error) {
      if (error instanceof UnprocessableError) {
        return answer(422, { message: 'Unprocessable Content', errors: error.errors });
      }
      if (error instanceof GreenhouseApiError) {
        return answer(error.status, {
          message: error.message,
          ...(error.errors.length ? { errors: error.errors } : {}),
        });
      }
      if (error instanceof BodyTooLargeError) {
        return answer(413, { message: 'Request Entity Too Large' });
      }
      throw error;
    } finally {
      requests.add({
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: loggedBody,
        identity,
        status,
        fault,
      });
    }
  };

  const server = await startServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/token' && req.method === 'POST') {
      const status = await tokens.handle(req, res, url);
      requests.add({
        method: 'POST',
        path: '/token',
        query: {},
        body: null,
        identity: null,
        status,
        fault: null,
      });
      return;
    }
    if (url.pathname.startsWith('/v3/')) return handleApi(req, res, url);
    // Harvest v1/v2 were retired on 2026-08-31; what they answer now is not known: they fail.
    sendJson(res, 404, { message: 'Resource not found' });
  }, options.port ?? 0);
  bound.origin = server.url;

  Object.assign(simulator, {
    url: server.url,
    tenant,
    requests,
    mutations,
    tokens,
    faults,
    rateLimit: {
      enabled: true,
      limit: 75,
      windowMs: 30_000,
      headersOn429: true,
      ...options.rateLimit,
    },
    throttled: 0,
    inFlight: server.inFlight,
    options: {
      twoSidedDates: options.twoSidedDates ?? true,
      cursorTtlMs: options.cursorTtlMs ?? null,
      serviceUserIsSiteAdmin: options.serviceUserIsSiteAdmin ?? true,
      nonAdminLists: options.nonAdminLists ?? '403',
    },
    setRateLimit(config: Partial<GreenhouseRateLimitConfig>) {
      simulator.rateLimit = { ...simulator.rateLimit, ...config };
      windows.clear();
    },
    setLatency: (ms: number, jitter = 0) => latency.set({ ms, jitter }),
    addCredential: (config: GreenhouseCredentialConfig) => tokens.addCredential(config),
    close: () => server.close(),
  } satisfies GreenhouseSimulator);
  // Switches read at request time, so a test can flip them on a running simulator.
  Object.defineProperty(runtime, 'rules', {
    get: () => ({ twoSidedDates: simulator.options.twoSidedDates }),
  });
  Object.defineProperty(runtime, 'cursorTtlMs', { get: () => simulator.options.cursorTtlMs });
  return simulator;
}

const UNAUTHORIZED = {
  message: 'Unauthorized',
  errors: ['Token could not be decoded. Please ensure your token is from a trusted source.'],
};
