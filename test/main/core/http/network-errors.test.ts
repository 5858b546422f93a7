import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AtsApiError,
  HttpClient,
  UnlimitedLimiter,
  type FetchFunction,
} from '../../../../src/main/core/http';
import { createNodeFetch } from '../../../../src/main/core/http/node-fetch';
import { transportErrorOf } from '../../../../src/main/core/http/fetch-errors';
import { sendJson, startServer, type RunningServer } from '../../../simulators/common/http';
import { startForwardProxy, type ForwardProxy } from '../../../support/proxy';
import {
  makeTestCertificates,
  opensslAvailable,
  type TestCertificates,
} from '../../../support/tls';

/**
 * Each way the network can fail gets its own sentence and says what to do, with real parts: a TLS
 * server whose certificate a private CA signed, a CONNECT proxy that may demand credentials or
 * refuse a host, a name no DNS knows.
 */
const HOST = 'ats.kula-test.invalid';
const withOpenssl = opensslAvailable();
if (!withOpenssl) console.warn('openssl is not installed: the certificate tests are skipped.');

let certificates: TestCertificates | undefined;
let tlsServer: RunningServer | undefined;
let proxy: ForwardProxy;

beforeAll(async () => {
  proxy = await startForwardProxy({
    credentials: { user: 'ada', password: 'proxy-pass-1' },
    refuse: ['blocked.kula-test.invalid:443'],
  });
  if (withOpenssl) {
    certificates = makeTestCertificates([HOST]);
    tlsServer = await startServer(
      (_req, res) => sendJson(res, 200, { ok: true }),
      0,
      certificates.server,
    );
  }
});

afterAll(async () => {
  await tlsServer?.close();
  await proxy?.close();
  certificates?.cleanup();
});

async function failure(baseUrl: string, fetch: FetchFunction): Promise<AtsApiError> {
  const http = new HttpClient({
    baseUrl,
    fetch,
    provider: 'Ashby',
    authHeaders: () => ({ Authorization: 'Basic c2VjcmV0LWtleTo=' }),
    limiter: new UnlimitedLimiter(),
    retry: { maxRetries: 2, baseDelayMs: 1, capDelayMs: 5 },
    timeoutMs: 5000,
  });
  const error = await http.request({ path: '/candidate.list', body: {}, safety: 'read' }).then(
    () => {
      throw new Error('the call should have failed');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AtsApiError);
  return error as AtsApiError;
}

describe('network errors that say what to do', () => {
  it.skipIf(!withOpenssl)(
    'names a certificate the machine does not trust, the company-certificate case, and what to do in the app and the CLI',
    async () => {
      const error = await failure(tlsServer!.url, createNodeFetch({}));
      expect(error.kind).toBe('network');
      expect(error.message).toBe(
        `This computer does not trust the certificate that answered for Ashby at ${new URL(tlsServer!.url).host} (unable to verify leaf signature); on a company network this usually means the network inspects encrypted traffic with its own company certificate.`,
      );
      expect(error.action).toMatch(/operating system's trust store/);
      expect(error.action).toMatch(/NODE_EXTRA_CA_CERTS/);
      // Trying again in a few seconds cannot fix a certificate: no retries.
      expect(error.attempts).toBe(1);
    },
  );

  it('says when the proxy wants credentials (407), and works once they are given', async () => {
    const target = 'https://api.kula-test.invalid';
    const error = await failure(target, createNodeFetch({ HTTPS_PROXY: proxy.url }));
    expect(error.message).toBe(
      'The proxy between this computer and Ashby refused to connect to api.kula-test.invalid without credentials (HTTP 407).',
    );
    expect(error.action).toMatch(/HTTPS_PROXY \(http:\/\/user:password@proxy:port\)/);
    expect(error.attempts).toBe(1);
    // The credentials in the proxy address never reach a message.
    const withCredentials = new URL(proxy.url);
    withCredentials.username = 'ada';
    withCredentials.password = 'proxy-pass-1';
    const refused = await failure(
      'https://blocked.kula-test.invalid',
      createNodeFetch({ HTTPS_PROXY: withCredentials.href }),
    );
    expect(proxy.tunnels.at(-1)).toEqual({ target: 'blocked.kula-test.invalid:443', status: 403 });
    expect(refused.message).toBe(
      'The proxy between this computer and Ashby refused to connect to blocked.kula-test.invalid (HTTP 403).',
    );
    expect(refused.action).toBe(
      'Ask IT to allow blocked.kula-test.invalid through the proxy, then try again.',
    );
    expect(`${error.message} ${error.action} ${refused.message} ${refused.action}`).not.toMatch(
      /proxy-pass-1|c2VjcmV0/,
    );
  });

  it('says when the name cannot be looked up (DNS)', async () => {
    const error = await failure(`https://${HOST}`, createNodeFetch({}));
    expect(error.kind).toBe('network');
    expect(error.message).toBe(
      `Could not reach Ashby: this computer could not look up ${HOST} (DNS).`,
    );
    expect(error.action).toMatch(/online/);
    // A name may resolve again once the network is back: retried like a refused connection.
    expect(error.attempts).toBe(3);
  });

  it('says when nothing listens, and when the answer does not come in time', async () => {
    const closed = await startServer(() => undefined);
    await closed.close();
    const refused = await failure(closed.url, createNodeFetch({}));
    expect(refused.message).toBe(
      `Could not reach Ashby at 127.0.0.1:${closed.port} (connection refused).`,
    );

    const silent = await startServer(() => undefined);
    try {
      const http = new HttpClient({
        baseUrl: silent.url,
        fetch: createNodeFetch({}),
        provider: 'Ashby',
        authHeaders: () => ({}),
        limiter: new UnlimitedLimiter(),
        retry: { maxRetries: 0 },
        timeoutMs: 100,
      });
      const error = (await http
        .request({ path: '/candidate.list', body: {}, safety: 'read' })
        .catch((caught: unknown) => caught)) as AtsApiError;
      expect(error.kind).toBe('timeout');
      expect(error.message).toBe(`Ashby (127.0.0.1:${silent.port}) did not answer in time.`);
    } finally {
      await silent.close();
    }
  });

  it("reads Electron's network errors as the same causes", () => {
    const code = (message: string) => transportErrorOf(new Error(message)).code;
    expect(code('net::ERR_CERT_AUTHORITY_INVALID')).toBe('CERT_UNTRUSTED');
    expect(code('net::ERR_NAME_NOT_RESOLVED')).toBe('ENOTFOUND');
    expect(code('net::ERR_CONNECTION_REFUSED')).toBe('ECONNREFUSED');
    expect(code('net::ERR_TUNNEL_CONNECTION_FAILED')).toBe('ERR_PROXY_REFUSED');
    expect(code('net::ERR_PROXY_AUTH_UNSUPPORTED')).toBe('ERR_PROXY_AUTH');
    expect(code('net::ERR_CONNECTION_TIMED_OUT')).toBe('ETIMEDOUT');
  });
});
