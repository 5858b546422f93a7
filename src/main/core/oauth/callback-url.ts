import { ConsoleError } from '../errors';

/**
 * The loopback redirect URI. It must be `http://` on a loopback IP literal — never `localhost`,
 * which a resolver may send to another interface — with an explicit port and path. The admin sets
 * it to exactly the callback URL registered for the OAuth app: Lever registers callbacks by hand
 * and may not accept any loopback port, as desktop-app OAuth servers are asked to (see
 * docs/security.md).
 */
export interface CallbackAddress {
  host: string;
  port: number;
  path: string;
  /** The redirect_uri as configured, e.g. `http://127.0.0.1:47825/callback`. */
  uri: string;
}

export const DEFAULT_CALLBACK_URL = 'http://127.0.0.1:47825/callback';

export function parseCallbackUrl(value: string): CallbackAddress {
  const invalid = (detail: string) =>
    new ConsoleError(
      'BAD_INPUT',
      `The callback URL "${value}" cannot be used: ${detail}`,
      `Use a loopback address with a port, e.g. ${DEFAULT_CALLBACK_URL}, exactly as registered for the OAuth app.`,
      [{ path: 'callbackUrl', message: detail }],
    );
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw invalid('it is not a URL.');
  }
  if (url.protocol !== 'http:')
    throw invalid('it must start with http:// (a loopback listener has no certificate).');
  const host = url.hostname;
  const ipv4Loopback = /^127(\.\d{1,3}){3}$/.test(host);
  if (!ipv4Loopback && host !== '[::1]') {
    throw invalid(
      'the host must be a loopback IP address (127.0.0.1 or [::1]), not a name like localhost.',
    );
  }
  // `new URL` drops a default port, so ":80" reads as no port: both are refused.
  if (!url.port) throw invalid('it needs an explicit port, e.g. :47825.');
  if (url.username || url.password || url.search || url.hash) {
    throw invalid('it must not carry credentials, a query or a fragment.');
  }
  // Port 0 asks for any free port: only for OAuth apps that accept any loopback port (see above).
  const port = Number(url.port);
  if (port !== 0 && port < 1024)
    throw invalid('use a port from 1024 to 65535 (or 0 for any free port).');
  return {
    host: host === '[::1]' ? '::1' : host,
    port,
    path: url.pathname || '/',
    uri: `http://${host}:${port}${url.pathname || '/'}`,
  };
}
