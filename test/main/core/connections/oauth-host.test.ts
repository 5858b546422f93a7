import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { getConnectionRow } from '../../../../src/main/core/db/repos/connections';
import type { StoredSecret } from '../../../../src/main/core/vault/vault';
import { leverFixture, type LeverFixture } from '../../../support/lever';
import { decideInBrowser } from '../oauth/support';

/**
 * A stored OAuth client secret goes only to the OAuth host it was saved for: a reconnect that names
 * another host asks for the secret again, and a connection whose saved OAuth host was changed in
 * the database sends neither the secret nor the refresh token anywhere.
 */
const CLIENT = {
  clientId: 'host-test-client',
  clientSecret: 'host-test-secret-5d4c3b2a1f',
  name: 'Kula ATS Console',
  redirectUris: ['http://127.0.0.1:1/callback'],
  loopbackAnyPort: true,
};

let fixture: LeverFixture | undefined;
let other: { url: string; hits: string[]; close(): Promise<void> } | undefined;
const opened: string[] = [];
afterEach(async () => {
  await fixture?.cleanup();
  await other?.close();
  fixture = undefined;
  other = undefined;
  opened.length = 0;
});

/** A host that records whatever reaches it (a stand-in for someone else's OAuth server). */
async function otherHost() {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      hits.push(`${req.method} ${req.url} ${body}`);
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function connected(): Promise<{ f: LeverFixture; id: string }> {
  const f = (fixture = await leverFixture({
    connect: false,
    sim: { tenant: { opportunities: 10 }, oauthClients: [CLIENT] },
    core: {
      openExternal: async (url) => {
        opened.push(url);
        await decideInBrowser(url, 'accept');
      },
    },
  }));
  const started = await f.ctx.oauth.begin({
    provider: 'lever',
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    callbackUrl: 'http://127.0.0.1:0/callback',
    baseUrl: f.sim.apiUrl,
  });
  const { connection } = await f.ctx.oauth.complete(started.flowId);
  opened.length = 0;
  return { f, id: connection.id };
}

describe('the stored OAuth client secret and its host', () => {
  it('is saved with the token endpoint it was authorized at', async () => {
    const { f, id } = await connected();
    const secret = f.ctx.vault.load(id) as Extract<StoredSecret, { kind: 'oauth' }>;
    expect(secret.tokenUrl).toBe(`${f.sim.authUrl}/oauth/token`);
  });

  it('is not reused for a reconnect to another OAuth host: the secret is asked for again', async () => {
    const { f, id } = await connected();
    other = await otherHost();
    await expect(
      f.ctx.oauth.begin({ provider: 'lever', connectionId: id, authBaseUrl: other.url }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(
        /saved for 127\.0\.0\.1:\d+, not 127\.0\.0\.1:\d+, so it is not sent there/,
      ),
    });
    expect(opened).toEqual([]);
    expect(other.hits).toEqual([]);
    // The same host still reuses it.
    const again = await f.ctx.oauth.begin({ provider: 'lever', connectionId: id });
    expect(opened).toHaveLength(1);
    f.ctx.oauth.cancel(again.flowId);
  });

  it('is not sent when the saved OAuth host was changed in the database: the connection pauses', async () => {
    const { f, id } = await connected();
    other = await otherHost();
    f.ctx.db
      .prepare(
        "UPDATE connections SET config_json = json_set(config_json, '$.authBaseUrl', ?) WHERE id = ?",
      )
      .run(other.url, id);
    const secret = f.ctx.vault.load(id) as Extract<StoredSecret, { kind: 'oauth' }>;
    f.ctx.vault.store(id, { ...secret, expiresAt: Date.now() - 1000 }, new Date().toISOString());
    const run = await f.ctx.sync.run(id, { trigger: 'manual' });
    expect(run.status).toBe('failed');
    expect(run.message).toMatch(/OAuth host no longer matches/);
    expect(other.hits).toEqual([]);
    expect(getConnectionRow(f.ctx.db, id)?.status).toBe('needs_reauth');
  });
});
