import { afterEach, describe, expect, it } from 'vitest';
import { AtsApiError } from '../../../../../src/main/core/http';
import { SCOPES } from '../../../../simulators/ashby/endpoints';
import { startAshbySimulator, type AshbySimulator } from '../../../../simulators/ashby/server';
import { startServer } from '../../../../simulators/common/http';
import { ashbyFixture, type AshbyFixture } from '../../../../support/ashby';

let fixture: AshbyFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const secret = (apiKey: string) => ({ kind: 'api_key' as const, apiKey });

async function check(sim: AshbySimulator, key: string) {
  fixture ??= await ashbyFixture({ connect: false });
  return fixture.ctx.connections.check({
    provider: 'ashby',
    baseUrl: sim.url,
    secret: secret(key),
  });
}

describe('Ashby connection check', () => {
  it('names the key, lists every permission as granted and finds the Kula source', async () => {
    fixture = await ashbyFixture({ connect: false });
    const result = await check(fixture.sim, fixture.sim.keys.full);
    expect(result.accountLabel).toBe('Kula integration');
    expect(result.permissions.every((permission) => permission.granted === true)).toBe(true);
    expect(result.setup).toEqual([expect.objectContaining({ id: 'kula-source', ok: true })]);
    expect(fixture.sim.requests.entries.map((entry) => entry.path)).toEqual([
      '/apiKey.info',
      '/source.list',
    ]);
  });

  it('says which features a missing permission disables', async () => {
    fixture = await ashbyFixture({ connect: false });
    const result = await check(fixture.sim, fixture.sim.keys.readOnly);
    const write = result.permissions.find((permission) => permission.name === 'candidatesWrite')!;
    expect(write).toMatchObject({ granted: false, label: 'Candidates: Write' });
    expect(write.features).toContain('Move applications between stages');
  });

  it('falls back to probing each read permission when the key cannot call apiKey.info', async () => {
    fixture = await ashbyFixture({ connect: false });
    const result = await check(fixture.sim, fixture.sim.keys.noApiKeyInfo);
    expect(result.accountLabel).toBeNull();
    const granted = Object.fromEntries(result.permissions.map((p) => [p.name, p.granted]));
    expect(granted).toMatchObject({
      jobsRead: true,
      candidatesRead: true,
      interviewsRead: true,
      hiringProcessMetadataRead: true,
      organizationRead: true,
      candidatesWrite: 'unknown',
      apiKeysRead: false,
    });
    expect(result.notes?.[0]).toMatch(/tested with a small request/);
    const paths = fixture.sim.requests.entries.map((entry) => entry.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/apiKey.info', '/job.list', '/candidate.list', '/user.list']),
    );
  });

  it('reports a probed permission as missing', async () => {
    fixture = await ashbyFixture({ connect: false });
    const sim = await startAshbySimulator({
      keys: [
        {
          key: 'key-without-candidates-or-keys',
          title: 'Limited',
          scopes: [SCOPES.jobsRead, SCOPES.interviewsRead],
          confidential: false,
          active: true,
          createdAt: '2026-01-01T00:00:00.000Z',
        },
      ],
    });
    try {
      const result = await check(sim, 'key-without-candidates-or-keys');
      const granted = Object.fromEntries(result.permissions.map((p) => [p.name, p.granted]));
      expect(granted).toMatchObject({
        jobsRead: true,
        candidatesRead: false,
        hiringProcessMetadataRead: false,
      });
      // Without sources permission the Kula source cannot be checked; it says so and what to do.
      expect(result.setup[0]).toMatchObject({
        ok: false,
        detail: expect.stringMatching(/cannot read sources/),
      });
      expect(result.setup[0]?.action).toMatch(/Hiring Process Metadata: Read/);
    } finally {
      await sim.close();
    }
  });

  it.each([
    [
      'missing',
      /has no source named “Kula”/,
      /Candidate Sources, adds the source type “Integration”/,
    ],
    [
      'wrong-type',
      /under the source type “Sourced”/,
      /move “Kula” to the source type “Integration”/,
    ],
    ['archived', /is archived/, /unarchive “Kula”/],
  ] as const)('guides the admin when the Kula source is %s', async (setup, detail, action) => {
    fixture = await ashbyFixture({ connect: false });
    const sim = await startAshbySimulator({
      tenant: { candidates: 10, applications: 10, kulaSource: setup },
    });
    try {
      const result = await check(sim, sim.keys.full);
      expect(result.setup[0]).toMatchObject({ ok: false, detail: expect.stringMatching(detail) });
      expect(result.setup[0]?.action).toMatch(action);
    } finally {
      await sim.close();
    }
  });

  it('refuses a wrong or deactivated key plainly, without retrying', async () => {
    fixture = await ashbyFixture({ connect: false });
    for (const key of ['this-is-not-a-key', fixture.sim.keys.deactivated]) {
      const error = (await check(fixture.sim, key).catch((e: unknown) => e)) as AtsApiError;
      expect(error).toBeInstanceOf(AtsApiError);
      expect(error).toMatchObject({ kind: 'auth', code: 'AUTH_FAILED', attempts: 1 });
      expect(error.message).toBe(
        'Ashby refused the API key: it is wrong, incomplete or has been deactivated.',
      );
      expect(error.action).toMatch(/create a new key for Kula/);
    }
  });

  it('says when Ashby cannot be reached or is down', async () => {
    fixture = await ashbyFixture({ connect: false });
    const closed = await startServer(() => undefined);
    await closed.close();
    const offline = (await fixture.ctx.connections
      .check({ provider: 'ashby', baseUrl: closed.url, secret: secret('some-key-1234') })
      .catch((e: unknown) => e)) as AtsApiError;
    expect(offline).toMatchObject({ kind: 'network', code: 'NETWORK' });
    expect(offline.message).toMatch(/^Could not reach Ashby at 127\.0\.0\.1:\d+/);

    fixture.sim.faults.queue('500', '502', '500', '500', '502', '500', '500');
    const down = (await check(fixture.sim, fixture.sim.keys.full).catch(
      (e: unknown) => e,
    )) as AtsApiError;
    expect(down).toMatchObject({
      kind: 'unavailable',
      code: 'ATS_UNAVAILABLE',
      status: 500,
      attempts: 7,
    });
    expect(down.message).toBe('Ashby is not answering normally (HTTP 500).');
  });

  it('refuses an API host that would send the key unencrypted over a network', async () => {
    fixture = await ashbyFixture({ connect: false });
    await expect(
      fixture.ctx.connections.check({
        provider: 'ashby',
        baseUrl: 'http://ashby.example.com',
        secret: secret('k-12345678'),
      }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/Plain http is only allowed/),
    });
    await expect(
      fixture.ctx.connections.check({
        provider: 'ashby',
        baseUrl: 'not a url',
        secret: secret('k-12345678'),
      }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});

describe('Ashby pages', () => {
  it('maps candidates and applications, and skips an unreadable record with its id and reason', async () => {
    fixture = await ashbyFixture({ sim: { tenant: { candidates: 30, applications: 30 } } });
    const { sim, ctx, connectionId } = fixture;
    const broken = sim.tenant.candidate(2)!;
    sim.tenant.updateCandidate(broken.id, { malformed: true });
    const { provider } = ctx.connections.openProvider(connectionId);
    const signal = new AbortController().signal;
    const page = await provider.fetchPage({
      resource: 'candidates',
      stream: '',
      cursor: null,
      committed: null,
      forceFull: false,
      signal,
    });
    expect(page.skipped).toEqual([
      {
        entity: 'candidates',
        remoteId: broken.id,
        reason: expect.stringMatching(/Unreadable record: "name" is missing/),
      },
    ]);
    const first = sim.tenant.candidate(0)!;
    expect(page.batch.candidates?.find((c) => c.remoteId === first.id)).toEqual({
      remoteId: first.id,
      name: first.name,
      primaryEmail: first.email,
      emails: expect.arrayContaining([first.email]),
      phones: first.phone ? [first.phone] : [],
      links: first.linkedIn ? [first.linkedIn] : [],
      profileUrl: `https://app.ashbyhq.com/candidate-searches/new/right-side/candidates/${first.id}`,
      createdAt: first.createdAt,
      updatedAt: first.updatedAt,
    });
    expect(page).toMatchObject({
      mode: 'full',
      passStarted: true,
      next: null,
      committed: { syncToken: expect.any(String) },
    });

    const apps = await provider.fetchPage({
      resource: 'applications',
      stream: '',
      cursor: null,
      committed: null,
      forceFull: false,
      signal,
    });
    const application = sim.tenant.application(0)!;
    expect(apps.batch.applications?.find((a) => a.remoteId === application.id)).toMatchObject({
      candidateRemoteId: sim.tenant.candidate(application.candidateIndex)!.id,
      jobRemoteId: sim.tenant.jobs[application.jobIndex]!.id,
      stageRemoteId: application.stageId,
      status: application.status,
      archived: application.status === 'Archived',
    });
    provider.close?.();
  });

  it('resolves each open job’s plan with jobInterviewPlan.info', async () => {
    fixture = await ashbyFixture({
      sim: { tenant: { candidates: 30, applications: 30, jobs: 9 } },
    });
    const { sim, ctx, connectionId } = fixture;
    const { provider } = ctx.connections.openProvider(connectionId);
    const page = await provider.fetchPage({
      resource: 'jobs',
      stream: '',
      cursor: null,
      committed: null,
      forceFull: false,
      signal: new AbortController().signal,
    });
    const quirky = sim.tenant.jobs.find(
      (job) =>
        job.status === 'Open' &&
        !job.confidential &&
        !job.interviewPlanIds.includes(sim.tenant.plans[job.defaultPlanIndex]!.id),
    );
    const open = sim.tenant.jobs.filter((job) => job.status === 'Open' && !job.confidential);
    expect(sim.requests.byPath('/jobInterviewPlan.info')).toHaveLength(open.length);
    if (quirky) {
      const mapped = page.batch.jobs?.find((job) => job.remoteId === quirky.id);
      expect(mapped?.defaultPlanId).toBe(sim.tenant.plans[quirky.defaultPlanIndex]!.id);
      expect(mapped?.planIds[0]).toBe(sim.tenant.plans[quirky.defaultPlanIndex]!.id);
    }
    provider.close?.();
  });
});
