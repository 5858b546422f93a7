import { TransportError } from './wire';

/**
 * Turns what a fetch function throws into a `TransportError` with one code per cause, whichever
 * host's fetch it came from:
 * - undici wraps the cause (`TypeError: fetch failed`, `terminated`) around a Node error with a
 *   `code` (`ECONNREFUSED`, `ENOTFOUND`, a TLS code), an undici code (`UND_ERR_SOCKET`, …), or an
 *   aggregate of one error per address tried; a proxy that answers CONNECT with anything but 200
 *   ends the request with "Proxy response (407) !== 200 when HTTP Tunneling";
 * - Electron's `net.fetch` rejects with Chromium's net error name in the message
 *   (`net::ERR_CERT_AUTHORITY_INVALID`).
 */
export function transportErrorOf(error: unknown): TransportError {
  if (error instanceof TransportError) return error;
  const chain = causes(error);
  for (const link of chain) {
    const proxy = /Proxy response \((\d{3})\)/.exec(link.message);
    if (proxy) return proxyRefusal(Number(proxy[1]));
  }
  for (const link of chain) {
    const chromium = /net::(ERR_[A-Z0-9_]+)/.exec(link.message);
    if (chromium) return fromChromium(chromium[1]!, link.message);
  }
  for (const link of chain) {
    if (link.code) return new TransportError(link.message, NODE_CODES[link.code] ?? link.code);
  }
  const last = chain.at(-1);
  return new TransportError(last?.message || 'network error', 'ERR_NETWORK');
}

/** A proxy's refusal to open the tunnel: 407 asks for credentials, anything else says no. */
export function proxyRefusal(status: number): TransportError {
  return status === 407
    ? new TransportError('the proxy asks for credentials (HTTP 407)', 'ERR_PROXY_AUTH', status)
    : new TransportError(
        `the proxy refused the tunnel (HTTP ${status})`,
        'ERR_PROXY_REFUSED',
        status,
      );
}

interface Link {
  message: string;
  code: string | null;
}

/** The error, its causes, and the members of an aggregate, outermost first. */
function causes(error: unknown): Link[] {
  const out: Link[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current) && out.length < 8) {
    seen.add(current);
    const value = current as {
      message?: unknown;
      code?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    out.push({
      message: typeof value.message === 'string' ? value.message : '',
      code: typeof value.code === 'string' ? value.code : null,
    });
    current =
      value.cause ?? (Array.isArray(value.errors) && value.errors.length ? value.errors[0] : null);
  }
  return out;
}

/** undici's own codes, as the Node codes that say the same. */
const NODE_CODES: Record<string, string> = {
  UND_ERR_SOCKET: 'ECONNRESET',
  UND_ERR_CLOSED: 'ECONNRESET',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'ECONNRESET',
  UND_ERR_CONNECT_TIMEOUT: 'ETIMEDOUT',
  UND_ERR_HEADERS_TIMEOUT: 'ETIMEDOUT',
  UND_ERR_BODY_TIMEOUT: 'ETIMEDOUT',
  ABORT_ERR: 'ERR_CANCELED',
};

/** Chromium's net errors (Electron's `net.fetch`), as the Node codes that say the same. */
const CHROMIUM_CODES: Record<string, string> = {
  ERR_CONNECTION_REFUSED: 'ECONNREFUSED',
  ERR_NAME_NOT_RESOLVED: 'ENOTFOUND',
  ERR_NAME_RESOLUTION_FAILED: 'ENOTFOUND',
  ERR_CONNECTION_RESET: 'ECONNRESET',
  ERR_CONNECTION_CLOSED: 'ECONNRESET',
  ERR_CONNECTION_ABORTED: 'ECONNRESET',
  ERR_EMPTY_RESPONSE: 'ECONNRESET',
  ERR_INCOMPLETE_CHUNKED_ENCODING: 'ECONNRESET',
  ERR_CONTENT_LENGTH_MISMATCH: 'ECONNRESET',
  ERR_CONNECTION_TIMED_OUT: 'ETIMEDOUT',
  ERR_TIMED_OUT: 'ETIMEDOUT',
  ERR_INTERNET_DISCONNECTED: 'ENETDOWN',
  ERR_NETWORK_CHANGED: 'ECONNRESET',
  ERR_ADDRESS_UNREACHABLE: 'EHOSTUNREACH',
  ERR_ABORTED: 'ERR_CANCELED',
  ERR_CERT_AUTHORITY_INVALID: 'CERT_UNTRUSTED',
  ERR_CERT_INVALID: 'CERT_UNTRUSTED',
  ERR_CERT_COMMON_NAME_INVALID: 'ERR_TLS_CERT_ALTNAME_INVALID',
  ERR_CERT_DATE_INVALID: 'CERT_HAS_EXPIRED',
  ERR_PROXY_CONNECTION_FAILED: 'ERR_PROXY_UNREACHABLE',
  ERR_PROXY_AUTH_REQUESTED: 'ERR_PROXY_AUTH',
  ERR_PROXY_AUTH_UNSUPPORTED: 'ERR_PROXY_AUTH',
  ERR_TUNNEL_CONNECTION_FAILED: 'ERR_PROXY_REFUSED',
};

function fromChromium(name: string, message: string): TransportError {
  return new TransportError(message, CHROMIUM_CODES[name] ?? name);
}
