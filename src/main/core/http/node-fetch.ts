import tls from 'node:tls';
import {
  EnvHttpProxyAgent,
  FormData as UndiciFormData,
  fetch as undiciFetch,
  type RequestInit,
} from 'undici';
import type { FetchFunction, FetchInit, FetchResponse } from './wire';

/**
 * The fetch of a plain Node host (the CLI, the tests, the benchmarks): undici's, through
 * `EnvHttpProxyAgent`, so `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` (and their lower-case forms)
 * decide the route, with CONNECT tunnels for HTTPS. A loopback address never goes through a proxy
 * (a simulator or sandbox on this computer). Certificates: Node's bundled roots plus
 * `NODE_EXTRA_CA_CERTS` (which Node reads at start-up), and the operating system's store where the
 * Node version can list it (`tls.getCACertificates('system')`, Node 22.15 and later).
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
  // undici's types name its own FormData and stream classes; the objects are the platform's.
  return (url, init) =>
    undiciFetch(url, {
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

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

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
