import type http from 'node:http';
import { FaultInjector, isAfterHandling, type FaultConfig } from '../common/faults';
import {
  basicAuthUser,
  BodyTooLargeError,
  readBody,
  sendJson,
  startServer,
  type RunningServer,
  type ServerTls,
} from '../common/http';
import type { InFlightMeter } from '../common/in-flight';
import { ResponseDelay } from '../common/latency';
import { ServerTokenBucket } from '../common/rate-limit';
import { RequestLog } from '../common/request-log';
import { ENDPOINTS, SCOPES, type EndpointResult, type SimKey } from './endpoints';
import { requestId, stringHash } from './ids';
import { Paging, type PagingOptions } from './paging';
import { ASHBY_API_VERSION, DEFAULT_ASHBY_QUIRKS, type AshbyQuirks } from './quirks';
import { PreparedPages } from './prepared-pages';
import { AshbyTenant, type TenantOptions } from './tenant';

/**
 * A loopback HTTP server that behaves like Ashby's public API as docs/ashby.md describes it,
 * quirks included: `POST /<category>.<method>` RPC paths with JSON bodies; HTTP Basic auth with
 * the key as username (401 without a key, 403 for a wrong or deactivated key, 403
 * `missing_endpoint_permission` for a module the key lacks); logical errors as HTTP 200
 * `success:false` with `errors` and `errorInfo`; cursors, sync tokens and their errors
 * (paging.ts); per-key rate limiting with 429 (optionally `Retry-After`, and the partner-wide
 * variant with `X-RateLimit-Scope: integration-partner`); configurable faults; a presigned-style
 * upload URL. Every request is recorded in `requests`; every change in `tenant.mutations`.
 */

export { ASHBY_API_VERSION };

export interface RateLimitConfig {
  perSecond: number;
  burst: number;
  /** How 429s tell the client when to come back. */
  retryAfter?: 'seconds' | 'http-date' | 'none';
}

export interface AshbySimulatorOptions {
  tenant?: TenantOptions;
  /** Replaces the demo keys. */
  keys?: SimKey[];
  rateLimit?: RateLimitConfig | null;
  /** Random and queued faults (`paths` narrows the random ones). */
  faults?: FaultConfig;
  paging?: Partial<PagingOptions>;
  /** Added to every API response (slow network, or time to watch a progress bar). */
  latencyMs?: number;
  /** Each response's latency varies within ±this fraction of `latencyMs` (default 0: exact). */
  latencyJitter?: number;
  port?: number;
  /** Serve HTTPS with this certificate (a private CA's, for tests of trust and proxies). */
  tls?: ServerTls;
  /** The readings of Ashby's open behaviours to take (the documented or likeliest by default). */
  quirks?: Partial<AshbyQuirks>;
}

export type DemoKeyName =
  'full' | 'confidential' | 'noApiKeyInfo' | 'readOnly' | 'noCandidates' | 'deactivated';

const ALL_SCOPES = Object.values(SCOPES);

export function demoKeys(seed: number): Record<DemoKeyName, SimKey> {
  const suffix = stringHash(`ashby-demo-${seed}`).toString(36);
  const key = (name: string) => `sim_ashby_${name}_${suffix}`;
  const createdAt = '2025-11-03T10:12:44.120Z';
  const without = (...scopes: string[]) => ALL_SCOPES.filter((scope) => !scopes.includes(scope));
  return {
    full: {
      key: key('full'),
      title: 'Kula integration',
      scopes: ALL_SCOPES,
      confidential: false,
      active: true,
      createdAt,
    },
    confidential: {
      key: key('confidential'),
      title: 'Kula integration (confidential access)',
      scopes: ALL_SCOPES,
      confidential: true,
      active: true,
      createdAt,
    },
    noApiKeyInfo: {
      key: key('noapikeys'),
      title: 'Kula without API Keys read',
      scopes: without(SCOPES.apiKeysRead),
      confidential: false,
      active: true,
      createdAt,
    },
    readOnly: {
      key: key('readonly'),
      title: 'Kula read-only',
      scopes: without(SCOPES.candidatesWrite),
      confidential: false,
      active: true,
      createdAt,
    },
    noCandidates: {
      key: key('nocandidates'),
      title: 'Kula jobs only',
      scopes: without(SCOPES.candidatesRead, SCOPES.candidatesWrite),
      confidential: false,
      active: true,
      createdAt,
    },
    deactivated: {
      key: key('deactivated'),
      title: 'Old Kula key',
      scopes: ALL_SCOPES,
      confidential: false,
      active: false,
      createdAt,
    },
  };
}

export interface AshbySimulator {
  url: string;
  tenant: AshbyTenant;
  paging: Paging;
  /** The demo keys by name (only when the default keys are used). */
  keys: Record<DemoKeyName, string>;
  keyList: SimKey[];
  requests: RequestLog;
  faults: FaultInjector;
  /** The next `times` requests to `path` answer HTTP 200 `success:false` with this code. */
  queueError(path: string, code: string, message?: string, times?: number): void;
  setRateLimit(config: RateLimitConfig | null): void;
  /** Every request gets a partner-wide 429 for this long. */
  throttlePartner(ms: number): void;
  /** The latency of every answer from now on, within ±`jitter` (a fraction) of `ms`. */
  setLatency(ms: number, jitter?: number): void;
  /** Requests open at once, from arrival to answer (how many a client keeps in flight). */
  inFlight: InFlightMeter;
  /** 429s sent, by key title. */
  throttled: Map<string, number>;
  /** The readings of Ashby's open behaviours in force (changeable between requests). */
  quirks: AshbyQuirks;
  close(): Promise<void>;
  /** Cuts the network to the simulator (connections refused); its state is kept. */
  stop(): Promise<void>;
  /** Brings the network back on the same address. */
  restart(): Promise<void>;
}

export async function startAshbySimulator(
  options: AshbySimulatorOptions = {},
): Promise<AshbySimulator> {
  const tenant = new AshbyTenant(options.tenant ?? { candidates: 40, applications: 50 });
  const paging = new Paging(
    {
      cursorTtlMs: options.paging?.cursorTtlMs ?? 30 * 60_000,
      syncTokenTtlMs: options.paging?.syncTokenTtlMs ?? 30 * 86_400_000,
      incrementalCap: options.paging?.incrementalCap ?? 20_000,
    },
    tenant.seed,
  );
  const demo = demoKeys(tenant.seed);
  const keyList = options.keys ?? Object.values(demo);
  const keysByValue = new Map(keyList.map((key) => [key.key, key]));
  const requests = new RequestLog();
  const faults = new FaultInjector(options.faults ?? { rate: 0 });
  const queuedErrors = new Map<string, Array<{ code: string; message: string }>>();
  const buckets = new Map<string, ServerTokenBucket>();
  const throttled = new Map<string, number>();
  let rateLimit = options.rateLimit ?? null;
  let partnerThrottleUntil = 0;
  const latency = new ResponseDelay(
    { ms: options.latencyMs ?? 0, jitter: options.latencyJitter ?? 0 },
    tenant.seed,
  );
  let counter = 0;
  let baseUrl = '';
  const quirks: AshbyQuirks = { ...DEFAULT_ASHBY_QUIRKS, ...options.quirks };

  const commonHeaders = (id: string, version = quirks.defaultVersion) => ({
    'x-ashby-request-id': id,
    'ashby-version': version,
    'ashby-version-status': quirks.versionStatus,
  });

  const errorEnvelope = (code: string, message: string, id: string) => ({
    success: false,
    errors: [code],
    errorInfo: { code, message, requestId: id, meta: {} },
  });

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const id = requestId(++counter);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    // The version asked for, else the key's default: the answer's shape follows it.
    const asked = req.headers['ashby-version'];
    const version = typeof asked === 'string' && asked ? asked : quirks.defaultVersion;
    const headers = () => commonHeaders(id, version);
    const record = (status: number, body: unknown, identity: string | null, fault: string | null) =>
      requests.add({
        method: req.method ?? 'GET',
        path,
        query: Object.fromEntries(url.searchParams),
        body,
        identity,
        status,
        fault,
      });
    const text = (status: number, message: string, identity: string | null, body?: unknown) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers() });
      res.end(message);
      record(status, body ?? null, identity, null);
    };

    if (path.startsWith('/_uploads/')) return handleUpload(req, res, path, tenant, quirks, record);

    if (req.method !== 'POST') return text(405, 'Method Not Allowed: use POST.', null);
    const endpoint = ENDPOINTS[path];
    if (!endpoint) return text(404, `Not Found: ${path} is not an Ashby API endpoint.`, null);

    let raw: Buffer;
    try {
      raw = await readBody(req, 1024 * 1024);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return text(413, 'Payload Too Large', null);
      throw error;
    }
    const parsedBody = safeJson(raw);

    const fault = faults.next(path, req.method);
    if (fault === 'provider-error') {
      // A logical error whose code no document lists: the client cannot know what it means.
      const code = UNLISTED_ERROR_CODES[counter % UNLISTED_ERROR_CODES.length]!;
      sendJson(res, 200, errorEnvelope(code, 'Something went wrong', id), headers());
      record(200, parsedBody.value, null, fault);
      return;
    }
    if (fault && !isAfterHandling(fault)) {
      faults.respond(fault, res, (status) =>
        errorEnvelope(
          status === 429 ? 'rate_limit_exceeded' : 'internal_server_error',
          status === 429 ? 'Rate limit exceeded' : 'Internal server error',
          id,
        ),
      );
      record(fault.startsWith('429') ? 429 : 0, parsedBody.value, null, fault);
      return;
    }

    const user = basicAuthUser(req);
    if (!user)
      return text(401, 'Unauthorized: provide an API key as the Basic auth username.', null);
    const key = keysByValue.get(user);
    if (!key || !key.active)
      return text(403, 'Forbidden: the API key is invalid or has been deactivated.', maskKey(user));
    const identity = key.title;

    const now = Date.now();
    if (now < partnerThrottleUntil) {
      throttled.set(identity, (throttled.get(identity) ?? 0) + 1);
      sendJson(
        res,
        429,
        errorEnvelope(
          'rate_limit_exceeded',
          'Integration partner rate limit exceeded across organizations; slow down.',
          id,
        ),
        {
          ...headers(),
          'x-ratelimit-scope': 'integration-partner',
          'retry-after': String(Math.max(1, Math.ceil((partnerThrottleUntil - now) / 1000))),
        },
      );
      record(429, parsedBody.value, identity, 'partner-throttle');
      return;
    }
    if (rateLimit) {
      let bucket = buckets.get(key.key);
      if (!bucket) {
        bucket = new ServerTokenBucket(rateLimit.perSecond, rateLimit.burst);
        buckets.set(key.key, bucket);
      }
      const verdict = bucket.take();
      if (!verdict.allowed) {
        throttled.set(identity, (throttled.get(identity) ?? 0) + 1);
        const retryAfter: Record<string, string> =
          rateLimit.retryAfter === 'http-date'
            ? { 'retry-after': new Date(now + Math.max(1000, verdict.retryAfterMs)).toUTCString() }
            : rateLimit.retryAfter === 'none'
              ? {}
              : { 'retry-after': String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))) };
        sendJson(res, 429, errorEnvelope('rate_limit_exceeded', 'Rate limit exceeded', id), {
          ...headers(),
          ...retryAfter,
        });
        record(429, parsedBody.value, identity, 'rate-limit');
        return;
      }
    }

    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      return text(415, 'Unsupported Media Type: send Content-Type: application/json.', identity);

    const reply = (body: unknown) => {
      if (isAfterHandling(fault)) {
        // The work is done; the answer never arrives.
        res.socket?.destroy();
        record(0, parsedBody.value, identity, fault);
        return;
      }
      sendJson(res, 200, body, headers());
      record(200, parsedBody.value, identity, null);
    };
    if (!parsedBody.ok || typeof parsedBody.value !== 'object' || parsedBody.value === null) {
      return reply(errorEnvelope('invalid_input', 'Request payload is malformed', id));
    }
    const needs =
      path === '/application.list' && quirks.applicationListNeedsOffers
        ? [endpoint.scope, SCOPES.offersRead]
        : [endpoint.scope];
    if (!needs.every((scope) => key.scopes.includes(scope))) {
      sendJson(
        res,
        403,
        errorEnvelope(
          'missing_endpoint_permission',
          `The API key is missing the permission this endpoint requires (${needs.join(', ')}).`,
          id,
        ),
        headers(),
      );
      record(403, parsedBody.value, identity, null);
      return;
    }
    const queued = queuedErrors.get(path)?.shift();
    // A timer, not a lock: other requests are served while this one waits.
    await latency.wait();
    if (queued) return reply(errorEnvelope(queued.code, queued.message, id));

    const body = parsedBody.value as Record<string, unknown>;
    // The page after `pageBody`'s, rendered in the background; each served page prepares its own
    // next one, so a client following the cursors never waits on the simulator's rendering.
    const prepareAfter = (pageBody: Record<string, unknown>, nextCursor: unknown) => {
      if (typeof nextCursor !== 'string' || nextCursor.length === 0) return;
      const next = { ...pageBody, cursor: nextCursor };
      prepared.prepare(`${key.key}|${version}`, path, next, () => {
        const page = endpoint.handle({ tenant, paging, key, body: next, baseUrl, version, quirks });
        if ('error' in page) return null;
        // Encoded now: a 117 KB page written as a string is encoded while the client waits.
        return {
          bytes: Buffer.from(JSON.stringify({ success: true, ...page })),
          nextCursor: page.nextCursor,
        };
      });
    };
    const ready = prepared.take(`${key.key}|${version}`, path, body);
    if (ready !== null) {
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': ready.bytes.length,
        ...headers(),
      });
      res.end(ready.bytes);
      record(200, body, identity, null);
      prepareAfter(body, ready.nextCursor);
      return;
    }
    const result: EndpointResult = endpoint.handle({
      tenant,
      paging,
      key,
      body,
      baseUrl,
      version,
      quirks,
    });
    if ('error' in result) return reply(errorEnvelope(result.error, result.message, id));
    reply({ success: true, ...result });
    prepareAfter(body, result.nextCursor);
  };
  const prepared = new PreparedPages(tenant, paging);

  const server: RunningServer = await startServer(handler, options.port ?? 0, options.tls);
  baseUrl = server.url;
  return {
    url: server.url,
    tenant,
    paging,
    keys: Object.fromEntries(Object.entries(demo).map(([name, key]) => [name, key.key])) as Record<
      DemoKeyName,
      string
    >,
    keyList,
    requests,
    faults,
    throttled,
    quirks,
    queueError(path, code, message = `Simulated ${code}`, times = 1) {
      const list = queuedErrors.get(path) ?? [];
      for (let i = 0; i < times; i++) list.push({ code, message });
      queuedErrors.set(path, list);
    },
    setRateLimit(config) {
      rateLimit = config;
      buckets.clear();
    },
    throttlePartner(ms) {
      partnerThrottleUntil = Date.now() + ms;
    },
    setLatency(ms, jitter = 0) {
      latency.set({ ms, jitter });
    },
    inFlight: server.inFlight,
    close: () => server.close(),
    stop: () => server.stop(),
    restart: () => server.restart(),
  };
}

/** Error codes Ashby's documents never mention (the `provider-error` fault). */
const UNLISTED_ERROR_CODES = ['internal_error', 'temporarily_unavailable', 'unexpected_error'];

function safeJson(raw: Buffer): { ok: boolean; value: unknown } {
  if (raw.length === 0) return { ok: false, value: null };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) };
  } catch {
    return { ok: false, value: raw.toString('utf8').slice(0, 200) };
  }
}

function maskKey(key: string): string {
  return `key …${key.slice(-4)}`;
}

/**
 * The presigned upload target: multipart/form-data with every `field` first and the file last in a
 * part named `file`; no Ashby auth (it stands for Ashby's file storage). 204 on success, 403 on a
 * bad token or an expired URL, 400 on a malformed form.
 */
async function handleUpload(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  path: string,
  tenant: AshbyTenant,
  quirks: AshbyQuirks,
  record: (status: number, body: unknown, identity: string | null, fault: string | null) => void,
) {
  const fileId = path.slice('/_uploads/'.length);
  const file = tenant.files.get(fileId);
  const fail = (status: number, message: string) => {
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(message);
    record(status, { fileId }, null, null);
  };
  if (req.method !== 'POST') return fail(405, 'Use POST');
  if (!file) return fail(404, 'NoSuchUpload');
  if (Date.now() > file.expiresAt) return fail(403, 'Request has expired');
  if (req.headers.authorization) return fail(400, 'Unexpected Authorization header');
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers['content-type'] ?? '');
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return fail(400, 'Expected multipart/form-data');
  const body = await readBody(req, 20 * 1024 * 1024);
  const parts = parseMultipart(body, marker);
  const last = parts.at(-1);
  if (!last || last.name !== 'file') return fail(400, 'The file must be the last field');
  const token = parts.find((part) => part.name === 'x-sim-token')?.data.toString('utf8');
  if (token !== file.uploadToken) return fail(403, 'SignatureDoesNotMatch');
  const typeField = parts.find((part) => part.name?.toLowerCase() === 'content-type');
  if (quirks.uploadFieldsLackContentType && !typeField) {
    return fail(
      403,
      'Invalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", ""]',
    );
  }
  file.uploadedBytes = last.data.length;
  tenant.recordFileMutation('file.upload', file.id, {
    bytes: last.data.length,
    filename: last.filename,
  });
  const status = Number(quirks.uploadSuccess.slice(0, 3));
  const key = `uploads/${file.id}/${file.filename}`;
  switch (quirks.uploadSuccess) {
    case '200-json':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ key, size: last.data.length }));
      break;
    case '201-xml':
      res.writeHead(201, { 'content-type': 'application/xml' });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse><Location>${key}</Location><Key>${key}</Key><ETag>"sim"</ETag></PostResponse>`,
      );
      break;
    default:
      res.writeHead(status);
      res.end();
  }
  record(
    status,
    { fileId, fields: parts.map((part) => part.name), bytes: last.data.length },
    null,
    null,
  );
}

interface Part {
  name: string | null;
  filename: string | null;
  data: Buffer;
}

function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const chunk = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = chunk.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = chunk.subarray(0, headerEnd).toString('utf8');
      parts.push({
        name: /name="([^"]*)"/i.exec(headers)?.[1] ?? null,
        filename: /filename="([^"]*)"/i.exec(headers)?.[1] ?? null,
        data: chunk.subarray(headerEnd + 4),
      });
    }
    start = next;
  }
  return parts;
}
