import type http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, UnlimitedLimiter } from '../../../../src/main/core/http';
import { createNodeFetch } from '../../../../src/main/core/http/node-fetch';
import { send } from '../../../../src/main/core/http/transport';
import { TransportError, type WireRequest } from '../../../../src/main/core/http/wire';
import { fetch as whatwgFetch, type RequestInit } from 'undici';
import type { FetchFunction, FetchResponse } from '../../../../src/main/core/http';
import { readBody, startServer, type RunningServer } from '../../../simulators/common/http';
import { startForwardProxy } from '../../../support/proxy';

/** Answers by path: one attempt through the host's fetch must read each as sent. */
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

const fetch = createNodeFetch({});

/** One attempt as the client would hand it over. */
function wire(url: string, overrides: Partial<WireRequest> = {}): WireRequest {
  return {
    method: 'POST',
    url: new URL(url),
    headers: {},
    body: '{}',
    timeoutMs: 2000,
    maxContentLength: 1024 * 1024,
    ...overrides,
  };
}

function client(): HttpClient {
  return new HttpClient({
    baseUrl: server.url,
    fetch,
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
      fetch,
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

  it('refuses an answer over the size limit as a failed attempt', async () => {
    await expect(
      send(fetch, wire(`${server.url}/plain`, { maxContentLength: 10 })),
    ).rejects.toMatchObject({
      name: 'TransportError',
      code: 'ERR_BAD_RESPONSE',
      message: 'maxContentLength size of 10 exceeded',
    });
  });

  it('ends a request cancelled before or while it runs with ERR_CANCELED', async () => {
    const before = new AbortController();
    before.abort();
    await expect(
      send(fetch, wire(`${server.url}/echo`, { signal: before.signal })),
    ).rejects.toMatchObject({ code: 'ERR_CANCELED' });

    const during = new AbortController();
    const pending = send(fetch, wire(`${server.url}/slow`, { signal: during.signal }));
    setTimeout(() => during.abort(), 5);
    await expect(pending).rejects.toBeInstanceOf(TransportError);
    await expect(pending).rejects.toMatchObject({ code: 'ERR_CANCELED' });
  });

  it('times out an attempt whose answer stops coming', async () => {
    await expect(send(fetch, wire(`${server.url}/slow`, { timeoutMs: 50 }))).rejects.toMatchObject({
      code: 'ETIMEDOUT',
    });
  });

  it('reads a WHATWG fetch answer (a web stream, as Electron’s net.fetch gives) the same way', async () => {
    // What the app's fetch returns: a Response whose body is a web ReadableStream.
    const web: FetchFunction = (url, init) =>
      whatwgFetch(url, init as RequestInit) as unknown as Promise<FetchResponse>;
    for (const path of ['/plain', '/gzip', '/br']) {
      const response = await send(web, wire(`${server.url}${path}`));
      expect(JSON.parse(response.bytes.toString('utf8')), path).toEqual(NAMES);
    }
    await expect(
      send(web, wire(`${server.url}/plain`, { maxContentLength: 10 })),
    ).rejects.toMatchObject({ code: 'ERR_BAD_RESPONSE' });
    await expect(send(web, wire(`${server.url}/slow`, { timeoutMs: 50 }))).rejects.toMatchObject({
      code: 'ETIMEDOUT',
    });
  });

  it('sends a multipart form with its file', async () => {
    const form = new FormData();
    form.append('file', new Blob(['%PDF-1.4 resume']), 'cv.pdf');
    const response = await send(fetch, wire(`${server.url}/echo`, { body: form }));
    const echoed = JSON.parse(response.bytes.toString('utf8')) as { body: string };
    expect(response.status).toBe(200);
    expect(echoed.body).toContain('filename="cv.pdf"');
    expect(echoed.body).toContain('%PDF-1.4 resume');
    expect(received.at(-1)?.contentType).toMatch(/^multipart\/form-data; boundary=/);
  });

  it('goes through the proxy from the environment, except for a loopback sandbox', async () => {
    const proxy = await startForwardProxy({ hosts: { 'ats.example:80': server.port } });
    try {
      const proxied = createNodeFetch({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url });
      const viaProxy = await send(proxied, wire('http://ats.example/plain'));
      expect(JSON.parse(viaProxy.bytes.toString('utf8'))).toEqual(NAMES);
      expect(proxy.tunnels).toEqual([{ target: 'ats.example:80', status: 200 }]);

      const direct = await send(proxied, wire(`${server.url}/plain`));
      expect(JSON.parse(direct.bytes.toString('utf8'))).toEqual(NAMES);
      expect(proxy.tunnels).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });
});
