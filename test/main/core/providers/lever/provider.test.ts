import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../../src/main/core/clock';
import { UnlimitedLimiter } from '../../../../../src/main/core/http/rate-limiter';
import { silentLogger } from '../../../../../src/main/core/logging/logger';
import { createLeverApi, type LeverApi } from '../../../../../src/main/core/providers/lever/api';
import type { LeverCursor } from '../../../../../src/main/core/providers/lever/cursor';
import { LeverProvider } from '../../../../../src/main/core/providers/lever/provider';
import type { CredentialAccess, PageResult } from '../../../../../src/main/core/providers/provider';
import { LEVER_FULL_ACCESS_KEY } from '../../../../simulators/lever/server';
import { FAST_HTTP } from '../../../../support/ashby';
import { ALL_LEVER_SCOPES, leverFixture, type LeverFixture } from '../../../../support/lever';
import { createNodeFetch } from '../../../../../src/main/core/http/node-fetch';

let fixture: LeverFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

async function setup(options: Parameters<typeof leverFixture>[0] = {}) {
  fixture = await leverFixture({
    ...options,
    sim: { tenant: { seed: 3, opportunities: 250 }, ...options.sim },
  });
  return fixture;
}

const signal = new AbortController().signal;

/** A Lever provider on the real HTTP API to the simulator that notes every list call it makes. */
function observedProvider(f: LeverFixture) {
  const credentials: CredentialAccess = {
    load: () => ({ kind: 'api_key', apiKey: LEVER_FULL_ACCESS_KEY }),
    save: () => undefined,
    markNeedsReauth: () => undefined,
  };
  const api = createLeverApi({
    connectionId: 'observed',
    baseUrl: f.sim.apiUrl,
    config: {},
    credentials,
    limiter: new UnlimitedLimiter(),
    http: FAST_HTTP,
    fetch: createNodeFetch(),
    onApiCall: () => undefined,
    clock: systemClock,
    log: silentLogger,
  });
  const asked: Array<{ path: string; offset: string | null }> = [];
  f.sim.requests.clear(); // only this provider's requests from here
  const observed: LeverApi = {
    ...api,
    async list(path, query, callSignal) {
      const offset = query.find(([key]) => key === 'offset')?.[1] ?? null;
      asked.push({ path, offset });
      return api.list(path, query, callSignal);
    },
  };
  const provider = new LeverProvider({
    api: observed,
    clock: systemClock,
    config: {},
    credentials,
  });
  return { provider, asked };
}

const opportunitiesRequest = {
  resource: 'opportunities',
  stream: '',
  committed: null,
  forceFull: false,
  signal,
};

describe('Lever provider: paging', () => {
  it('starts the pass over when Lever refuses a saved offset token, and says so', async () => {
    const f = await setup();
    const { provider } = f.ctx.connections.openProvider(f.connectionId);
    const request = {
      resource: 'opportunities',
      stream: '',
      committed: null,
      forceFull: false,
      signal,
    };
    const first = await provider.fetchPage({ ...request, cursor: null });
    expect(first).toMatchObject({ mode: 'full', passStarted: true });
    expect((first.next as LeverCursor).offset).toMatch(/^%5B/);
    f.sim.invalidateOffsets();
    // A new instance resumes from the checkpoint, as after a restart.
    provider.close?.();
    const resumed = f.ctx.connections.openProvider(f.connectionId).provider;
    const again = await resumed.fetchPage({ ...request, cursor: first.next });
    expect(again.passStarted).toBe(true);
    expect(again.notices?.map((notice) => notice.code)).toEqual(['offset_restarted']);
    expect(again.batch.applications?.map((a) => a.remoteId)).toEqual(
      first.batch.applications?.map((a) => a.remoteId),
    );
    const rejected = f.sim.requests.entries.filter((entry) => entry.status === 400);
    expect(rejected).toHaveLength(1);
    resumed.close?.();
  });

  it('asks Lever for a page only when the engine asks for it, so a crash loses at most that page', async () => {
    const f = await setup();
    const { provider, asked } = observedProvider(f);
    const pages: PageResult[] = [
      await provider.fetchPage({ ...opportunitiesRequest, cursor: null }),
    ];
    // Handed to the engine to commit with nothing asked for ahead: the checkpoint of the page
    // before it says where a restart begins, and no other page is in flight.
    expect(asked.filter((call) => call.path === '/opportunities')).toHaveLength(1);
    while (pages.at(-1)!.next !== null) {
      pages.push(await provider.fetchPage({ ...opportunitiesRequest, cursor: pages.at(-1)!.next }));
      expect(asked.filter((call) => call.path === '/opportunities')).toHaveLength(pages.length);
    }
    const ids = pages.flatMap((page) => page.batch.applications!.map((a) => a.remoteId));
    expect(ids).toEqual(f.sim.tenant.opportunities.map((opportunity) => opportunity.id));
    const listed = f.sim.requests.byPath('/v1/opportunities');
    expect(new Set(listed.map((entry) => entry.query.offset ?? null)).size).toBe(pages.length);
    provider.close();
  });

  it('commits a watermark by Lever’s clock and asks the next pass for changes since it, minus the overlap', async () => {
    const f = await setup();
    const { provider } = f.ctx.connections.openProvider(f.connectionId);
    let cursor: unknown = null;
    let committed: unknown = null;
    for (;;) {
      const page = await provider.fetchPage({
        resource: 'postings',
        stream: '',
        cursor,
        committed: null,
        forceFull: false,
        signal,
      });
      if (page.next === null) {
        committed = page.committed;
        break;
      }
      cursor = page.next;
    }
    const { watermark, lastFullAt } = committed as { watermark: number; lastFullAt: number };
    expect(Math.abs(watermark - Date.now())).toBeLessThan(5_000);
    expect(lastFullAt).toBe(watermark);
    const before = f.sim.requests.entries.length;
    const next = await provider.fetchPage({
      resource: 'postings',
      stream: '',
      cursor: null,
      committed,
      forceFull: false,
      signal,
    });
    expect(next.mode).toBe('incremental');
    const sent = f.sim.requests.entries[before];
    expect(Number(sent?.query.updated_at_start)).toBe(watermark - 5 * 60_000);
    expect((next.next as LeverCursor).phase).toBe('deleted');
    provider.close?.();
  });
});

describe('Lever provider: connection check', () => {
  it('confirms each read permission for an API key and leaves its write permissions unknown', async () => {
    const f = await setup({ connect: false });
    const check = await f.ctx.connections.check({
      provider: 'lever',
      baseUrl: f.sim.apiUrl,
      secret: { kind: 'api_key', apiKey: LEVER_FULL_ACCESS_KEY },
    });
    const granted = Object.fromEntries(check.permissions.map((p) => [p.name, p.granted]));
    expect(granted).toMatchObject({
      'postings:read:admin': true,
      'stages:read:admin': true,
      'users:read:admin': true,
      'confidential:access:admin': true,
      'opportunities:read:admin': true,
      'applications:read:admin': true,
      'resumes:read:admin': true,
      'opportunities:write:admin': 'unknown',
      'notes:write:admin': 'unknown',
    });
    expect(granted).not.toHaveProperty('offline_access');
    expect(check.accountLabel).toBe('Lever API key');
    expect(check.setup.find((item) => item.id === 'perform-as')).toMatchObject({ ok: false });
  });

  it('reports what an OAuth grant lacks and which features that disables', async () => {
    const scopes = ALL_LEVER_SCOPES.filter(
      (s) => s !== 'postings:read:admin' && s !== 'notes:write:admin',
    );
    const f = await setup({ connect: 'oauth', scopes });
    const check = await f.ctx.connections.recheck(f.connectionId);
    const byName = new Map(check.permissions.map((p) => [p.name, p]));
    expect(byName.get('postings:read:admin')).toMatchObject({
      granted: false,
      features: expect.arrayContaining(['Link flows to published postings']),
    });
    expect(byName.get('notes:write:admin')).toMatchObject({
      granted: false,
      features: ['Send notes and conversations to Lever'],
    });
    expect(byName.get('offline_access')?.granted).toBe(true);
    expect(byName.get('opportunities:write:admin')?.granted).toBe(true);
    const admin = f.sim.tenant.users.find((user) => user.accessRole === 'super admin')!;
    expect(check.accountLabel).toBe(`Authorized by ${admin.name}`);
  });

  it('refuses a wrong API key plainly', async () => {
    const f = await setup({ connect: false });
    await expect(
      f.ctx.connections.check({
        provider: 'lever',
        baseUrl: f.sim.apiUrl,
        secret: { kind: 'api_key', apiKey: 'not-a-real-key' },
      }),
    ).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      message: expect.stringContaining('Lever refused'),
    });
  });

  it('says when the user chosen for writes is deactivated', async () => {
    const f = await setup({ connect: false });
    const gone = f.sim.tenant.users.find((user) => user.deactivatedAt !== null)!;
    const check = await f.ctx.connections.check({
      provider: 'lever',
      baseUrl: f.sim.apiUrl,
      secret: { kind: 'api_key', apiKey: LEVER_FULL_ACCESS_KEY },
      config: { performAs: gone.id },
    });
    expect(check.setup.find((item) => item.id === 'perform-as')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('deactivated'),
    });
  });
});
