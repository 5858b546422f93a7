import { afterEach, describe, expect, it } from 'vitest';
import type { SyncLogLine, SyncProgress } from '../../../../src/shared/domain/runs';
import { listLogLinesForRun } from '../../../../src/main/core/db/repos/sync-log';
import { getConnectionRow } from '../../../../src/main/core/db/repos/connections';
import { SCOPES } from '../../../simulators/ashby/endpoints';
import {
  ashbyFixture,
  cacheCounts,
  expectedCounts,
  type AshbyFixture,
} from '../../../support/ashby';

let fixture: AshbyFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const SMALL = { candidates: 230, applications: 280 };
const INCREMENTAL_LISTS = ['/user.list', '/job.list', '/candidate.list', '/application.list'];
const SNAPSHOTS = [
  '/source.list',
  '/archiveReason.list',
  '/interviewPlan.list',
  '/interviewStage.list',
];

async function setup(options: Parameters<typeof ashbyFixture>[0] = {}) {
  fixture = await ashbyFixture({ sim: { tenant: SMALL, ...options.sim }, ...options });
  return fixture;
}

function lines(f: AshbyFixture, runId: number, rule?: string): SyncLogLine[] {
  return listLogLinesForRun(f.ctx.db, runId).filter((line) => !rule || line.rule === rule);
}

describe('import', () => {
  it('imports a tenant into the cache with the simulator’s counts, records the run and reports progress', async () => {
    const f = await setup();
    const progress: SyncProgress[] = [];
    f.ctx.events.on('sync:progress', (event) => progress.push(event));
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    expect(run).toMatchObject({ status: 'succeeded', mode: 'full', errors: 0 });
    expect(cacheCounts(f.ctx, f.connectionId)).toEqual(expectedCounts(f.sim));
    // The first import loads the big tables without their secondary indexes, then builds them.
    const indexes = f.ctx.db
      .prepare(
        "SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name LIKE 'ats_%_by_%' AND tbl_name IN ('ats_candidates', 'ats_applications')",
      )
      .get();
    expect(indexes).toEqual({ n: 4 });
    expect(run.recordsPulled).toBeGreaterThanOrEqual(SMALL.candidates);
    expect(run.requests).toBe(f.sim.requests.entries.length - 2); // minus the connect check
    const finished = progress.filter((event) => event.finished && !event.runFinished);
    // The resources are read at the same time, so they finish in any order; each once.
    const labels = finished.map((event) => event.resourceLabel);
    expect(labels.slice(0, -1).sort()).toEqual(
      [
        'Sources',
        'Archive reasons',
        'Users',
        'Interview plans and stages',
        'Jobs',
        'Candidates',
        'Applications',
      ].sort(),
    );
    // The push phase reports too, with nothing queued on a first import.
    expect(labels.at(-1)).toBe('Queued writes');
    expect(progress.at(-1)).toMatchObject({ runFinished: true, status: 'succeeded' });
    expect(lines(f, run.id, 'run-end')[0]?.message).toMatch(/records read from Ashby/);
    // Every page left a log line with its API call and request id.
    const pageLines = lines(f, run.id, 'pull-page-full');
    expect(pageLines.length).toBeGreaterThanOrEqual(7);
    expect(pageLines.every((line) => line.apiCall && line.requestId)).toBe(true);
  });

  it('imports confidential jobs, candidates and applications only for a key with confidential access', async () => {
    const f = await setup({
      key: 'confidential',
      sim: { tenant: { ...SMALL, confidentialShare: 0.2 } },
    });
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(cacheCounts(f.ctx, f.connectionId)).toEqual(expectedCounts(f.sim, true));
    expect(expectedCounts(f.sim, true).candidates).toBeGreaterThan(
      expectedCounts(f.sim, false).candidates,
    );
  });

  it('refuses a second run on the same connection while one is going', async () => {
    const f = await setup({ sim: { tenant: SMALL, latencyMs: 20 } });
    const first = f.ctx.sync.start(f.connectionId, { trigger: 'manual' });
    expect(() => f.ctx.sync.start(f.connectionId, { trigger: 'manual' })).toThrow(
      expect.objectContaining({ code: 'ALREADY_RUNNING' }),
    );
    await first.done;
  });
});

describe('incremental sync', () => {
  it('with nothing changed sends one incremental request per list and the small snapshots', async () => {
    const f = await setup();
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    f.sim.requests.clear();
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(run).toMatchObject({ status: 'succeeded', mode: 'incremental' });
    expect(run.message).toMatch(/^Up to date: nothing changed in Ashby/);
    const requests = f.sim.requests.entries;
    for (const path of INCREMENTAL_LISTS) {
      const sent = requests.filter((entry) => entry.path === path);
      expect(sent, path).toHaveLength(1);
      expect(sent[0]?.body, path).toMatchObject({ syncToken: expect.any(String), limit: 100 });
    }
    const other = requests.filter((entry) => !INCREMENTAL_LISTS.includes(entry.path));
    expect(other.every((entry) => SNAPSHOTS.includes(entry.path))).toBe(true);
    expect(other.length).toBeLessThanOrEqual(3 + f.sim.tenant.plans.length);
    expect(cacheCounts(f.ctx, f.connectionId)).toEqual(expectedCounts(f.sim));
  });

  it('after changes in Ashby updates exactly the changed records', async () => {
    const f = await setup();
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    const { tenant } = f.sim;
    const candidate = tenant.candidate(7)!;
    tenant.updateCandidate(candidate.id, { name: 'Grace Hopper', email: 'grace@example.com' });
    const application = tenant.application(11)!;
    const plan = tenant.plans[application.planIndex]!;
    const target = plan.stages.find((stage) => stage.type === 'Offer')!;
    tenant.moveApplication(application.id, target, null);
    const job = tenant.jobs.find((j) => j.status === 'Open' && !j.confidential)!;
    tenant.updateJob(job.id, { status: 'Closed' });
    const custom = tenant.addCustomStage(plan.id, 'Founder Chat');
    const created = tenant.createCandidate({ name: 'New Person', email: 'new.person@example.com' });

    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    const changed = lines(f, run.id, 'pull-change').map(
      (line) => `${line.entity}:${line.entityId}`,
    );
    expect(changed.sort()).toEqual(
      [
        `candidates:${candidate.id}`,
        `candidates:${created.id}`,
        `applications:${application.id}`,
        `jobs:${job.id}`,
      ].sort(),
    );
    const row = f.ctx.db
      .prepare('SELECT name, primary_email FROM ats_candidates WHERE remote_id = ?')
      .get(candidate.id);
    expect(row).toEqual({ name: 'Grace Hopper', primary_email: 'grace@example.com' });
    expect(
      f.ctx.db
        .prepare('SELECT stage_id FROM ats_applications WHERE remote_id = ?')
        .get(application.id),
    ).toEqual({ stage_id: target.id });
    expect(
      f.ctx.db.prepare('SELECT is_open FROM ats_jobs WHERE remote_id = ?').get(job.id),
    ).toEqual({ is_open: 0 });
    expect(
      f.ctx.db.prepare('SELECT title FROM ats_stages WHERE remote_id = ?').get(custom.id),
    ).toEqual({
      title: 'Founder Chat',
    });
    expect(cacheCounts(f.ctx, f.connectionId)).toEqual(expectedCounts(f.sim));
  });

  it.each([
    ['sync_token_expired', (f: AshbyFixture) => f.sim.paging.expireSyncTokens()],
    [
      'sync_token_invalid',
      (f: AshbyFixture) => f.sim.queueError('/candidate.list', 'sync_token_invalid'),
    ],
    [
      'incremental_sync_too_large',
      (f: AshbyFixture) => f.sim.queueError('/candidate.list', 'incremental_sync_too_large'),
    ],
  ])(
    'falls back to a full read on %s, logs why, and ends with the same cache',
    async (code, provoke) => {
      const f = await setup();
      await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
      provoke(f);
      f.sim.requests.clear();
      const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
      expect(run.status).toBe('succeeded');
      const notices = lines(f, run.id, code).filter((line) => line.entity === 'candidates');
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ level: 'warn', entity: 'candidates' });
      expect(notices[0]?.message).toMatch(/read in full instead/);
      const candidateRequests = f.sim.requests.byPath('/candidate.list');
      expect(candidateRequests.length).toBeGreaterThan(2);
      expect(candidateRequests.at(-1)?.body).not.toHaveProperty('syncToken');
      expect(cacheCounts(f.ctx, f.connectionId)).toEqual(expectedCounts(f.sim));
      const state = f.ctx.db
        .prepare("SELECT pass_mode, last_notice FROM sync_state WHERE resource = 'candidates'")
        .get();
      expect(state).toEqual({ pass_mode: 'full', last_notice: code });
    },
  );

  it('removes records Ashby no longer has after a complete full read, never after a partial one', async () => {
    const f = await setup();
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    const gone = f.sim.tenant.candidate(5)!;
    f.sim.tenant.removeCandidate(gone.id);
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    const has = () =>
      f.ctx.db.prepare('SELECT 1 FROM ats_candidates WHERE remote_id = ?').get(gone.id) !==
      undefined;
    expect(has()).toBe(true); // incremental reads do not report deletions
    const full = await f.ctx.sync.run(f.connectionId, { trigger: 'manual', full: true });
    expect(full.mode).toBe('full');
    expect(has()).toBe(false);
    expect(lines(f, full.id, 'sweep-missing').length).toBeGreaterThanOrEqual(1);
    expect(cacheCounts(f.ctx, f.connectionId)).toEqual(expectedCounts(f.sim));
  });
});

describe('resilience', () => {
  it('restarts paging when a cursor expires mid-read, without duplicates', async () => {
    const f = await setup();
    let pages = 0;
    f.ctx.events.on('sync:log', (line) => {
      if (line.rule === 'pull-page-full' && line.entity === 'candidates' && ++pages === 1) {
        f.sim.paging.expireCursors();
      }
    });
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(run.status).toBe('succeeded');
    expect(lines(f, run.id, 'next_cursor_expired')[0]?.message).toMatch(
      /paging restarted from the first page/,
    );
    expect(cacheCounts(f.ctx, f.connectionId)).toEqual(expectedCounts(f.sim));
    // A first import appends: the first page, read twice, was kept once and counted once.
    expect(lines(f, run.id, 'pull-duplicates').map((line) => line.message)).toEqual([
      'Candidates: 100 candidates came more than once in this read; the latest copy of each was kept.',
    ]);
    const counts = expectedCounts(f.sim);
    const cached = Object.values(counts).reduce((sum, n) => sum + n, 0);
    expect(lines(f, run.id, 'run-end')[0]?.message).toContain(
      `${cached.toLocaleString('en-US')} new, changed or removed in the cache`,
    );
  });

  it('on 429 waits as told and continues, and logs the retries', async () => {
    const f = await setup({
      sim: {
        tenant: { candidates: 120, applications: 120 },
        rateLimit: { perSecond: 30, burst: 4, retryAfter: 'seconds' },
      },
    });
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(run.status).toBe('succeeded');
    expect([...f.sim.throttled.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(lines(f, run.id, 'rate-limited-retry').length).toBeGreaterThan(0);
    expect(cacheCounts(f.ctx, f.connectionId)).toEqual(expectedCounts(f.sim));
  });

  it('causes no 429 when the connection’s own limit is below the ATS’s', async () => {
    const f = await setup({
      sim: {
        tenant: { candidates: 120, applications: 120 },
        // The ATS's burst is above ours too: the simulator runs in this process, so an event-loop
        // stall on a loaded machine delivers requests sent apart in one batch, and an equal burst
        // then reads as a 429 the client never caused.
        rateLimit: { perSecond: 40, burst: 10 },
      },
    });
    f.ctx.connections.updateSettings(f.connectionId, { rateLimit: { perSecond: 30, burst: 5 } });
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(run.status).toBe('succeeded');
    expect(f.sim.throttled.size).toBe(0);
  });

  it('retries 5xx, resets, timeouts and malformed JSON and ends with the same cache as a clean run', async () => {
    const f = await setup({
      core: { http: { retry: { baseDelayMs: 2, capDelayMs: 20, maxRetries: 8 }, timeoutMs: 300 } },
      sim: {
        faults: {
          rate: 0.25,
          seed: 7,
          kinds: ['500', '502', 'reset', 'malformed-json', 'truncated-json', 'timeout'],
          hangMs: 2000,
        },
      },
    });
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(run.status).toBe('succeeded');
    expect(f.sim.faults.injected.length).toBeGreaterThan(5);
    expect(lines(f, run.id, 'retried').length).toBeGreaterThan(0);
    expect(cacheCounts(f.ctx, f.connectionId)).toEqual(expectedCounts(f.sim));
  });

  it('skips and logs a malformed record while the rest imports', async () => {
    const f = await setup();
    const broken = f.sim.tenant.application(4)!;
    f.sim.tenant.corruptApplication(broken.id);
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(run).toMatchObject({ status: 'succeeded', errors: 1 });
    expect(run.message).toMatch(/1 unreadable record was skipped/);
    const skipped = lines(f, run.id, 'skipped-unreadable');
    expect(skipped).toEqual([
      expect.objectContaining({
        level: 'warn',
        entity: 'applications',
        entityId: broken.id,
        result: 'skipped',
      }),
    ]);
    expect(skipped[0]?.message).toMatch(/"candidate" is missing/);
    const expected = expectedCounts(f.sim);
    expect(cacheCounts(f.ctx, f.connectionId)).toEqual({
      ...expected,
      applications: expected.applications - 1,
    });
  });

  it('stops at a page boundary when cancelled and resumes from the checkpoint', async () => {
    const f = await setup({
      sim: { tenant: { candidates: 900, applications: 300 }, latencyMs: 15 },
    });
    const started = f.ctx.sync.start(f.connectionId, { trigger: 'manual' });
    const stop = f.ctx.events.on('sync:log', (line) => {
      if (line.rule === 'pull-page-full' && line.entity === 'candidates') {
        stop();
        void f.ctx.sync.cancel(f.connectionId);
      }
    });
    const cancelled = await started.done;
    expect(cancelled.status).toBe('cancelled');
    const saved = cacheCounts(f.ctx, f.connectionId).candidates;
    expect(saved).toBeGreaterThan(0);
    expect(saved).toBeLessThan(expectedCounts(f.sim).candidates);
    f.sim.requests.clear();
    const resumed = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(resumed.status).toBe('succeeded');
    // Every resource that was being read resumes where it stopped, the candidates among them.
    const resumedLines = lines(f, resumed.id, 'resume-checkpoint');
    expect(resumedLines.map((line) => line.message)).toContainEqual(
      expect.stringMatching(/^Candidates: resuming/),
    );
    // Resumed with the saved cursor: the first candidate request carries it.
    expect(f.sim.requests.byPath('/candidate.list')[0]?.body).toHaveProperty('cursor');
    expect(cacheCounts(f.ctx, f.connectionId)).toEqual(expectedCounts(f.sim));
  });
});

describe('credentials and permissions', () => {
  it('marks the connection needs_reauth when Ashby refuses the key, and stops the run', async () => {
    const f = await setup();
    f.sim.keyList.find((key) => key.key === f.sim.keys.full)!.active = false;
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(run.status).toBe('failed');
    expect(run.message).toMatch(
      /^Ashby refused the API key: it is wrong, incomplete or has been deactivated\./,
    );
    expect(getConnectionRow(f.ctx.db, f.connectionId)?.status).toBe('needs_reauth');
    expect(() => f.ctx.sync.start(f.connectionId, { trigger: 'manual' })).toThrow(
      expect.objectContaining({ code: 'NEEDS_REAUTH' }),
    );
    // A reconnect with a working key resumes syncing.
    f.sim.keyList.find((key) => key.key === f.sim.keys.full)!.active = true;
    await f.ctx.connections.replaceCredential(f.connectionId, {
      kind: 'api_key',
      apiKey: f.sim.keys.full,
    });
    expect((await f.ctx.sync.run(f.connectionId, { trigger: 'manual' })).status).toBe('succeeded');
  });

  it('skips a resource whose permission the key lacks, says so, and imports the rest', async () => {
    fixture = await ashbyFixture({
      connect: false,
      sim: {
        tenant: SMALL,
        keys: [
          {
            key: 'key-without-organization-read',
            title: 'No users',
            scopes: Object.values(SCOPES).filter((scope) => scope !== SCOPES.organizationRead),
            confidential: false,
            active: true,
            createdAt: '2026-01-01T00:00:00.000Z',
          },
        ],
      },
    });
    const f = fixture;
    const { connection } = await f.ctx.connections.create({
      provider: 'ashby',
      baseUrl: f.sim.url,
      secret: { kind: 'api_key', apiKey: 'key-without-organization-read' },
      storeCredential: true,
    });
    const run = await f.ctx.sync.run(connection.id, { trigger: 'manual' });
    expect(run.status).toBe('succeeded');
    expect(run.message).toMatch(/Users skipped: The Ashby API key lacks “Organization: Read”/);
    const warning = lines(f, run.id, 'missing-permission')[0];
    expect(warning?.nextStep).toMatch(/enable Organization: Read/);
    const counts = cacheCounts(f.ctx, connection.id);
    expect(counts.users).toBe(0);
    expect(counts.candidates).toBe(expectedCounts(f.sim).candidates);
  });

  it('runs with a per-run credential without storing it', async () => {
    fixture = await ashbyFixture({ connect: false, sim: { tenant: SMALL } });
    const f = fixture;
    const { connection } = await f.ctx.connections.create({
      provider: 'ashby',
      baseUrl: f.sim.url,
      secret: { kind: 'api_key', apiKey: f.sim.keys.full },
      storeCredential: false,
    });
    expect(connection.hasCredential).toBe(false);
    expect(() => f.ctx.sync.start(connection.id, { trigger: 'cli' })).toThrow(
      expect.objectContaining({ code: 'NEEDS_REAUTH' }),
    );
    const run = await f.ctx.sync.run(connection.id, {
      trigger: 'cli',
      credential: { kind: 'api_key', apiKey: f.sim.keys.full },
    });
    expect(run.status).toBe('succeeded');
    expect(f.ctx.vault.has(connection.id)).toBe(false);
  });
});
