import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { sendThroughAxios } from './axios-transport';
import { TransportError, type WireRequest, type WireResponse } from './wire';

/**
 * One HTTP attempt, nothing more: no retries, no status handling (the client does both). A JSON
 * (or empty) body with no proxy in the way, which is every request an import is made of, goes out
 * through `node:http` directly: on a page of 100 records axios's generality (config merging,
 * interceptors, its adapter's stream handling) cost more CPU than parsing the page (bench/,
 * ashby-import). A multipart upload or a request through a proxy from the environment goes through
 * axios, which handles both.
 */

const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'];

export function send(request: WireRequest): Promise<WireResponse> {
  const proxied =
    request.proxyAllowed && PROXY_VARIABLES.some((name) => Boolean(process.env[name]?.trim()));
  const { body } = request;
  if (typeof body === 'object' || proxied) return sendThroughAxios(request);
  return sendDirect(request, body);
}

function sendDirect(wire: WireRequest, body: string | undefined): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const { signal } = wire;
    if (signal?.aborted) {
      reject(new TransportError('canceled', 'ERR_CANCELED'));
      return;
    }
    const secure = wire.url.protocol === 'https:';
    const headers: Record<string, string> = { 'Accept-Encoding': 'gzip, deflate, br' };
    Object.assign(headers, wire.headers);
    if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));

    let settled = false;
    const fail = (error: TransportError) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      request.destroy();
      reject(error);
    };
    const request = (secure ? https : http).request(wire.url, {
      method: wire.method,
      headers,
      agent: secure ? wire.agents.https : wire.agents.http,
    });
    const onAbort = () => fail(new TransportError('canceled', 'ERR_CANCELED'));
    signal?.addEventListener('abort', onAbort, { once: true });

    request.setTimeout(wire.timeoutMs, () =>
      fail(new TransportError(`timeout of ${wire.timeoutMs}ms exceeded`, 'ETIMEDOUT')),
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      fail(new TransportError(error.message, error.code ?? 'ERR_NETWORK')),
    );
    request.on('response', (response) => {
      const stream = decoded(response);
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > wire.maxContentLength) {
          fail(
            new TransportError(
              `maxContentLength size of ${wire.maxContentLength} exceeded`,
              'ERR_BAD_RESPONSE',
            ),
          );
          return;
        }
        chunks.push(chunk);
      });
      // The connection dropped mid-answer (what Node reports as ECONNRESET, "aborted").
      const cutOff = (error?: NodeJS.ErrnoException) =>
        fail(new TransportError(error?.message ?? 'aborted', error?.code ?? 'ECONNRESET'));
      response.on('aborted', () => cutOff());
      response.on('close', () => {
        if (!response.complete) cutOff();
      });
      stream.on('error', cutOff);
      stream.on('end', () => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
        });
      });
    });
    request.end(body);
  });
}

/** The body as sent, unpacked when the server compressed it. */
function decoded(response: http.IncomingMessage): NodeJS.ReadableStream {
  if (response.statusCode === 204 || response.headers['content-length'] === '0') return response;
  switch ((response.headers['content-encoding'] ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return response.pipe(zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH }));
    case 'deflate':
      return response.pipe(zlib.createInflate({ finishFlush: zlib.constants.Z_SYNC_FLUSH }));
    case 'br':
      return response.pipe(
        zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH }),
      );
    default:
      return response;
  }
}
