import type http from 'node:http';
import zlib from 'node:zlib';
import axios, { type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, UnlimitedLimiter } from '../../../../src/main/core/http';
import { leanAdapter } from '../../../../src/main/core/http/transport';
import { readBody, startServer, type RunningServer } from '../../../simulators/common/http';

/** Answers by path: the console's own adapter must read each as axios's would. */
const NAMES = { names: ['Zoë Ødegaard', 'Łukasz Żak', '山田 太郎', 'Ada Lovelace'] };
let server: RunningServer;
const received: Array<{ url: string; body: string; contentType: string | undefined }> = [];
let cutOnce = true;

beforeAll(async () => {
  server = await startServer(async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const body = (await readBody(req)).toString('utf8');
    received.push({ url: req.url ?? '', body, contentType: req.headers['content-type'] });
    const json = Buffer.from(JSON.stringify(NAMES));
    const path = (req.url ?? '').split('?')[0];
    switch (path) {
      case '/gzip':
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(zlib.gzipSync(json));
        return;
      case '/deflate':
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'deflate' });
        res.end(zlib.deflateSync(json));
        return;
      case '/br':
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br' });
        res.end(zlib.brotliCompressSync(json));
        return;
      case '/cut':
        if (cutOnce) {
          cutOnce = false;
          // Announces more than it sends, then drops the connection mid-answer.
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
          res.write('{"names":["Zo');
          setTimeout(() => res.socket?.destroy(), 20);
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(json);
        return;
      case '/slow':
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(json);
        }, 500);
        return;
      case '/echo':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ url: req.url, body }));
        return;
      default:
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(json);
        return;
    }
  });
});

afterAll(async () => {
  await server?.close();
});

function client(): HttpClient {
  return new HttpClient({
    baseUrl: server.url,
    provider: 'TestATS',
    authHeaders: () => ({ Authorization: 'Bearer t' }),
    limiter: new UnlimitedLimiter(),
    retry: { baseDelayMs: 5, capDelayMs: 20, maxRetries: 3 },
    timeoutMs: 2000,
  });
}

describe('the console’s HTTP transport', () => {
  it('reads UTF-8 names and gzip, deflate and brotli answers as sent', async () => {
    const http = client();
    for (const path of ['/plain', '/gzip', '/deflate', '/br']) {
      const result = await http.request({ path, body: {}, safety: 'read' });
      expect(result.body, path).toEqual(NAMES);
    }
    http.close();
  });

  it('sends the JSON body and the query as given, encoded', async () => {
    const http = client();
    const result = await http.request<{ url: string; body: string }>({
      method: 'GET',
      path: '/echo',
      query: { offset: 'a+b=c/d e', limit: 100, skipped: undefined, archived: false },
      safety: 'read',
    });
    const url = new URL(result.body.url, server.url);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      offset: 'a+b=c/d e',
      limit: '100',
      archived: 'false',
    });
    await http.request({ path: '/echo', body: { name: 'Zoë' }, safety: 'read' });
    expect(received.at(-1)).toMatchObject({
      body: '{"name":"Zoë"}',
      contentType: 'application/json',
    });
    http.close();
  });

  it('treats an answer cut off mid-body as a failed attempt and reads it again', async () => {
    const before = received.filter((request) => request.url === '/cut').length;
    const calls: string[][] = [];
    const http = new HttpClient({
      baseUrl: server.url,
      provider: 'TestATS',
      authHeaders: () => ({}),
      limiter: new UnlimitedLimiter(),
      retry: { baseDelayMs: 5, capDelayMs: 20, maxRetries: 3 },
      onApiCall: (call) => calls.push(call.failures),
    });
    const result = await http.request({ path: '/cut', body: {}, safety: 'read' });
    http.close();
    expect(result.body).toEqual(NAMES);
    expect(result.attempts).toBe(2);
    // The sync log says what happened to the first attempt.
    expect(calls).toEqual([['the connection was dropped']]);
    expect(received.filter((request) => request.url === '/cut').length - before).toBe(2);
  });

  it('refuses an answer over maxContentLength', async () => {
    const instance = axios.create({
      adapter: leanAdapter(axios.getAdapter('http')),
      responseType: 'text',
      maxContentLength: 10,
    });
    await expect(instance.post(`${server.url}/plain`, '{}')).rejects.toMatchObject({
      code: 'ERR_BAD_RESPONSE',
      message: 'maxContentLength size of 10 exceeded',
    });
  });

  it('ends a cancelled request with axios’s CanceledError, carrying the request’s config', async () => {
    const instance = axios.create({
      adapter: leanAdapter(axios.getAdapter('http')),
      responseType: 'text',
    });
    const before = new AbortController();
    before.abort();
    const early = await instance
      .post(`${server.url}/echo`, '{}', { signal: before.signal })
      .catch((e: unknown) => e);
    expect(axios.isCancel(early)).toBe(true);
    expect(early).toMatchObject({ code: 'ERR_CANCELED', config: { url: `${server.url}/echo` } });

    const during = new AbortController();
    const pending = instance
      .post(`${server.url}/slow`, '{}', { signal: during.signal })
      .catch((e: unknown) => e);
    setTimeout(() => during.abort(), 5);
    const late = await pending;
    expect(axios.isCancel(late)).toBe(true);
    expect(late).toMatchObject({ code: 'ERR_CANCELED', config: { url: `${server.url}/slow` } });
    expect((late as { request?: unknown }).request).toBeDefined();
  });

  it('leaves forms and proxied requests to axios’s own adapter', async () => {
    const handed: InternalAxiosRequestConfig[] = [];
    const fallback: AxiosAdapter = (config) => {
      handed.push(config);
      return Promise.resolve({ data: '', status: 204, statusText: '', headers: {}, config });
    };
    const instance = axios.create({ adapter: leanAdapter(fallback), responseType: 'text' });
    const form = new FormData();
    form.append('file', new Blob(['x']), 'cv.pdf');
    await instance.post(`${server.url}/echo`, form);
    expect(handed).toHaveLength(1);

    const previous = process.env.HTTPS_PROXY;
    process.env.HTTPS_PROXY = 'http://proxy.example:3128';
    try {
      await instance.post(`${server.url}/echo`, '{}');
      expect(handed).toHaveLength(2);
      // A request that says no proxy (the client's loopback sandbox) stays with the transport.
      const direct = await instance.post(`${server.url}/echo`, '{}', { proxy: false });
      expect(direct.status).toBe(200);
      expect(handed).toHaveLength(2);
    } finally {
      if (previous === undefined) delete process.env.HTTPS_PROXY;
      else process.env.HTTPS_PROXY = previous;
    }
  });
});
