import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeFetch } from '../../../../src/main/core/http/node-fetch';
import { refreshTokens, type TokenEndpoint } from '../../../../src/main/core/oauth/token-endpoint';
import { startServer } from '../../../simulators/common/http';
import {
  LEVER_DEMO_CLIENT,
  startLeverSimulator,
  type LeverSimulator,
} from '../../../simulators/lever/server';
import { startForwardProxy, type ForwardProxy } from '../../../support/proxy';

/**
 * The token endpoint goes out the same way as the API calls (the host's fetch, its proxy and
 * certificates), and its network failures get the same sentences, naming the sign-in service.
 */
let sim: LeverSimulator;
let proxy: ForwardProxy;

beforeAll(async () => {
  sim = await startLeverSimulator();
  proxy = await startForwardProxy({ credentials: { user: 'ada', password: 'proxy-pass-2' } });
});

afterAll(async () => {
  await proxy?.close();
  await sim?.close();
});

const endpoint = (tokenUrl: string, env: NodeJS.ProcessEnv = {}): TokenEndpoint => ({
  tokenUrl,
  fetch: createNodeFetch(env),
  clientId: LEVER_DEMO_CLIENT.clientId,
  clientSecret: LEVER_DEMO_CLIENT.clientSecret,
  providerLabel: 'Lever',
});

describe('the OAuth token endpoint on the host fetch', () => {
  it('renews tokens with a form-encoded POST', async () => {
    const issued = sim.oauth.issueTokens(LEVER_DEMO_CLIENT.clientId, ['offline_access']);
    const tokens = await refreshTokens(
      endpoint(`${sim.authUrl}/oauth/token`),
      issued.refresh_token as string,
      Date.now(),
    );
    expect(tokens.accessToken).toBeTruthy();
    expect(tokens.refreshToken).not.toBe(issued.refresh_token);
  });

  it('says when nothing listens, and when a proxy wants credentials, naming the sign-in service', async () => {
    const closed = await startServer(() => undefined);
    await closed.close();
    const refused = await refreshTokens(
      endpoint(`${closed.url}/oauth/token`),
      'r',
      Date.now(),
    ).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'NETWORK',
      message: `Could not reach Lever's sign-in service at 127.0.0.1:${closed.port} (connection refused).`,
      action: expect.stringMatching(/Nothing was changed\.$/),
    });

    const viaProxy = await refreshTokens(
      endpoint('https://auth.kula-test.invalid/oauth/token', { HTTPS_PROXY: proxy.url }),
      'r',
      Date.now(),
    ).catch((error: unknown) => error);
    expect(viaProxy).toMatchObject({
      code: 'NETWORK',
      message:
        "The proxy between this computer and Lever's sign-in service refused to connect to auth.kula-test.invalid without credentials (HTTP 407).",
    });
    expect(JSON.stringify(viaProxy)).not.toContain(LEVER_DEMO_CLIENT.clientSecret);
  });
});
