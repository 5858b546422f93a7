import { afterEach, describe, expect, it } from 'vitest';
import { getConnectionRow } from '../../../../src/main/core/db/repos/connections';
import type { StoredSecret } from '../../../../src/main/core/vault/vault';
import { LEVER_FULL_ACCESS_KEY } from '../../../simulators/lever/server';
import { leverFixture, type LeverFixture } from '../../../support/lever';
import { decideInBrowser, type BrowserVisit } from '../oauth/support';

const CLIENT = {
  clientId: 'connector-test-client',
  clientSecret: 'connector-test-secret-9f8e7d',
  name: 'Kula ATS Console',
  redirectUris: ['http://127.0.0.1:1/callback'],
  loopbackAnyPort: true,
};

let fixture: LeverFixture | undefined;
let browse: (url: string) => Promise<BrowserVisit> = (url) => decideInBrowser(url, 'accept');
const visits: Array<Promise<BrowserVisit>> = [];
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
  visits.length = 0;
  browse = (url) => decideInBrowser(url, 'accept');
});

async function setup() {
  fixture = await leverFixture({
    connect: false,
    sim: { tenant: { opportunities: 40 }, oauthClients: [CLIENT] },
    core: {
      openExternal: async (url) => {
        visits.push(browse(url));
      },
    },
  });
  return fixture;
}

function begin(f: LeverFixture, extra: Record<string, string> = {}) {
  return f.ctx.oauth.begin({
    provider: 'lever',
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    callbackUrl: 'http://127.0.0.1:0/callback',
    baseUrl: f.sim.apiUrl,
    ...extra,
  });
}

function rowsOf(f: LeverFixture) {
  const count = (table: string) =>
    (f.ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { connections: count('connections'), credentials: count('credentials') };
}

describe('connecting Lever through its OAuth app', () => {
  it('opens the authorize page, and on Accept saves the connection with its tokens encrypted', async () => {
    const f = await setup();
    const started = await begin(f);
    expect(started.url).toContain(`${f.sim.authUrl}/authorize?`);
    const { connection, check } = await f.ctx.oauth.complete(started.flowId);
    expect(connection).toMatchObject({
      provider: 'lever',
      authMode: 'oauth',
      status: 'connected',
      hasCredential: true,
    });
    const secret = f.ctx.vault.load(connection.id) as Extract<StoredSecret, { kind: 'oauth' }>;
    expect(secret).toMatchObject({
      kind: 'oauth',
      clientId: CLIENT.clientId,
      clientSecret: CLIENT.clientSecret,
    });
    expect(secret.refreshToken.length).toBeGreaterThan(20);
    const row = getConnectionRow(f.ctx.db, connection.id)!;
    const config = JSON.parse(row.config_json) as Record<string, unknown>;
    expect(config.grantedScopes).toContain('offline_access');
    expect(config.callbackUrl).toBe('http://127.0.0.1:0/callback');
    // Nothing secret sits in the clear on disk.
    const file = f.ctx.db.prepare('SELECT ciphertext FROM credentials').get() as {
      ciphertext: Buffer;
    };
    expect(file.ciphertext.toString('latin1')).not.toContain(CLIENT.clientSecret);
    expect(check.permissions.find((p) => p.name === 'opportunities:write:admin')?.granted).toBe(
      true,
    );
    const run = await f.ctx.sync.run(connection.id, { trigger: 'initial-import' });
    expect(run.status).toBe('succeeded');
  });

  it('stores nothing when the admin clicks Deny', async () => {
    const f = await setup();
    browse = (url) => decideInBrowser(url, 'deny');
    const started = await begin(f);
    await expect(f.ctx.oauth.complete(started.flowId)).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      message: expect.stringContaining('not granted'),
    });
    expect(rowsOf(f)).toEqual({ connections: 0, credentials: 0 });
  });

  it('stores nothing, and never asks for tokens, when only an answer with another state came', async () => {
    const f = await setup();
    browse = (url) =>
      decideInBrowser(url, 'accept', (redirect) => redirect.searchParams.set('state', 'x'));
    const started = await begin(f);
    const outcome = f.ctx.oauth.complete(started.flowId);
    const visit = await visits[0]!;
    expect(visit.callbackStatus).toBe(400);
    // The listener keeps waiting for the real answer; the admin gives up.
    f.ctx.oauth.cancel(started.flowId);
    await expect(outcome).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(rowsOf(f)).toEqual({ connections: 0, credentials: 0 });
    expect(f.sim.oauth.tokenRequests).toHaveLength(0);
  });

  it('reconnects a needs-reauth connection with the stored client secret and keeps its settings', async () => {
    const f = await setup();
    const first = await f.ctx.oauth.complete((await begin(f)).flowId);
    const id = first.connection.id;
    const writer = f.sim.tenant.users[0]!.id;
    f.ctx.db
      .prepare(
        "UPDATE connections SET config_json = json_set(config_json, '$.performAs', ?) WHERE id = ?",
      )
      .run(writer, id);
    f.sim.oauth.revokeClient(CLIENT.clientId);
    f.sim.oauth.expireAccessTokens();
    const failed = await f.ctx.sync.run(id, { trigger: 'manual' });
    expect(failed.status).toBe('failed');
    expect(getConnectionRow(f.ctx.db, id)?.status).toBe('needs_reauth');

    const again = await f.ctx.oauth.begin({ provider: 'lever', connectionId: id });
    const { connection, check } = await f.ctx.oauth.complete(again.flowId);
    expect(connection).toMatchObject({ id, status: 'connected' });
    expect(JSON.parse(getConnectionRow(f.ctx.db, id)!.config_json)).toMatchObject({
      performAs: writer,
    });
    expect(check.setup.find((item) => item.id === 'perform-as')?.ok).toBe(true);
    expect((await f.ctx.sync.run(id, { trigger: 'manual' })).status).toBe('succeeded');
  });

  it('moves an API-key connection to OAuth on reconnect', async () => {
    const f = await setup();
    const { connection } = await f.ctx.connections.create({
      provider: 'lever',
      baseUrl: f.sim.apiUrl,
      secret: { kind: 'api_key', apiKey: LEVER_FULL_ACCESS_KEY },
      storeCredential: true,
    });
    const started = await begin(f, { connectionId: connection.id });
    const done = await f.ctx.oauth.complete(started.flowId);
    expect(done.connection.authMode).toBe('oauth');
    expect(f.ctx.vault.load(connection.id).kind).toBe('oauth');
  });

  it.each([
    [{ clientId: '' }, /client id/],
    [{ clientSecret: '' }, /client secret/],
    [{ authBaseUrl: 'http://auth.example.com' }, /https/],
    [{ callbackUrl: 'http://localhost:47825/callback' }, /loopback IP/],
  ])('refuses %o before opening the browser', async (override, message) => {
    const f = await setup();
    await expect(begin(f, override as Record<string, string>)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(message),
    });
    expect(visits).toHaveLength(0);
  });

  it('never returns the client secret or a token through IPC', async () => {
    const f = await setup();
    const dispatch = f.core.createDispatch(() => true);
    const caller = { url: 'app://console/index.html', isMainFrame: true };
    const described = await dispatch('oauth:describe', { provider: 'lever' }, caller);
    expect(described).toMatchObject({
      ok: true,
      value: { revokeSteps: expect.arrayContaining([expect.stringContaining('Authorized Apps')]) },
    });
    const begun = await dispatch(
      'oauth:begin',
      {
        provider: 'lever',
        clientId: CLIENT.clientId,
        clientSecret: CLIENT.clientSecret,
        callbackUrl: 'http://127.0.0.1:0/callback',
        baseUrl: f.sim.apiUrl,
      },
      caller,
    );
    expect(begun.ok).toBe(true);
    const flowId = (begun as { value: { flowId: string } }).value.flowId;
    const completed = await dispatch('oauth:complete', { flowId }, caller);
    expect(completed.ok).toBe(true);
    const text = JSON.stringify([begun, completed]);
    expect(text).not.toContain(CLIENT.clientSecret);
    const secret = f.ctx.vault.load(
      (completed as { value: { connection: { id: string } } }).value.connection.id,
    ) as Extract<StoredSecret, { kind: 'oauth' }>;
    expect(text).not.toContain(secret.accessToken);
    expect(text).not.toContain(secret.refreshToken);
  });
});
