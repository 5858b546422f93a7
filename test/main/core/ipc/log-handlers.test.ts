import { afterEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../../../src/shared/ipc/channels';
import type { Input, Outputs } from '../../../../src/shared/ipc/contract';
import type { Result } from '../../../../src/shared/ipc/result';
import { ashbyFixture, type AshbyFixture } from '../../../support/ashby';

let fixture: AshbyFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

async function setup(options: Parameters<typeof ashbyFixture>[0] = {}) {
  fixture = await ashbyFixture({
    sim: { tenant: { candidates: 120, applications: 150 } },
    ...options,
  });
  const f = fixture;
  f.ctx.connections.updateSettings(f.connectionId, { label: 'Ashby' });
  const dispatch = f.core.createDispatch(() => true);
  const trusted = { url: 'app://console/index.html', isMainFrame: true };
  async function call<C extends Channel>(channel: C, input?: Input<C>): Promise<Outputs[C]> {
    const result = (await dispatch(channel, input, trusted)) as Result<Outputs[C]>;
    if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
    return result.value;
  }
  async function fail(channel: Channel, input: unknown) {
    const result = (await dispatch(channel, input, trusted)) as Result<unknown>;
    expect(result.ok).toBe(false);
    return (result as { ok: false; error: { code: string; issues?: Array<{ path: string }> } })
      .error;
  }
  return { f, call, fail };
}

describe('health over IPC', () => {
  it('tells 429s of the key’s own limit apart from partner-wide throttling, minute by minute', async () => {
    // Retries enough to outlast the bucket: a run cut short by exhausted retries aborts calls in
    // flight, whose last 429 the simulator counted but no call lived to report.
    const { f, call } = await setup({
      sim: { tenant: { candidates: 120, applications: 150 } },
      core: { http: { retry: { baseDelayMs: 5, capDelayMs: 250, maxRetries: 12 } } },
    });
    f.sim.setRateLimit({ perSecond: 8, burst: 2, retryAfter: 'none' });
    expect((await f.ctx.sync.run(f.connectionId, { trigger: 'manual' })).status).toBe('succeeded');
    f.sim.setRateLimit(null);
    f.sim.throttlePartner(300);
    expect((await f.ctx.sync.run(f.connectionId, { trigger: 'manual' })).status).toBe('succeeded');
    const [health] = await call('health:list');
    const { rateLimit } = health!;
    expect(rateLimit.last24h.rateLimited).toBeGreaterThan(0);
    expect(rateLimit.last24h.partnerThrottled).toBeGreaterThan(0);
    // Everything the simulator answered with 429 is counted, one way or the other.
    const sent429 = [...f.sim.throttled.values()].reduce((sum, n) => sum + n, 0);
    expect(rateLimit.last24h.rateLimited + rateLimit.last24h.partnerThrottled).toBe(sent429);
    expect(rateLimit.last24h.requests).toBe(f.sim.requests.entries.length - 2); // minus the connect check
    expect(rateLimit.minutes).toHaveLength(60);
    expect(rateLimit.minutes.at(-1)!.requests).toBeGreaterThan(0);
    expect(rateLimit.lastRateLimitedAt).not.toBeNull();
    expect(rateLimit.lastPartnerThrottledAt).not.toBeNull();
    expect(health).toMatchObject({
      label: 'Ashby',
      status: 'connected',
      outbox: { pending: 0, inFlight: 0, failed: 0, held: null, oldestOpenAt: null },
      lastRun: { status: 'succeeded' },
      schedule: { state: 'not-running', intervalMinutes: 30 },
    });
    expect(health!.check?.permissions.length).toBeGreaterThan(0);
  });

  it('shows each resource’s token: valid after a sync, fell back to a full read after the ATS expired it', async () => {
    const { f, call } = await setup();
    let [health] = await call('health:list');
    expect(new Set(health!.resources.map((resource) => resource.state))).toEqual(
      new Set(['never']),
    );
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    f.sim.queueError('/candidate.list', 'sync_token_expired');
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    [health] = await call('health:list');
    const states = Object.fromEntries(
      health!.resources.map((resource) => [resource.resource, resource]),
    );
    const candidates = Object.values(states).find((resource) =>
      resource.lastNotice?.code.includes('sync_token_expired'),
    );
    expect(candidates).toMatchObject({
      state: 'fell-back',
      lastNotice: { level: 'warn', message: expect.stringMatching(/full/i) },
    });
    expect(
      health!.resources.filter((resource) => resource !== candidates).map((r) => r.state),
    ).not.toContain('never');
    expect(health!.resources.some((resource) => resource.state === 'valid')).toBe(true);
  });
});

describe('the sync log over IPC', () => {
  it('pages, counts, shows a line’s detail, and exports CSV in chunks with one header', async () => {
    const { f, call } = await setup();
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual', full: true });
    const { count } = await call('log:count', { filter: { connectionId: f.connectionId } });
    expect(count).toBeGreaterThan(10);
    const first = await call('log:query', { filter: {}, limit: 5 });
    expect(first.lines).toHaveLength(5);
    const second = await call('log:query', { filter: {}, limit: 5, beforeId: first.nextBeforeId! });
    expect(second.lines[0]!.id).toBeLessThan(first.lines.at(-1)!.id);
    const detail = await call('log:detail', { id: first.lines[0]!.id });
    expect(detail).toMatchObject({ connectionLabel: 'Ashby', run: { id: first.lines[0]!.runId } });

    let csv = '';
    let beforeId: number | undefined;
    let chunks = 0;
    for (;;) {
      const chunk = await call('log:export', { filter: {}, limit: 7, beforeId });
      csv += chunk.csv;
      chunks++;
      if (chunk.nextBeforeId === null) break;
      beforeId = chunk.nextBeforeId;
    }
    const rows = csv.trimEnd().split('\r\n');
    expect(rows[0]).toMatch(/^id,time,connection,connection_id,run,level,/);
    expect(rows.filter((row) => row.startsWith('id,'))).toHaveLength(1);
    expect(rows).toHaveLength(count + 1);
    expect(chunks).toBe(Math.ceil(count / 7));
    const audit = await call('audit:list', { action: 'log.' });
    expect(audit.map((entry) => entry.action)).toEqual(['log.export']);
  });

  it('refuses bad filters with a message per field and changes nothing', async () => {
    const { fail } = await setup();
    const error = await fail('log:query', {
      filter: { levels: ['fatal'], since: 'yesterday', directions: ['sideways'] },
      limit: 0,
    });
    expect(error.code).toBe('BAD_INPUT');
    expect(error.issues?.map((issue) => issue.path).sort()).toEqual(
      ['filter.directions.0', 'filter.levels.0', 'filter.since', 'limit'].sort(),
    );
    const reversed = await fail('log:count', {
      filter: { since: '2026-03-02T00:00:00Z', until: '2026-03-01T00:00:00Z' },
    });
    expect(reversed.issues?.map((issue) => issue.path)).toEqual(['filter.until']);
    expect((await fail('log:detail', { id: 424242 })).code).toBe('NOT_FOUND');
    expect((await fail('log:query', { filter: { search: 'x'.repeat(501) } })).code).toBe(
      'BAD_INPUT',
    );
  });
});

describe('the schedule and the audit trail over IPC', () => {
  it('changes a connection’s interval with an audit entry, and refuses an interval out of range', async () => {
    const { f, call, fail } = await setup();
    const schedule = await call('schedule:update', {
      connectionId: f.connectionId,
      intervalMinutes: 60,
    });
    expect(schedule).toMatchObject({
      intervalMinutes: 60,
      intervalIsDefault: false,
      enabled: true,
    });
    expect((await call('schedule:list'))[0]).toMatchObject({ intervalMinutes: 60 });
    const reset = await call('schedule:update', {
      connectionId: f.connectionId,
      intervalMinutes: null,
    });
    expect(reset).toMatchObject({ intervalMinutes: 30, intervalIsDefault: true });
    const error = await fail('schedule:update', {
      connectionId: f.connectionId,
      intervalMinutes: 2,
    });
    expect(error.code).toBe('BAD_INPUT');
    expect((await fail('schedule:update', { connectionId: 'nope', enabled: false })).code).toBe(
      'NOT_FOUND',
    );
    const entries = await call('audit:list', { action: 'schedule.update' });
    expect(entries.map((entry) => entry.summary)).toEqual([
      '“Ashby”: interval 60 min → default.',
      '“Ashby”: interval default → 60 min.',
    ]);
    expect(await call('audit:actions')).toEqual(
      expect.arrayContaining(['connection.connect', 'connection.settings', 'schedule.update']),
    );
  });

  it('filters the audit trail by action family, actor, target, time and words', async () => {
    const { f, call } = await setup();
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    await call('settings:update', { syncIntervalMinutes: 45 });
    const all = await call('audit:list', {});
    expect(all.map((entry) => entry.action)).toEqual([
      'settings.update',
      'sync.manual',
      'connection.settings',
      'connection.settings',
      'connection.connect',
    ]);
    expect((await call('audit:list', { action: 'connection.' })).length).toBe(3);
    expect((await call('audit:list', { actor: 'test-admin', target: f.connectionId })).length).toBe(
      4,
    );
    expect((await call('audit:list', { search: 'syncIntervalMinutes 45' })).length).toBe(1);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(await call('audit:list', { since: future })).toEqual([]);
    expect((await call('audit:list', { until: future, limit: 2 })).length).toBe(2);
  });
});
