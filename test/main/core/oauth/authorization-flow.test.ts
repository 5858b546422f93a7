import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beginAuthorization } from '../../../../src/main/core/oauth/authorization-flow';
import { parseCallbackUrl } from '../../../../src/main/core/oauth/callback-url';
import { startLeverSimulator, type LeverSimulator } from '../../../simulators/lever/server';
import { decideInBrowser, type BrowserVisit } from './support';
import { createNodeFetch } from '../../../../src/main/core/http/node-fetch';

const CLIENT = {
  clientId: 'flow-test-client',
  clientSecret: 'flow-test-secret-value',
  name: 'Kula ATS Console (test)',
  redirectUris: ['http://127.0.0.1:1/callback'],
  loopbackAnyPort: true,
};
let sim: LeverSimulator;

beforeAll(async () => {
  sim = await startLeverSimulator({ tenant: { opportunities: 5 }, oauthClients: [CLIENT] });
});
afterAll(() => sim.close());

/** Starts a flow whose "system browser" is `browse`. */
async function start(
  browse: (url: string) => Promise<BrowserVisit>,
  clientSecret = CLIENT.clientSecret,
) {
  const visits: Promise<BrowserVisit>[] = [];
  const pending = await beginAuthorization({
    authorizeUrl: `${sim.authUrl}/authorize`,
    endpoint: {
      tokenUrl: `${sim.authUrl}/oauth/token`,
      fetch: createNodeFetch(),
      clientId: CLIENT.clientId,
      clientSecret,
      providerLabel: 'Lever',
    },
    scopes: ['offline_access', 'opportunities:read:admin', 'stages:read:admin'],
    extraParams: { audience: sim.audience },
    callback: parseCallbackUrl('http://127.0.0.1:0/callback'),
    pkce: true,
    timeoutMs: 10_000,
    openExternal: async (url) => {
      visits.push(browse(url));
    },
    now: () => Date.now(),
  });
  return { pending, visit: () => visits[0] as Promise<BrowserVisit> };
}

describe('desktop authorization-code flow against the Lever simulator', () => {
  it('opens the browser at an authorize URL with audience, offline_access, state and an S256 challenge', async () => {
    const { pending, visit } = await start((url) => decideInBrowser(url, 'accept'));
    const tokens = await pending.complete();
    const { authorizeUrl } = await visit();
    const params = authorizeUrl.searchParams;
    expect(params.get('response_type')).toBe('code');
    expect(params.get('audience')).toBe(sim.audience);
    expect(params.get('scope')?.split(' ')).toContain('offline_access');
    expect(params.get('state')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('redirect_uri')).toBe(pending.redirectUri);
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(tokens.expiresAt).toBeGreaterThan(Date.now() + 3_500_000);
    expect(tokens.scopes).toContain('stages:read:admin');
    // The simulator checked the verifier against the challenge before issuing these tokens.
    const stages = await fetch(`${sim.apiUrl}/stages`, {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    });
    expect(stages.status).toBe(200);
  });

  it('ends a denial with a clear message and never calls the token endpoint', async () => {
    const before = sim.oauth.tokenRequests.length;
    const { pending, visit } = await start((url) => decideInBrowser(url, 'deny'));
    await expect(pending.complete()).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      message: expect.stringContaining('not granted'),
    });
    expect((await visit()).callbackPage).toContain('Access was not granted');
    expect(sim.oauth.tokenRequests.length).toBe(before);
  });

  it('ignores an answer with a wrong state (never exchanged), and the real answer still completes', async () => {
    const before = sim.oauth.tokenRequests.length;
    let forgedStatus = 0;
    const { pending } = await start(async (url) => {
      const redirectUri = new URL(url).searchParams.get('redirect_uri')!;
      forgedStatus = (await fetch(`${redirectUri}?code=forged-code&state=forged-state`)).status;
      return decideInBrowser(url, 'accept');
    });
    const tokens = await pending.complete();
    expect(forgedStatus).toBe(400);
    expect(tokens.accessToken).toBeTruthy();
    expect(sim.oauth.tokenRequests.length).toBe(before + 1);
    expect(JSON.stringify(sim.oauth.tokenRequests.slice(before))).not.toContain('forged-code');
  });

  it('reports a wrong client secret as the OAuth app credentials being refused', async () => {
    const { pending } = await start((url) => decideInBrowser(url, 'accept'), 'wrong-secret-123');
    await expect(pending.complete()).rejects.toMatchObject({
      code: 'NEEDS_REAUTH',
      message: expect.stringContaining('client id or client secret'),
    });
  });

  it('closes the listener when cancelled before the admin answers', async () => {
    const { pending } = await start(async () => ({
      authorizeUrl: new URL('http://unused'),
      redirectedTo: null,
      callbackStatus: null,
      callbackPage: '',
    }));
    const done = pending.complete();
    pending.cancel();
    await expect(done).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
