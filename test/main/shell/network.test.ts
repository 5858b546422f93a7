import { fetch as whatwgFetch, type RequestInit } from 'undici';
import { describe, expect, it } from 'vitest';
import type { FetchInit, FetchResponse } from '../../../src/main/core/http';
import { createElectronFetch } from '../../../src/main/shell/network';
import { startAshbySimulator } from '../../simulators/ashby/server';
import { FAST_HTTP } from '../../support/ashby';
import { openTestCore } from '../../support/core';

/**
 * The core on Electron's `net.fetch`, through a stand-in that hands each request to a WHATWG fetch
 * (undici's: a `Response` with a web stream body, as `net.fetch` answers; the one part that cannot
 * run here is Chromium itself): a real connect and import, and Chromium's network errors read as
 * the same causes.
 */
describe('createElectronFetch', () => {
  it('connects and imports through net.fetch, and reads its network errors', async () => {
    const sim = await startAshbySimulator({ tenant: { candidates: 30, applications: 40 } });
    const calls: Array<FetchInit & { bypassCustomProtocolHandlers?: boolean }> = [];
    let failWith: string | null = null;
    const net = {
      fetch: (url: string, init: FetchInit & { bypassCustomProtocolHandlers?: boolean }) => {
        calls.push(init);
        if (failWith) return Promise.reject(new Error(failWith));
        const { bypassCustomProtocolHandlers: _bypass, ...rest } = init;
        return whatwgFetch(url, rest as RequestInit) as unknown as Promise<FetchResponse>;
      },
    };
    const test = openTestCore({ http: FAST_HTTP, fetch: createElectronFetch(net) });
    try {
      const ctx = test.core.context;
      const { connection } = await ctx.connections.create({
        provider: 'ashby',
        baseUrl: sim.url,
        secret: { kind: 'api_key', apiKey: sim.keys.full },
        storeCredential: true,
      });
      const run = await ctx.sync.run(connection.id, { trigger: 'manual' });
      expect(run.status).toBe('succeeded');
      expect(calls.length).toBe(sim.requests.entries.length);
      expect(calls.every((init) => init.bypassCustomProtocolHandlers === true)).toBe(true);

      // Chromium's error for a certificate the OS store does not trust.
      failWith = 'net::ERR_CERT_AUTHORITY_INVALID';
      const error = await ctx.connections.recheck(connection.id).catch((caught: unknown) => caught);
      expect(error).toMatchObject({
        message: expect.stringMatching(/^This computer does not trust the certificate/),
        action: expect.stringMatching(/operating system's trust store/),
      });
    } finally {
      await test.cleanup();
      await sim.close();
    }
  });
});
