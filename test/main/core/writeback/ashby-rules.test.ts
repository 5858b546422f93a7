import { afterEach, describe, expect, it } from 'vitest';
import { addCandidate } from '../../../../src/main/core/workspace/candidates';
import { createFlow, listOpenJobs } from '../../../../src/main/core/workspace/flows';
import { ashbyFixture, type AshbyFixture } from '../../../support/ashby';
import { FAST_OUTBOX, outboxRows, outboxStates, syncUntilSent } from '../../../support/writeback';

let fixture: AshbyFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

async function connected(): Promise<AshbyFixture> {
  fixture = await ashbyFixture({
    sim: { tenant: { candidates: 40, applications: 50 } },
    core: { outbox: FAST_OUTBOX },
  });
  const run = await fixture.ctx.sync.run(fixture.connectionId, { trigger: 'manual' });
  expect(run.status).toBe('succeeded');
  return fixture;
}

/** A person in Ashby (with an email) and an open job they have not applied to. */
function existingPersonAndJob(f: AshbyFixture) {
  const jobs = listOpenJobs(f.ctx, f.connectionId);
  for (let i = 0; i < f.sim.tenant.candidateCount(); i++) {
    const person = f.sim.tenant.candidate(i);
    if (!person?.email || person.confidential) continue;
    const applied = new Set(
      f.sim.tenant
        .applicationIdsOf(person)
        .map((id) => f.sim.tenant.jobs[f.sim.tenant.applicationById(id)!.jobIndex]!.id),
    );
    const job = jobs.find((candidate) => !applied.has(candidate.jobId));
    if (job) return { person, job };
  }
  throw new Error('no suitable person in the tenant');
}

const calls = (f: AshbyFixture, path: string) =>
  f.sim.requests.entries.filter((entry) => entry.path === path && entry.status === 200);

describe('Ashby write-back: adding candidates to a linked flow', () => {
  it('finds one candidate by email, creates the other two, and creates three applications with the Kula source, none duplicated', async () => {
    const f = await connected();
    const { person: known, job } = existingPersonAndJob(f);
    const flow = createFlow(f.ctx, {
      name: 'Backend outreach',
      link: { connectionId: f.connectionId, jobId: job.jobId },
    });
    const before = f.sim.requests.entries.length;
    const people = [
      { name: 'Ada Lovelace', emails: ['ada@example.org'] },
      { name: known.name, emails: [known.email!.toUpperCase()] },
      { name: 'Grace Hopper', emails: ['grace@example.org'], links: ['linkedin.com/in/grace'] },
    ];
    const added = people.map((person) =>
      addCandidate(f.ctx, { ...person, flowIds: [flow.id], origin: 'form' }),
    );
    // Nothing is sent before a sync: the writes wait in the outbox.
    expect(f.sim.requests.entries.length).toBe(before);
    expect(outboxStates(f.ctx, f.connectionId)).toEqual({ pending: 6 });

    await syncUntilSent(f.ctx, f.connectionId);
    expect(outboxStates(f.ctx, f.connectionId), JSON.stringify(outboxRows(f.ctx), null, 1)).toEqual({ done: 6 });

    const creates = calls(f, '/candidate.create');
    expect(creates.map((entry) => (entry.body as { name: string }).name).sort()).toEqual([
      'Ada Lovelace',
      'Grace Hopper',
    ]);
    const kula = f.sim.tenant.sources.find((source) => source.title === 'Kula')!;
    for (const entry of creates) {
      expect(entry.body).toMatchObject({ sourceId: kula.id });
    }
    expect(creates.find((entry) => (entry.body as { name: string }).name === 'Grace Hopper')!.body)
      .toMatchObject({ email: 'grace@example.org', linkedInUrl: 'https://linkedin.com/in/grace' });

    const applications = calls(f, '/application.create');
    expect(applications).toHaveLength(3);
    for (const entry of applications) {
      expect(entry.body).toMatchObject({ jobId: job.jobId, sourceId: kula.id });
    }
    const candidateIds = new Set(
      applications.map((entry) => (entry.body as { candidateId: string }).candidateId),
    );
    expect(candidateIds.size).toBe(3);
    expect(candidateIds.has(known.id)).toBe(true);

    // In the simulator: exactly one application per person on the job.
    for (const candidateId of candidateIds) {
      const person = f.sim.tenant.candidateById(candidateId)!;
      const onJob = f.sim.tenant
        .applicationIdsOf(person)
        .map((id) => f.sim.tenant.applicationById(id)!)
        .filter((application) => f.sim.tenant.jobs[application.jobIndex]!.id === job.jobId);
      expect(onJob).toHaveLength(1);
    }

    // Each candidate shows the ATS icon's link: their Ashby profile.
    const links = added.map(
      (candidate) =>
        f.ctx.db
          .prepare('SELECT * FROM kula_ats_candidates WHERE candidate_id = ?')
          .get(candidate.id) as { profile_url: string; created_by_console: number },
    );
    expect(links.map((link) => link.created_by_console)).toEqual([1, 0, 1]);
    expect(links[1]!.profile_url).toBe(
      `https://app.ashbyhq.com/candidate-searches/new/right-side/candidates/${known.id}`,
    );

    // A second sync sends nothing more.
    const count = f.sim.requests.entries.filter((entry) => entry.path.includes('create')).length;
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(f.sim.requests.entries.filter((entry) => entry.path.includes('create')).length).toBe(
      count,
    );
    expect(outboxRows(f.ctx).every((row) => row.attempts === 1)).toBe(true);
  });
});
