import { afterEach, describe, expect, it } from 'vitest';
import { getConnectionRow } from '../../../../../src/main/core/db/repos/connections';
import { listLogLinesForRun } from '../../../../../src/main/core/db/repos/sync-log';
import {
  expectedCache,
  leverCache,
  leverFixture,
  type LeverFixture,
} from '../../../../support/lever';

let fixture: LeverFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const TENANT = { seed: 21, opportunities: 260, postings: 16 };

async function setup(options: Parameters<typeof leverFixture>[0] = {}) {
  fixture = await leverFixture({ ...options, sim: { tenant: TENANT, ...options.sim } });
  return fixture;
}

/** The simulator's requests since `from`, as `METHOD path` plus the query the console sent. */
function requestsSince(f: LeverFixture, from: number) {
  return f.sim.requests.entries
    .slice(from)
    .map((entry) => ({ path: entry.path, query: entry.query }));
}

describe('Lever import through the sync engine', () => {
  it('imports postings, stages, users, sources, archive reasons and opportunities; the cache equals the simulator', async () => {
    const f = await setup();
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    expect(run).toMatchObject({ status: 'succeeded', mode: 'full', errors: 0 });
    expect(leverCache(f.ctx, f.connectionId)).toEqual(expectedCache(f));
    // Stages keep Lever's order and carry their pipeline section.
    const stages = f.ctx.db
      .prepare(
        'SELECT remote_id, type, position FROM ats_stages WHERE connection_id = ? ORDER BY position',
      )
      .all(f.connectionId) as Array<{ remote_id: string; type: string; position: number }>;
    expect(stages.slice(0, 4).map((stage) => [stage.remote_id, stage.type])).toEqual([
      ['lead-new', 'lead'],
      ['lead-reached-out', 'lead'],
      ['lead-responded', 'lead'],
      ['applicant-new', 'applicant'],
    ]);
    expect(stages.find((stage) => stage.remote_id === 'offer')?.type).toBe('offer');
    // Only published postings are open jobs; hired-type archive reasons give "hired".
    const open = f.ctx.db
      .prepare('SELECT count(*) AS n FROM ats_jobs WHERE connection_id = ? AND is_open = 1')
      .get(f.connectionId) as { n: number };
    expect(open.n).toBe(
      f.sim.tenant.postings.filter((posting) => posting.state === 'published').length,
    );
    const hiredReasons = new Set(
      f.sim.tenant.archiveReasons.filter((r) => r.type === 'hired').map((r) => r.id),
    );
    const hired = f.sim.tenant.opportunities.filter(
      (o) => o.archived && hiredReasons.has(o.archived.reason),
    );
    const statuses = f.ctx.db
      .prepare(
        "SELECT remote_id FROM ats_applications WHERE connection_id = ? AND status = 'hired'",
      )
      .all(f.connectionId) as Array<{ remote_id: string }>;
    expect(new Set(statuses.map((row) => row.remote_id))).toEqual(new Set(hired.map((o) => o.id)));
    // The full read asked for both distribution channels and every record, confidential included.
    const postings = f.sim.requests.entries.find(
      (entry) => entry.path === '/v1/postings' && entry.query.limit === '100',
    );
    expect(postings?.query).toMatchObject({
      distributionChannel: ['public', 'internal'],
      confidentiality: 'all',
    });
    const opportunities = f.sim.requests.entries.find(
      (entry) => entry.path === '/v1/opportunities' && entry.query.limit === '100',
    );
    expect(opportunities?.query).toMatchObject({ expand: 'applications', limit: '100' });
  });

  it('asks only for what changed on a second sync, and applies exactly the changes', async () => {
    const f = await setup();
    await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    const before = f.sim.requests.entries.length;
    const quiet = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(quiet).toMatchObject({ status: 'succeeded', mode: 'incremental' });
    const sent = requestsSince(f, before);
    // The small snapshots, and one request per incremental list and its deleted list (the
    // resources are read at the same time, so in any order).
    expect(sent.map((request) => request.path).sort()).toEqual(
      [
        '/v1/users',
        '/v1/stages',
        '/v1/archive_reasons',
        '/v1/sources',
        '/v1/postings',
        '/v1/postings/deleted',
        '/v1/opportunities',
        '/v1/opportunities/deleted',
      ].sort(),
    );
    const sentTo = (path: string) => sent.find((request) => request.path === path);
    const since = Number(sentTo('/v1/opportunities')?.query.updated_at_start);
    expect(since).toBeGreaterThan(Date.now() - 15 * 60_000);
    expect(sentTo('/v1/postings')?.query).toEqual({
      updated_at_start: expect.any(String),
      confidentiality: 'all',
      limit: '100',
    });

    // Change two opportunities in Lever, add one; delete a third.
    const [moved, archived, deleted] = f.sim.tenant.opportunities.filter(
      (o) => o.confidentiality === 'non-confidential',
    );
    f.sim.mutations.changeStage(moved!.id, 'offer', null);
    const reason = f.sim.tenant.archiveReasons.find(
      (r) => r.type === 'non-hired' && r.status === 'active',
    )!;
    f.sim.mutations.setArchived(archived!.id, reason.id, null);
    const created = f.sim.mutations.createOpportunity(
      { name: 'Newly Added', emails: ['newly.added@example.org'] },
      f.sim.tenant.users[0]!.id,
    );
    f.sim.mutations.deleteOpportunity(deleted!.id);
    const changed = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(changed).toMatchObject({ status: 'succeeded', mode: 'incremental' });
    const cache = leverCache(f.ctx, f.connectionId);
    expect(cache.applications.get(moved!.id)?.stageId).toBe('offer');
    expect(cache.applications.get(archived!.id)).toMatchObject({
      archived: true,
      archiveReasonId: reason.id,
    });
    expect(cache.applications.has(created.opportunity.id)).toBe(true);
    expect(cache.candidates.get(created.opportunity.contact)?.name).toBe('Newly Added');
    expect(cache.applications.has(deleted!.id)).toBe(false);
    const updates = listLogLinesForRun(f.ctx.db, changed.id).filter(
      (line) => line.rule === 'pull-change' && line.entity === 'applications',
    );
    expect(new Set(updates.map((line) => line.entityId))).toEqual(
      new Set([moved!.id, archived!.id, created.opportunity.id]),
    );
  });

  it('removes a deleted opportunity and its now-orphaned person at the next full pass too', async () => {
    const f = await setup();
    await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    const victim = f.sim.tenant.opportunities.find(
      (o) =>
        o.confidentiality === 'non-confidential' &&
        f.sim.tenant.opportunities.filter((other) => other.contact === o.contact).length === 1,
    )!;
    // Deleted long ago by Lever's clock: the deleted list of an incremental pass would not show it.
    f.sim.tenant.opportunities.splice(f.sim.tenant.opportunities.indexOf(victim), 1);
    f.sim.tenant.opportunityById.delete(victim.id);
    const incremental = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(incremental.mode).toBe('incremental');
    expect(leverCache(f.ctx, f.connectionId).applications.has(victim.id)).toBe(true);
    const full = await f.ctx.sync.run(f.connectionId, { trigger: 'manual', full: true });
    expect(full).toMatchObject({ status: 'succeeded', mode: 'full' });
    const cache = leverCache(f.ctx, f.connectionId);
    expect(cache.applications.has(victim.id)).toBe(false);
    expect(cache.candidates.has(victim.contact)).toBe(false);
    expect(cache).toEqual(expectedCache(f));
  });

  it('runs the periodic full pass when the last one is older than the cadence, catching changes Lever never dated', async () => {
    let now = Date.now();
    const f = await setup({ core: { clock: { now: () => now } } });
    await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    // A record with updatedAt null changes in a way Lever does not date (a Lever quirk, see docs/lever.md).
    const undated = f.sim.tenant.opportunities.find(
      (o) => o.updatedAt === null && o.confidentiality === 'non-confidential',
    )!;
    f.sim.tenant.contacts.get(undated.contact)!.name = 'Renamed Without A Date';
    const incremental = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(incremental.mode).toBe('incremental');
    expect(leverCache(f.ctx, f.connectionId).candidates.get(undated.contact)?.name).not.toBe(
      'Renamed Without A Date',
    );
    now += 25 * 3_600_000;
    const periodic = await f.ctx.sync.run(f.connectionId, { trigger: 'scheduled' });
    expect(periodic.mode).toBe('full');
    expect(leverCache(f.ctx, f.connectionId).candidates.get(undated.contact)?.name).toBe(
      'Renamed Without A Date',
    );
    const notices = listLogLinesForRun(f.ctx.db, periodic.id).filter(
      (line) => line.rule === 'periodic_full_pass',
    );
    expect(notices.map((line) => line.message)).toEqual([
      expect.stringContaining('done every 24 h'),
      expect.stringContaining('done every 24 h'),
    ]);
  });

  it('ends with the cache equal to the simulator under throttling and 10% injected faults, with no 429 from the limit', async () => {
    const f = await setup({
      throttle: true,
      sim: {
        tenant: { seed: 5, opportunities: 3_000, postings: 20 },
        rateLimit: { enabled: true },
        faults: { rate: 0.1, seed: 2, hangMs: 150 },
      },
      core: {
        http: { retry: { baseDelayMs: 5, capDelayMs: 50, maxRetries: 8 }, timeoutMs: 2_000 },
      },
    });
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    expect(run.status).toBe('succeeded');
    expect(new Set(f.sim.faults.injected.map((fault) => fault.kind)).size).toBeGreaterThanOrEqual(
      4,
    );
    expect(f.sim.throttled).toBe(0);
    expect(leverCache(f.ctx, f.connectionId)).toEqual(expectedCache(f));
  });

  it('skips and logs a malformed opportunity while the rest of its page imports', async () => {
    const f = await setup();
    const broken = f.sim.tenant.opportunities.find(
      (o) => o.confidentiality === 'non-confidential',
    )!;
    (broken as unknown as { contact: unknown }).contact = 42;
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    expect(run.status).toBe('succeeded');
    const skipped = listLogLinesForRun(f.ctx.db, run.id).filter(
      (line) => line.level === 'warn' && line.entityId === broken.id,
    );
    expect(skipped[0]?.message).toMatch(/cannot read/);
    const cache = leverCache(f.ctx, f.connectionId);
    expect(cache.applications.has(broken.id)).toBe(false);
    expect(cache.applications.size).toBe(expectedCache(f).applications.size - 1);
  });

  it('imports only non-confidential records with a key that lacks confidential access, and says so', async () => {
    const f = await setup({
      sim: { apiKeys: [{ key: 'no-confidential-key', confidential: false }] },
      connect: false,
    });
    const { connection } = await f.ctx.connections.create({
      provider: 'lever',
      baseUrl: f.sim.apiUrl,
      secret: { kind: 'api_key', apiKey: 'no-confidential-key' },
      storeCredential: true,
    });
    f.ctx.connections.updateSettings(connection.id, { rateLimit: 'off' });
    const run = await f.ctx.sync.run(connection.id, { trigger: 'initial-import' });
    expect(run.status).toBe('succeeded');
    expect(leverCache(f.ctx, connection.id)).toEqual(expectedCache(f, false));
    const notices = listLogLinesForRun(f.ctx.db, run.id).filter(
      (line) => line.rule === 'no_confidential_access',
    );
    expect(notices.length).toBeGreaterThan(0);
  });
});

describe('Lever import with OAuth', () => {
  it('renews an access token Lever stopped accepting and carries on', async () => {
    const f = await setup({ connect: 'oauth' });
    f.sim.oauth.expireAccessTokens();
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    expect(run.status).toBe('succeeded');
    expect(f.sim.oauth.tokenRequests.filter((r) => r.grantType === 'refresh_token')).toHaveLength(
      1,
    );
    expect(leverCache(f.ctx, f.connectionId)).toEqual(expectedCache(f));
  });

  it('marks the connection needs-reauth when the app was revoked in Lever, and pauses its syncs', async () => {
    const f = await setup({ connect: 'oauth' });
    await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    f.sim.oauth.revokeClient('kula-console-sandbox');
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(run.status).toBe('failed');
    expect(run.message).toMatch(/Reconnect/);
    expect(getConnectionRow(f.ctx.db, f.connectionId)?.status).toBe('needs_reauth');
    expect(() => f.ctx.sync.start(f.connectionId, { trigger: 'manual' })).toThrow(
      /syncing is paused/,
    );
    expect(f.sim.oauth.tokenRequests.filter((r) => r.outcome === 'invalid_grant')).toHaveLength(1);
  });
});
