import { afterEach, describe, expect, it } from 'vitest';
import { LEVER_DEMO_CLIENT } from '../../../simulators/lever/server';
import { ALL_LEVER_SCOPES, leverFixture, type LeverFixture } from '../../../support/lever';

/**
 * Found by the crash campaign: checking a new Lever authorization whose access token is about to
 * expire renews it, and Lever rotates the refresh token; the console used to store the pair it
 * was given, whose refresh token Lever had just retired, so the first renewal after connecting
 * was refused and Lever revoked the authorization.
 */

let fixture: LeverFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

function expiringPair(f: LeverFixture) {
  const issued = f.sim.oauth.issueTokens(LEVER_DEMO_CLIENT.clientId, ALL_LEVER_SCOPES);
  return {
    kind: 'oauth' as const,
    clientId: LEVER_DEMO_CLIENT.clientId,
    clientSecret: LEVER_DEMO_CLIENT.clientSecret,
    accessToken: issued.access_token as string,
    refreshToken: issued.refresh_token as string,
    // Inside the renewal margin: the check renews it first.
    expiresAt: Date.now() + 10_000,
  };
}

describe('a Lever authorization renewed while it is checked', () => {
  it('is stored as renewed when connecting, so later renewals and syncs work', async () => {
    fixture = await leverFixture({ connect: false });
    const f = fixture;
    const { connection } = await f.ctx.connections.create({
      provider: 'lever',
      baseUrl: f.sim.apiUrl,
      secret: expiringPair(f),
      config: { authBaseUrl: f.sim.authUrl, grantedScopes: ALL_LEVER_SCOPES },
      storeCredential: true,
    });
    const stored = f.ctx.vault.load(connection.id);
    expect(stored.kind === 'oauth' && stored.expiresAt > Date.now() + 600_000).toBe(true);
    expect(f.sim.oauth.tokenRequests.map((request) => request.outcome)).toEqual(['ok']);

    // The next renewal presents the stored refresh token: Lever must accept it.
    f.ctx.vault.store(
      connection.id,
      { ...stored, expiresAt: Date.now() - 1000 } as typeof stored,
      new Date().toISOString(),
    );
    const run = await f.ctx.sync.run(connection.id, { trigger: 'manual' });
    expect(run.status).toBe('succeeded');
    expect(f.sim.oauth.tokenRequests.map((request) => request.outcome)).toEqual(['ok', 'ok']);
  });

  it('is stored as renewed when reconnecting', async () => {
    fixture = await leverFixture({ connect: 'oauth' });
    const f = fixture;
    await f.ctx.connections.replaceCredential(f.connectionId, expiringPair(f));
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(run.status).toBe('succeeded');
    expect(f.sim.oauth.tokenRequests.every((request) => request.outcome === 'ok')).toBe(true);
  });
});
