import type http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AtsApiError,
  HttpClient,
  TokenBucketLimiter,
  UnlimitedLimiter,
  backoffDelay,
  parseRetryAfter,
  type HttpClientOptions,
} from '../../../../src/main/core/http';
import type { ApiCallRecord } from '../../../../src/main/core/providers/provider';
import { readBody, startServer, type RunningServer } from '../../../simulators/common/http';
import { createNodeFetch } from '../../../../src/main/core/http/node-fetch';

/** A scripted server: each request takes the next behaviour for its path (the last one repeats). */
type Behaviour =
  | { status: number; body?: string; headers?: Record<string, string> }
  | { hang: true }
  | { reset: true };

let server: RunningServer;
const scripts = new Map<string, Behaviour[]>();
const seen: Array<{ path: string; at: number; auth: string | undefined }> = [];

beforeAll(async () => {
  server = await startServer(async (req: http.IncomingMessage, res: http.ServerResponse) => {
    await readBody(req);
    const path = req.url ?? '/';
    seen.push({ path, at: Date.now(), auth: req.headers.authorization });
    const list = scripts.get(path) ?? [{ status: 200, body: '{"ok":true}' }];
    const behaviour = list.length > 1 ? list.shift()! : list[0]!;
    if ('hang' in behaviour) return;
    if ('reset' in behaviour) {
      res.socket?.destroy();
      return;
    }
    res.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers });
    res.end(behaviour.body ?? '{"ok":true}');
  });
});

afterAll(async () => {
  await server?.close();
});

beforeEach(() => {
  scripts.clear();
  seen.length = 0;
});

function client(overrides: Partial<HttpClientOptions> = {}) {
  const calls: ApiCallRecord[] = [];
  const http = new HttpClient({
    baseUrl: server.url,
    provider: 'TestATS',
    authHeaders: () => ({ Authorization: 'Bearer secret-token-value' }),
    limiter: new UnlimitedLimiter(),
    retry: { baseDelayMs: 5, capDelayMs: 40, maxRetries: 4 },
    timeoutMs: 2000,
    onApiCall: (call) => calls.push(call),
    ...overrides,
    fetch: overrides.fetch ?? createNodeFetch(),
  });
  return { http, calls };
}

/** Sends a read to `path` and cancels it once the ATS has received it; what the call ended with. */
async function cancelOnceReceived(path: string) {
  const { http, calls } = client();
  const controller = new AbortController();
  const pending = http.request({ path, body: {}, safety: 'read', signal: controller.signal });
  // On a busy machine the request may take a while to arrive.
  await expect.poll(() => seen.length).toBe(1);
  controller.abort();
  const error = await pending.catch((e: unknown) => e);
  http.close();
  return { error, calls };
}

describe('HttpClient retries', () => {
  it('retries a POST read on 5xx, a reset and malformed JSON, then returns the answer', async () => {
    scripts.set('/items.list', [
      { status: 503 },
      { reset: true },
      { status: 200, body: '{"ok": tru' },
      { status: 200, body: '{"items":[1,2]}' },
    ]);
    const { http, calls } = client();
    const result = await http.request({ path: '/items.list', body: {}, safety: 'read' });
    expect(result.body).toEqual({ items: [1, 2] });
    expect(result.attempts).toBe(4);
    expect(calls).toEqual([
      expect.objectContaining({ path: '/items.list', attempts: 4, status: 200, errorKind: null }),
    ]);
    http.close();
  });

  it('never retries a write after a 5xx or a timeout, so the outbox can check before re-sending', async () => {
    scripts.set('/item.create', [{ status: 502 }]);
    const { http } = client();
    await expect(
      http.request({ path: '/item.create', body: { a: 1 }, safety: 'write' }),
    ).rejects.toMatchObject({
      kind: 'unavailable',
      attempts: 1,
      code: 'ATS_UNAVAILABLE',
    });
    scripts.set('/item.slow', [{ hang: true }]);
    await expect(
      http.request({ path: '/item.slow', body: {}, safety: 'write', timeoutMs: 150 }),
    ).rejects.toMatchObject({ kind: 'timeout', attempts: 1 });
    expect(seen.filter((request) => request.path === '/item.create')).toHaveLength(1);
    http.close();
  });

  it('retries a write refused with 429, because the ATS did not run it', async () => {
    scripts.set('/item.create', [
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 200 },
    ]);
    const { http, calls } = client();
    await http.request({ path: '/item.create', body: {}, safety: 'write' });
    expect(calls[0]).toMatchObject({ attempts: 2, rateLimited: 1 });
    http.close();
  });

  it('times out a hanging read per attempt and retries it', async () => {
    scripts.set('/slow.list', [{ hang: true }, { status: 200, body: '{"done":true}' }]);
    const { http } = client();
    const result = await http.request({
      path: '/slow.list',
      body: {},
      safety: 'read',
      timeoutMs: 200,
    });
    expect(result.body).toEqual({ done: true });
    expect(result.attempts).toBe(2);
    http.close();
  });

  it('waits at least Retry-After before the next request of the connection, and pauses the limiter', async () => {
    scripts.set('/limited.list', [
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 200 },
    ]);
    const limiter = new TokenBucketLimiter({ perSecond: 100, burst: 100 });
    const { http, calls } = client({ limiter });
    const first = http.request({ path: '/limited.list', body: {}, safety: 'read' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Sent while the connection is paused: must wait for the pause too.
    const second = http.request({ path: '/other.list', body: {}, safety: 'read' });
    await Promise.all([first, second]);
    const [initial, retry] = seen.filter((request) => request.path === '/limited.list');
    expect(retry!.at - initial!.at).toBeGreaterThanOrEqual(950);
    const other = seen.find((request) => request.path === '/other.list')!;
    expect(other.at - initial!.at).toBeGreaterThanOrEqual(950);
    expect(calls.find((call) => call.path === '/limited.list')).toMatchObject({
      rateLimited: 1,
      attempts: 2,
    });
    http.close();
  });

  it('gives up after the retry budget with a typed error that keeps status and attempts', async () => {
    scripts.set('/down.list', [{ status: 500 }]);
    const { http, calls } = client();
    const error = (await http
      .request({ path: '/down.list', body: {}, safety: 'read' })
      .catch((e: unknown) => e)) as AtsApiError;
    expect(error).toBeInstanceOf(AtsApiError);
    expect(error).toMatchObject({ kind: 'unavailable', status: 500, attempts: 5, retryable: true });
    expect(error.message).toBe('TestATS is not answering normally (HTTP 500).');
    expect(error.action).toMatch(/Try again in a few minutes/);
    expect(calls[0]).toMatchObject({ errorKind: 'unavailable', attempts: 5 });
    http.close();
  });

  it('does not retry 4xx refusals and maps them to kinds', async () => {
    scripts.set('/a', [{ status: 401 }]);
    scripts.set('/b', [{ status: 403 }]);
    scripts.set('/c', [{ status: 422 }]);
    const { http } = client();
    await expect(http.request({ path: '/a', body: {}, safety: 'read' })).rejects.toMatchObject({
      kind: 'auth',
      attempts: 1,
    });
    await expect(http.request({ path: '/b', body: {}, safety: 'read' })).rejects.toMatchObject({
      kind: 'permission',
      attempts: 1,
    });
    await expect(http.request({ path: '/c', body: {}, safety: 'read' })).rejects.toMatchObject({
      kind: 'rejected',
      attempts: 1,
    });
    http.close();
  });

  it('asks for a renewed credential once after an auth failure, naming the refused one, and sends fresh headers', async () => {
    scripts.set('/me', [{ status: 401 }, { status: 200 }]);
    let token = 'old-token-123';
    const refused: string[] = [];
    const { http } = client({
      authHeaders: () => ({ Authorization: `Bearer ${token}` }),
      renewCredential: async (headers) => {
        refused.push(headers.Authorization ?? '');
        token = 'new-token-456';
        return true;
      },
    });
    await http.request({ path: '/me', body: {}, safety: 'read' });
    expect(refused).toEqual(['Bearer old-token-123']);
    expect(seen.map((request) => request.auth)).toEqual([
      'Bearer old-token-123',
      'Bearer new-token-456',
    ]);
    http.close();
  });

  it('stops at once when cancelled, without further attempts', async () => {
    scripts.set('/slow.list', [{ hang: true }]);
    const { error } = await cancelOnceReceived('/slow.list');
    expect(error).toMatchObject({ kind: 'cancelled', code: 'CANCELLED' });
    expect(seen).toHaveLength(1);
  });

  it('stops at once when cancelled while waiting to retry', async () => {
    scripts.set('/busy.list', [{ status: 503, headers: { 'retry-after': '30' } }]);
    const { error, calls } = await cancelOnceReceived('/busy.list');
    expect(error).toMatchObject({ kind: 'cancelled' });
    expect(seen).toHaveLength(1);
    expect(calls[0]).toMatchObject({ errorKind: 'cancelled', failures: ['HTTP 503'] });
  });

  it('names the host when the ATS cannot be reached', async () => {
    const closed = await startServer(() => undefined);
    const url = closed.url;
    await closed.close();
    const { http } = client({
      baseUrl: url,
      retry: { maxRetries: 1, baseDelayMs: 1, capDelayMs: 1 },
    });
    const error = (await http
      .request({ path: '/x', body: {}, safety: 'read' })
      .catch((e: unknown) => e)) as AtsApiError;
    expect(error.kind).toBe('network');
    expect(error.message).toBe(
      `Could not reach TestATS at ${new URL(url).host} (connection refused).`,
    );
    expect(error.action).toMatch(/internet connection/);
    http.close();
  });
});

describe('HttpClient addressing', () => {
  it('sends a path with its query under the base URL, an absolute URL as it is, and a query object', async () => {
    const { http, calls } = client();
    await http.request({
      method: 'GET',
      path: '/opportunities',
      url: '/opportunities?limit=100&offset=abc%3D',
      safety: 'read',
    });
    await http.request({
      method: 'PUT',
      path: '/upload',
      url: `${server.url}/upload?signature=x%2By`,
      body: {},
      safety: 'write',
      authenticate: false,
    });
    await http.request({
      method: 'GET',
      path: '/items',
      query: { page: 2, q: 'a b' },
      safety: 'read',
    });
    expect(seen.map((request) => request.path)).toEqual([
      '/opportunities?limit=100&offset=abc%3D',
      '/upload?signature=x%2By',
      '/items?page=2&q=a+b',
    ]);
    // The credential goes only where it is asked for.
    expect(seen.map((request) => request.auth)).toEqual([
      'Bearer secret-token-value',
      undefined,
      'Bearer secret-token-value',
    ]);
    // The log names the route, not the full address.
    expect(calls.map((call) => call.path)).toEqual(['/opportunities', '/upload', '/items']);
    http.close();
  });
});

describe('backoff and Retry-After', () => {
  it('draws full jitter below a capped exponential ceiling, never under Retry-After', () => {
    const policy = { baseDelayMs: 500, capDelayMs: 30_000 };
    expect(backoffDelay(1, policy, null, () => 0.999)).toBeLessThan(500);
    expect(backoffDelay(3, policy, null, () => 0.999)).toBeCloseTo(1998, 0);
    expect(backoffDelay(20, policy, null, () => 1)).toBe(30_000);
    expect(backoffDelay(1, policy, null, () => 0)).toBe(0);
    expect(backoffDelay(1, policy, 4000, () => 0.5)).toBe(4000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});

describe('TokenBucketLimiter', () => {
  it('lets a burst through, then spaces requests at the rate, first come first served', async () => {
    const limiter = new TokenBucketLimiter({ perSecond: 20, burst: 3 });
    const started = performance.now();
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, (_, i) => limiter.acquire().then(() => order.push(i))),
    );
    const elapsed = performance.now() - started;
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // 3 at once, then 4 more at 20/s: about 200 ms.
    expect(elapsed).toBeGreaterThanOrEqual(180);
    expect(elapsed).toBeLessThan(1000);
  });

  it('rejects a waiting request when its signal aborts, and keeps serving the others', async () => {
    const limiter = new TokenBucketLimiter({ perSecond: 5, burst: 1 });
    await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    const next = limiter.acquire();
    controller.abort();
    await expect(aborted).rejects.toThrow();
    await expect(next).resolves.toBeUndefined();
  });
});
