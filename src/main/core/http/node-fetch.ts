import { pipeline, type Readable, type Transform } from 'node:stream';
import tls from 'node:tls';
import zlib from 'node:zlib';
import {
  EnvHttpProxyAgent,
  FormData as UndiciFormData,
  fetch as undiciFetch,
  request,
  type Dispatcher,
  type RequestInit,
} from 'undici';
import type { FetchFunction, FetchInit, FetchResponse } from './wire';

/**
 * The fetch of a plain Node host (the CLI, the tests, the benchmarks), on undici through
 * `EnvHttpProxyAgent`: `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` (and their lower-case forms)
 * decide the route, with CONNECT tunnels for HTTPS. A loopback address never goes through a proxy
 * (a simulator or sandbox on this computer). Certificates: Node's bundled roots plus
 * `NODE_EXTRA_CA_CERTS` (which Node reads at start-up), and the operating system's store where the
 * Node version can list it (`tls.getCACertificates('system')`, Node 22.15 and later).
 *
 * It behaves as WHATWG fetch does for what the console asks of it (any status resolves, no
 * redirect followed, compressed answers unpacked), in two ways: a JSON or empty body, which is
 * every request an import is made of, goes through undici's `request`, whose body is a plain Node
 * stream; a form (multipart or form-encoded) goes through undici's `fetch`, which encodes it. On
 * a page of 100 records `fetch`'s web streams and body mixins cost about twice the CPU of
 * `request` (bench/, ashby-import); both use the same dispatcher, so the route and the trusted
 * certificates are the same.
 *
 * The Electron app passes `net.fetch` instead: Chromium's network stack, with the OS proxy
 * settings, PAC files and trust store.
 */
export function createNodeFetch(env: NodeJS.ProcessEnv = process.env): FetchFunction {
  // An empty lower-case variable does not hide the upper-case one.
  const httpsProxy = env.https_proxy || env.HTTPS_PROXY;
  const httpProxy = env.http_proxy || env.HTTP_PROXY;
  const noProxy = [env.no_proxy || env.NO_PROXY, ...LOOPBACK].filter(Boolean).join(',');
  const ca = systemAndDefaultCertificates();
  const tlsOptions = ca ? { connect: { ca }, requestTls: { ca }, proxyTls: { ca } } : {};
  const dispatcher = new EnvHttpProxyAgent({
    noProxy,
    ...tlsOptions,
    // Given even when unset: undici would otherwise read process.env, not `env`.
    httpsProxy: httpsProxy ?? '',
    httpProxy: httpProxy ?? '',
  });
  return (url, init) =>
    init.body === undefined || typeof init.body === 'string'
      ? requestFetch(dispatcher, url, init, init.body)
      : formFetch(dispatcher, url, init);
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

async function requestFetch(
  dispatcher: Dispatcher,
  url: string,
  init: FetchInit,
  body: string | undefined,
): Promise<FetchResponse> {
  const response = await request(url, {
    method: init.method as Dispatcher.HttpMethod,
    // Asked for and unpacked here, as a browser's fetch does.
    headers: { 'accept-encoding': 'gzip, deflate, br', ...init.headers },
    ...(body !== undefined ? { body } : {}),
    signal: init.signal,
    dispatcher,
  });
  const { headers, statusCode } = response;
  return {
    status: statusCode,
    headers: {
      forEach(callback) {
        for (const [name, value] of Object.entries(headers)) {
          if (value !== undefined) callback(Array.isArray(value) ? value.join(', ') : value, name);
        }
      },
    },
    body: unpacked(response.body, headers['content-encoding'], statusCode),
  };
}

/** The body as sent, through a decompressor when the server packed it. */
function unpacked(
  body: Readable,
  encoding: string | string[] | undefined,
  status: number,
): AsyncIterable<Uint8Array> {
  if (status === 204 || status === 304) return body;
  let decoder: Transform | null = null;
  switch (
    String(encoding ?? '')
      .trim()
      .toLowerCase()
  ) {
    case 'gzip':
    case 'x-gzip':
      decoder = zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
      break;
    case 'deflate':
      decoder = zlib.createInflate({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
      break;
    case 'br':
      decoder = zlib.createBrotliDecompress({
        finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
      });
      break;
  }
  // A failure on either side (a dropped connection) ends the other, and reaches the reader.
  return decoder ? pipeline(body, decoder, () => undefined) : body;
}

/** A multipart or form-encoded body: undici's fetch encodes it. */
function formFetch(dispatcher: Dispatcher, url: string, init: FetchInit): Promise<FetchResponse> {
  // undici's types name its own FormData and stream classes; the objects are the platform's.
  return undiciFetch(url, {
    ...init,
    ...(init.body instanceof FormData ? { body: asUndiciForm(init.body) } : {}),
    dispatcher,
  } as RequestInit) as unknown as Promise<FetchResponse>;
}

/**
 * The same form as undici's own class: this undici builds a multipart body only from its own
 * FormData, and Node's global one comes from the undici bundled with Node. Files are the
 * platform's Blobs either way, so nothing is copied.
 */
function asUndiciForm(form: FormData): NonNullable<FetchInit['body']> {
  const copy = new UndiciFormData();
  form.forEach((value, name) => {
    if (typeof value === 'string') copy.append(name, value);
    else copy.append(name, value, value.name);
  });
  return copy as unknown as FormData;
}

/** Node's default roots and the OS store, when this Node can list the latter; else null. */
function systemAndDefaultCertificates(): string[] | null {
  const list = (tls as { getCACertificates?: (type?: string) => string[] }).getCACertificates;
  if (typeof list !== 'function') return null;
  try {
    return [...list('default'), ...list('system')];
  } catch {
    return null;
  }
}
