import { isAscii } from 'node:buffer';
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import {
  AxiosError,
  AxiosHeaders,
  CanceledError,
  type AxiosAdapter,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';

/**
 * The console's own axios adapter for the requests an import is made of: a JSON (or empty) body,
 * no proxy in the way. Axios's Node adapter handles every case axios supports (streams, forms,
 * proxies, redirects, progress events), and on a page of 100 records that generality cost more CPU
 * than parsing the page (bench/, ashby-import). This one sends the request and reads the answer
 * with `node:http` directly and keeps axios's contract for what the client relies on: the
 * response shape, `validateStatus`, timeouts per attempt (`ETIMEDOUT`, as with
 * `clarifyTimeoutError`), cancellation (`CanceledError`), network errors with their codes,
 * `maxContentLength`, gzip/deflate/brotli answers, and the body as a Buffer for `responseType:
 * 'arraybuffer'` (else as text). Anything else (a multipart upload, a proxy
 * from the environment) goes to axios's own adapter unchanged.
 */
export function leanAdapter(fallback: AxiosAdapter): AxiosAdapter {
  return (config) => (handlesItself(config) ? send(config) : fallback(config));
}

const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'];

function handlesItself(config: InternalAxiosRequestConfig): boolean {
  const plainBody = config.data === undefined || typeof config.data === 'string';
  const noProxy =
    config.proxy === false || PROXY_VARIABLES.every((name) => !process.env[name]?.trim());
  return plainBody && noProxy && (config.maxRedirects ?? 0) === 0;
}

function fullUrl(config: InternalAxiosRequestConfig): URL {
  const path = config.url ?? '';
  const url = /^https?:\/\//i.test(path)
    ? new URL(path)
    : new URL(`${(config.baseURL ?? '').replace(/\/+$/, '')}${path}`);
  const params = (config.params ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null) url.searchParams.append(key, String(value));
  }
  return url;
}

function send(config: InternalAxiosRequestConfig): Promise<AxiosResponse<string | Buffer>> {
  return new Promise((resolve, reject) => {
    const signal = config.signal as AbortSignal | undefined;
    if (signal?.aborted) {
      reject(new CanceledError(undefined, config));
      return;
    }
    let url: URL;
    try {
      url = fullUrl(config);
    } catch (error) {
      reject(AxiosError.from(error, AxiosError.ERR_INVALID_URL, config));
      return;
    }
    const secure = url.protocol === 'https:';
    const headers = AxiosHeaders.from(config.headers).toJSON() as Record<string, string>;
    const body = typeof config.data === 'string' ? config.data : undefined;
    if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
    headers['Accept-Encoding'] ??= 'gzip, deflate, br';

    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      request.destroy();
      reject(error);
    };
    const request = (secure ? https : http).request(url, {
      method: (config.method ?? 'get').toUpperCase(),
      headers,
      agent: secure ? config.httpsAgent : config.httpAgent,
    });
    const onAbort = () => fail(new CanceledError(undefined, config, request));
    signal?.addEventListener('abort', onAbort, { once: true });

    if (config.timeout) {
      request.setTimeout(config.timeout, () => {
        const message = config.timeoutErrorMessage ?? `timeout of ${config.timeout}ms exceeded`;
        fail(new AxiosError(message, AxiosError.ETIMEDOUT, config, request));
      });
    }
    request.on('error', (error: NodeJS.ErrnoException) =>
      fail(AxiosError.from(error, error.code, config, request)),
    );
    request.on('response', (response) => {
      const limit = config.maxContentLength ?? -1;
      const stream = decoded(response);
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (limit > -1 && size > limit) {
          fail(
            new AxiosError(
              `maxContentLength size of ${limit} exceeded`,
              AxiosError.ERR_BAD_RESPONSE,
              config,
              request,
            ),
          );
          return;
        }
        chunks.push(chunk);
      });
      // The connection dropped mid-answer (what Node reports as ECONNRESET, "aborted").
      const cutOff = (error?: NodeJS.ErrnoException) =>
        fail(
          new AxiosError(error?.message ?? 'aborted', error?.code ?? 'ECONNRESET', config, request),
        );
      response.on('aborted', () => cutOff());
      response.on('close', () => {
        if (!response.complete) cutOff();
      });
      stream.on('error', cutOff);
      stream.on('end', () => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        const result: AxiosResponse<string | Buffer> = {
          data: config.responseType === 'arraybuffer' ? bytes : text(bytes),
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          headers: new AxiosHeaders(response.headers as Record<string, string>),
          config,
          request,
        };
        if (!config.validateStatus || config.validateStatus(result.status)) resolve(result);
        else
          reject(
            new AxiosError(
              `Request failed with status code ${result.status}`,
              AxiosError.ERR_BAD_RESPONSE,
              config,
              request,
              result,
            ),
          );
      });
    });
    request.end(body);
  });
}

/** UTF-8 text; ASCII (most API pages) is decoded as Latin-1, which is the same and faster. */
function text(body: Buffer): string {
  return isAscii(body) ? body.toString('latin1') : body.toString('utf8');
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
