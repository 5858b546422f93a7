import { afterEach, describe, expect, it } from 'vitest';
import { listLogLinesForRun } from '../../../../../src/main/core/db/repos/sync-log';
import {
  expectedGreenhouseCounts,
  greenhouseCacheCounts,
  greenhouseFixture,
  type GreenhouseFixture,
} from '../../../../support/greenhouse';

let fixture: GreenhouseFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

async function setup(options: Parameters<typeof greenhouseFixture>[0] = {}) {
  fixture = await greenhouseFixture({
    ...options,
    sim: { tenant: { seed: 5, candidates: 300, jobs: 7 }, ...options.sim },
  });
  return fixture;
}

const v3 = (f: GreenhouseFixture, from = 0) =>
  f.sim.requests.entries.slice(from).filter((entry) => entry.path.startsWith('/v3/'));

describe('Greenhouse import through the sync engine', () => {
  it('imports users, jobs with their stages, candidates, applications, sources and rejection reasons; the cache equals the organisation', async () => {
    const f = await setup();
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    expect(run).toMatchObject({ status: 'succeeded', mode: 'full', errors: 0 });
    expect(greenhouseCacheCounts(f.ctx, f.connectionId)).toEqual(expectedGreenhouseCounts(f.sim));
    // Each job is a plan of its own, and its stages keep Greenhouse's order.
    const job = [...f.sim.tenant.jobs.values()][1]!;
    const stages = f.ctx.db
      .prepare(
        'SELECT title, type, plan_id FROM ats_stages WHERE connection_id = ? AND plan_id = ? ORDER BY position',
      )
      .all(f.connectionId, String(job.id)) as Array<{ title: string; type: string }>;
    expect(stages[0]).toMatchObject({ title: 'Application Review', type: 'ApplicationReview' });
    expect(stages.at(-1)).toMatchObject({ title: 'Offer', type: 'Offer' });
    // Rejected applications carry their reason; hired ones the console's "Hired" reason.
    const rejected = [...f.sim.tenant.applications.values()].find((a) => a.status === 'rejected')!;
    const row = f.ctx.db
      .prepare(
        'SELECT archived, archive_reason_id, stage_id FROM ats_applications WHERE connection_id = ? AND remote_id = ?',
      )
      .get(f.connectionId, String(rejected.id));
    expect(row).toEqual({
      archived: 1,
      archive_reason_id: String(rejected.rejection_reason_id),
      stage_id: null,
    });
    // Pages of 500; built-in rejection reasons and service users asked for.
    const sent = v3(f).filter((e) => e.query.per_page !== '1');
    expect(sent.find((e) => e.path === '/v3/candidates')?.query).toMatchObject({ per_page: '500' });
    expect(sent.find((e) => e.path === '/v3/rejection_reasons')?.query).toMatchObject({
      include_defaults: 'true',
    });
    expect(sent.find((e) => e.path === '/v3/users')?.query).toMatchObject({
      show_service_accounts: 'true',
    });
    // Every request acted as the chosen Site Admin.
    expect(new Set(sent.map((e) => e.identity?.split(':')[1]))).toEqual(new Set(['1000001']));
  });

  it('reads only what changed on the next run, in an updated_at window with a 5-minute overlap', async () => {
    const f = await setup();
    await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    const application = [...f.sim.tenant.applications.values()].find(
      (a) => a.status === 'in_process' && a.job_id !== null,
    )!;
    f.sim.mutations.reject(application.id, { rejection_reason_id: 262 }, 1000001);
    const before = f.sim.requests.entries.length;
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(run).toMatchObject({ status: 'succeeded', mode: 'incremental' });
    const windows = v3(f, before).filter((e) => e.path === '/v3/applications');
    expect(windows).toHaveLength(1);
    expect(String(windows[0]!.query.updated_at)).toMatch(/^gte\|.+\|lte\|.+$/);
    const row = f.ctx.db
      .prepare('SELECT archived FROM ats_applications WHERE connection_id = ? AND remote_id = ?')
      .get(f.connectionId, String(application.id));
    expect(row).toEqual({ archived: 1 });
  });

  it('falls back to a lower bound alone when Greenhouse refuses the two-sided window, and remembers it', async () => {
    const f = await setup({ sim: { twoSidedDates: false } });
    await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(run).toMatchObject({ status: 'succeeded', mode: 'incremental' });
    const lines = listLogLinesForRun(f.ctx.db, run.id).map((line) => line.message);
    expect(lines.some((m) => /two bounds/.test(m))).toBe(true);
    const before = f.sim.requests.entries.length;
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    const third = v3(f, before).filter((e) => e.query.updated_at !== undefined);
    expect(third.length).toBeGreaterThan(0);
    expect(third.every((e) => !String(e.query.updated_at).includes('lte'))).toBe(true);
    expect(third.every((e) => e.status === 200)).toBe(true);
  });

  it('restarts a part from its first page when its cursor has expired, and imports everything', async () => {
    let clock = Date.now();
    fixture = await greenhouseFixture({
      sim: {
        tenant: { seed: 3, candidates: 1200, jobs: 4 },
        now: () => clock,
        cursorTtlMs: 60_000,
      },
    });
    const f = fixture;
    // Once the first part of the candidates has read its first page, every cursor given so far
    // is two minutes old.
    let aged = false;
    const original = f.sim.requests.add.bind(f.sim.requests);
    f.sim.requests.add = (entry) => {
      if (!aged && entry.path === '/v3/candidates' && entry.query.created_at !== undefined) {
        aged = true;
        clock += 120_000;
      }
      return original(entry);
    };
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    expect(run.status).toBe('succeeded');
    const lines = listLogLinesForRun(f.ctx.db, run.id).map((line) => line.message);
    expect(lines.some((m) => /page cursor/.test(m))).toBe(true);
    expect(v3(f).some((e) => e.path === '/v3/candidates' && e.status === 422)).toBe(true);
    expect(greenhouseCacheCounts(f.ctx, f.connectionId)).toEqual(expectedGreenhouseCounts(f.sim));
  });

  it('finds deletions and merges on the periodic full pass: a deleted candidate goes, a merged one’s applications move', async () => {
    const f = await setup();
    await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    const [loser, winner, deleted] = [...f.sim.tenant.candidates.keys()];
    const moved = [...f.sim.tenant.applications.values()]
      .filter((a) => a.candidate_id === loser)
      .map((a) => String(a.id));
    f.sim.mutations.mergeCandidates(loser!, winner!);
    f.sim.mutations.deleteCandidate(deleted!);
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual', full: true });
    expect(run).toMatchObject({ status: 'succeeded', mode: 'full' });
    const ids = (
      f.ctx.db
        .prepare('SELECT remote_id FROM ats_candidates WHERE connection_id = ?')
        .all(f.connectionId) as Array<{ remote_id: string }>
    ).map((r) => r.remote_id);
    expect(ids).not.toContain(String(loser));
    expect(ids).not.toContain(String(deleted));
    expect(ids).toContain(String(winner));
    for (const id of moved) {
      expect(
        f.ctx.db
          .prepare(
            'SELECT candidate_id FROM ats_applications WHERE connection_id = ? AND remote_id = ?',
          )
          .get(f.connectionId, id),
      ).toEqual({ candidate_id: String(winner) });
    }
    expect(greenhouseCacheCounts(f.ctx, f.connectionId)).toEqual(expectedGreenhouseCounts(f.sim));
  });

  it('runs a full pass on its own once a day, since Greenhouse reports no deletions', async () => {
    let now = Date.now();
    const f = await setup({ core: { clock: { now: () => now } } });
    await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    now += 25 * 3_600_000;
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(run.mode).toBe('full');
  });

  it('waits out 429s and still imports everything', async () => {
    const f = await setup({ sim: { rateLimit: { enabled: true, limit: 3, windowMs: 1000 } } });
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    expect(run.status).toBe('succeeded');
    expect(f.sim.throttled).toBeGreaterThan(0);
    expect(greenhouseCacheCounts(f.ctx, f.connectionId)).toEqual(expectedGreenhouseCounts(f.sim));
  });

  it('mints a new token when Greenhouse refuses the old one mid-run, and once only per refusal', async () => {
    const f = await setup({ sim: { token: { singleActiveToken: true } } });
    await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    const minted = f.sim.tokens.minted.length;
    f.sim.tokens.expireAll();
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(run.status).toBe('succeeded');
    expect(f.sim.tokens.minted.length).toBe(minted + 1);
  });

  it('reads a large full import in parts by creation date at the same time, and misses nothing', async () => {
    fixture = await greenhouseFixture({
      sim: { tenant: { seed: 9, candidates: 4000, jobs: 10 }, latencyMs: 20 },
    });
    const f = fixture;
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    expect(run.status).toBe('succeeded');
    expect(greenhouseCacheCounts(f.ctx, f.connectionId)).toEqual(expectedGreenhouseCounts(f.sim));
    const parts = v3(f).filter(
      (e) => e.path === '/v3/candidates' && e.query.created_at !== undefined,
    );
    expect(parts.length).toBeGreaterThan(1);
    expect(f.sim.inFlight.stats().max).toBeGreaterThan(1);
    // Splitting costs little: about one page read again, plus each part's last, partial page.
    const pages = v3(f).filter((e) => e.path === '/v3/candidates' && e.query.per_page !== '1');
    expect(pages.length).toBeLessThanOrEqual(Math.ceil(4000 / 500) + 8);
  });
});
