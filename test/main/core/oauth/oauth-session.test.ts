import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isoNow } from '../../../../src/main/core/clock';
import {
  getConnectionRow,
  insertConnection,
  setConnectionStatus,
} from '../../../../src/main/core/db/repos/connections';
import { OAuthSession } from '../../../../src/main/core/oauth/oauth-session';
import { DbRefreshLease } from '../../../../src/main/core/oauth/refresh-lease';
import type { CoreContext } from '../../../../src/main/core/context';
import type { CredentialAccess } from '../../../../src/main/core/providers/provider';
import type { StoredSecret } from '../../../../src/main/core/vault/vault';
import { openTestCore } from '../../../support/core';
import {
  LEVER_DEMO_CLIENT,
  startLeverSimulator,
  type LeverSimulator,
} from '../../../simulators/lever/server';
import { createNodeFetch } from '../../../../src/main/core/http/node-fetch';

type OAuthSecret = Extract<StoredSecret, { kind: 'oauth' }>;
const SCOPES = ['offline_access', 'stages:read:admin'];
let sim: LeverSimulator;
let ctx: CoreContext;
let cleanup: () => Promise<void>;
let connectionId: string;
let counter = 0;

beforeAll(async () => {
  sim = await startLeverSimulator({ tenant: { opportunities: 3 } });
});
afterAll(() => sim.close());

beforeEach(() => {
  const test = openTestCore();
  ctx = test.core.context;
  cleanup = test.cleanup;
  connectionId = `lever-test-${++counter}`;
  insertConnection(ctx.db, {
    id: connectionId,
    provider: 'lever',
    label: 'Lever',
    baseUrl: sim.apiUrl,
    authMode: 'oauth',
    now: isoNow(ctx.clock),
  });
});
afterEach(() => cleanup());

/** A stored authorization as the wizard leaves it, its access token already expired. */
function connect(expiresAt = Date.now() - 1000): OAuthSecret {
  const issued = sim.oauth.issueTokens(LEVER_DEMO_CLIENT.clientId, SCOPES);
  const secret: OAuthSecret = {
    kind: 'oauth',
    clientId: LEVER_DEMO_CLIENT.clientId,
    clientSecret: LEVER_DEMO_CLIENT.clientSecret,
    accessToken: issued.access_token as string,
    refreshToken: issued.refresh_token as string,
    expiresAt,
  };
  ctx.vault.store(connectionId, secret, isoNow(ctx.clock));
  return secret;
}

function vaultCredentials(
  hooks: { beforeSave?: (secret: StoredSecret) => void } = {},
): CredentialAccess & {
  reauthReasons: string[];
} {
  const reauthReasons: string[] = [];
  return {
    reauthReasons,
    load: () => ctx.vault.load(connectionId),
    save: (secret) => {
      hooks.beforeSave?.(secret);
      ctx.vault.store(connectionId, secret, isoNow(ctx.clock));
    },
    markNeedsReauth: (reason) => {
      reauthReasons.push(reason);
      setConnectionStatus(ctx.db, connectionId, 'needs_reauth', isoNow(ctx.clock));
    },
  };
}

function session(credentials: CredentialAccess, lease = true): OAuthSession {
  return new OAuthSession({
    credentials,
    tokenUrl: `${sim.authUrl}/oauth/token`,
    providerLabel: 'Lever',
    fetch: createNodeFetch(),
    clock: ctx.clock,
    ...(lease ? { lease: new DbRefreshLease(ctx.db, connectionId, ctx.clock) } : {}),
  });
}

const refreshCount = () =>
  sim.oauth.tokenRequests.filter((r) => r.grantType === 'refresh_token').length;

async function readsStages(token: string): Promise<number> {
  return (await fetch(`${sim.apiUrl}/stages`, { headers: { authorization: `Bearer ${token}` } }))
    .status;
}

describe('OAuth session: renewing access tokens', () => {
  it('uses a fresh access token as is, without asking the token endpoint', async () => {
    const stored = connect(Date.now() + 3_600_000);
    const before = refreshCount();
    expect(await session(vaultCredentials()).accessToken()).toBe(stored.accessToken);
    expect(refreshCount()).toBe(before);
  });

  it('renews once for 200 concurrent callers, stores the rotated pair, and every call then works', async () => {
    const stored = connect();
    const before = refreshCount();
    const oauth = session(vaultCredentials());
    const tokens = await Promise.all(Array.from({ length: 200 }, () => oauth.accessToken()));
    expect(refreshCount() - before).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    const saved = ctx.vault.load(connectionId) as OAuthSecret;
    expect(saved.accessToken).toBe(tokens[0]);
    expect(saved.refreshToken).not.toBe(stored.refreshToken);
    expect(saved.expiresAt).toBeGreaterThan(Date.now() + 3_500_000);
    const statuses = await Promise.all(tokens.slice(0, 20).map(readsStages));
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(sim.oauth.tokenRequests.slice(before).every((r) => r.outcome === 'ok')).toBe(true);
  });

  it('never hands out a new access token it could not store first', async () => {
    connect();
    const oauth = session(
      vaultCredentials({
        beforeSave: () => {
          throw new Error('disk full');
        },
      }),
    );
    await expect(oauth.accessToken()).rejects.toThrow('disk full');
  });

  it('keeps the old refresh token when the response carries none', async () => {
    const quiet = await startLeverSimulator({
      tenant: { opportunities: 1 },
      omitRefreshTokenOnRefresh: true,
    });
    try {
      const issued = quiet.oauth.issueTokens(LEVER_DEMO_CLIENT.clientId, SCOPES);
      ctx.vault.store(
        connectionId,
        {
          kind: 'oauth',
          clientId: LEVER_DEMO_CLIENT.clientId,
          clientSecret: LEVER_DEMO_CLIENT.clientSecret,
          accessToken: issued.access_token as string,
          refreshToken: issued.refresh_token as string,
          expiresAt: Date.now() - 1,
        },
        isoNow(ctx.clock),
      );
      const oauth = new OAuthSession({
        credentials: vaultCredentials(),
        tokenUrl: `${quiet.authUrl}/oauth/token`,
        providerLabel: 'Lever',
        fetch: createNodeFetch(),
        clock: ctx.clock,
      });
      await oauth.accessToken();
      expect((ctx.vault.load(connectionId) as OAuthSecret).refreshToken).toBe(issued.refresh_token);
    } finally {
      await quiet.close();
    }
  });

  it('renews after the API refused a token that had not reached its expiry time', async () => {
    const stored = connect(Date.now() + 3_600_000);
    const oauth = session(vaultCredentials());
    sim.oauth.expireAccessTokens();
    expect(await readsStages(stored.accessToken)).toBe(401);
    const renewed = await oauth.renewAfterRejection(stored.accessToken);
    expect(renewed).not.toBe(stored.accessToken);
    expect(await readsStages(renewed)).toBe(200);
  });

  it('shares one renewal between two processes through the lease (the second reads the first one’s tokens)', async () => {
    connect();
    const before = refreshCount();
    // Two sessions with their own memory, as the app and the CLI would have.
    const [a, b] = await Promise.all([
      session(vaultCredentials()).accessToken(),
      session(vaultCredentials()).accessToken(),
    ]);
    expect(refreshCount() - before).toBe(1);
    expect(a).toBe(b);
  });
});

describe('OAuth session: when Lever refuses the authorization', () => {
  it('marks the connection needs-reauth on a revoked app, and asks the token endpoint no more', async () => {
    const stored = connect();
    sim.oauth.revokeClient(LEVER_DEMO_CLIENT.clientId);
    const credentials = vaultCredentials();
    const oauth = session(credentials);
    const before = refreshCount();
    await expect(oauth.accessToken()).rejects.toMatchObject({
      code: 'NEEDS_REAUTH',
      action: expect.stringContaining('Reconnect'),
    });
    await expect(oauth.accessToken()).rejects.toMatchObject({ code: 'NEEDS_REAUTH' });
    expect(refreshCount() - before).toBe(1);
    expect(getConnectionRow(ctx.db, connectionId)?.status).toBe('needs_reauth');
    expect(credentials.reauthReasons).toHaveLength(1);
    // The stored authorization is left as it was (nothing half-written).
    expect(ctx.vault.load(connectionId)).toEqual(stored);
    sim.oauth.registerClient(LEVER_DEMO_CLIENT);
  });

  it('ends a reused (rotated-away) refresh token in needs-reauth', async () => {
    const stale = connect();
    await session(vaultCredentials(), false).accessToken();
    // A restored backup puts the rotated-away pair back.
    ctx.vault.store(connectionId, stale, isoNow(ctx.clock));
    setConnectionStatus(ctx.db, connectionId, 'connected', isoNow(ctx.clock));
    await expect(session(vaultCredentials()).accessToken()).rejects.toMatchObject({
      code: 'NEEDS_REAUTH',
      message: expect.stringContaining('no longer accepts'),
    });
    expect(getConnectionRow(ctx.db, connectionId)?.status).toBe('needs_reauth');
  });
});
