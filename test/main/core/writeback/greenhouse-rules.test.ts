import { afterEach, describe, expect, it } from 'vitest';
import {
  addNote,
  createReferral,
  logMessage,
  uploadResume,
} from '../../../../src/main/core/kula/activity';
import { addCandidate, moveCandidate } from '../../../../src/main/core/kula/candidates';
import { addToFlow, createFlow, listOpenJobs } from '../../../../src/main/core/kula/flows';
import type { GhCandidate } from '../../../simulators/greenhouse/model';
import { ADMIN_USER_ID } from '../../../simulators/greenhouse/tenant';
import { greenhouseFixture, type GreenhouseFixture } from '../../../support/greenhouse';
import { FAST_OUTBOX, outboxRows, outboxStates, syncUntilSent } from '../../../support/writeback';

/**
 * Every write-back rule against the Greenhouse simulator, asserting on what it received and holds
 * (see docs/greenhouse.md): flows, referrals, stage moves and rejections both ways, notes (never
 * the private ones), conversation messages, the backfill, resumes, the acting user, and writes
 * whose answer was lost.
 */

let fixture: GreenhouseFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

interface Setup {
  f: GreenhouseFixture;
  jobId: number;
  known: GhCandidate;
  flowId: string;
}

async function setup(options: Parameters<typeof greenhouseFixture>[0] = {}): Promise<Setup> {
  fixture = await greenhouseFixture({
    ...options,
    sim: { tenant: { seed: 8, candidates: 40, jobs: 5, stages: 'default' }, ...options.sim },
    core: { outbox: FAST_OUTBOX },
  });
  const f = fixture;
  expect((await f.ctx.sync.run(f.connectionId, { trigger: 'manual' })).status).toBe('succeeded');
  const job = listOpenJobs(f.ctx, f.connectionId)[0]!;
  const jobId = Number(job.jobId);
  const known = [...f.sim.tenant.candidates.values()].find(
    (candidate) =>
      ![...f.sim.tenant.applications.values()].some(
        (app) => app.candidate_id === candidate.id && app.job_id === jobId,
      ),
  )!;
  const flow = createFlow(f.ctx, {
    name: 'Outreach',
    link: { connectionId: f.connectionId, jobId: job.jobId },
  });
  return { f, jobId, known, flowId: flow.id };
}

const sent = (f: GreenhouseFixture, method: string, pattern: RegExp) =>
  f.sim.requests.entries.filter(
    (entry) => entry.method === method && pattern.test(entry.path) && entry.status < 300,
  );
const byEmail = (f: GreenhouseFixture, email: string) =>
  [...f.sim.tenant.candidates.values()].filter((c) =>
    c.email_addresses.some((address) => address.value.toLowerCase() === email.toLowerCase()),
  );
const appOn = (s: Setup, email: string) =>
  [...s.f.sim.tenant.applications.values()].find(
    (app) => app.candidate_id === byEmail(s.f, email)[0]?.id && app.job_id === s.jobId,
  )!;
const stageName = (s: Setup, email: string) =>
  s.f.sim.tenant.jobInterviewStages.get(appOn(s, email).job_interview_stage_id ?? -1)?.name;
const add = (s: Setup, name: string, email: string, flow = true) =>
  addCandidate(s.f.ctx, { name, emails: [email], flowIds: flow ? [s.flowId] : [], origin: 'form' });
const kulaStage = (s: Setup, id: string) =>
  (
    s.f.ctx.db.prepare('SELECT kula_stage_id FROM kula_candidates WHERE id = ?').get(id) as {
      kula_stage_id: string;
    }
  ).kula_stage_id;

describe('Greenhouse: a candidate added to a linked flow', () => {
  it('finds one candidate by email, creates the others, and creates applications with the Kula source, all as the chosen user', async () => {
    const s = await setup();
    const { f, known } = s;
    const added = [
      add(s, 'Ada Lovelace', 'ada@example.org'),
      add(
        s,
        `${known.first_name} ${known.last_name}`,
        known.email_addresses[0]!.value.toUpperCase(),
      ),
      add(s, 'Grace Hopper', 'grace@example.org'),
    ];
    await syncUntilSent(f.ctx, f.connectionId);
    expect(outboxStates(f.ctx, f.connectionId)).toEqual({ done: 6 });
    const creates = sent(f, 'POST', /^\/v3\/candidates$/);
    expect(creates.map((e) => (e.body as { first_name: string }).first_name).sort()).toEqual([
      'Ada',
      'Grace',
    ]);
    const applications = sent(f, 'POST', /^\/v3\/applications$/);
    expect(applications).toHaveLength(3);
    for (const entry of applications) {
      expect(entry.body).toMatchObject({ job_id: s.jobId, source_id: 632 });
    }
    for (const email of ['ada@example.org', 'grace@example.org']) {
      expect(byEmail(f, email)).toHaveLength(1);
      expect(stageName(s, email)).toBe('Application Review');
    }
    expect(appOn(s, known.email_addresses[0]!.value).source_id).toBe(632);
    // Every write was made as the chosen Site Admin.
    expect(new Set(f.sim.mutations.log.map((m) => m.actingUserId))).toEqual(
      new Set([ADMIN_USER_ID]),
    );
    // The ATS link opens the candidate's profile on that application.
    const link = f.ctx.db
      .prepare('SELECT profile_url FROM kula_ats_candidates WHERE candidate_id = ?')
      .get(added[1]!.id) as { profile_url: string };
    expect(link.profile_url).toBe(`https://app.greenhouse.io/people/${known.id}`);
    // A new candidate in Application Review stays "New" in Kula.
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(kulaStage(s, added[0]!.id)).toBe('new');
    expect(sent(f, 'POST', /^\/v3\//)).toHaveLength(5);
  });

  it('holds every write until a user to act as is chosen, and sends them after', async () => {
    const s = await setup({ actAs: null });
    const { f } = s;
    add(s, 'Hedy Lamarr', 'hedy@example.org');
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(run.message).toMatch(/on hold/);
    expect(sent(f, 'POST', /^\/v3\/candidates$/)).toHaveLength(0);
    await f.ctx.connections.setWriteUser(f.connectionId, String(ADMIN_USER_ID));
    await syncUntilSent(f.ctx, f.connectionId);
    expect(outboxStates(f.ctx, f.connectionId)).toEqual({ done: 2 });
    expect(f.sim.mutations.log.every((m) => m.actingUserId === ADMIN_USER_ID)).toBe(true);
  });

  it('holds every write while the Kula source is missing, with the steps to create it', async () => {
    const s = await setup({ sim: { tenant: { candidates: 10, jobs: 3, kulaSource: false } } });
    add(s, 'Hedy Lamarr', 'hedy@example.org');
    const run = await s.f.ctx.sync.run(s.f.connectionId, { trigger: 'manual' });
    expect(run.message).toMatch(/no source named “Kula”/);
    expect(s.f.ctx.writeBack.held(s.f.connectionId)?.action).toMatch(/Company Metadata → Sources/);
    expect(outboxStates(s.f.ctx)).toEqual({ pending: 2 });
  });
});

describe('Greenhouse: a referral', () => {
  it('creates the application with the Referral source', async () => {
    const s = await setup();
    createReferral(s.f.ctx, {
      candidate: { name: 'Katherine Johnson', emails: ['kj@example.org'] },
      referrerName: 'Dorothy Vaughan',
      job: { connectionId: s.f.connectionId, jobId: String(s.jobId) },
    });
    await syncUntilSent(s.f.ctx, s.f.connectionId);
    expect(sent(s.f, 'POST', /^\/v3\/applications$/)[0]!.body).toMatchObject({ source_id: 12 });
  });
});

describe('Greenhouse: stage moves', () => {
  it('moves per the mapping with the current stage as guard, rejects with the mapped reason, and reopens a rejection', async () => {
    const s = await setup();
    const { f } = s;
    const candidate = add(s, 'Margaret Hamilton', 'mh@example.org');
    await syncUntilSent(f.ctx, f.connectionId);
    const created = appOn(s, 'mh@example.org');
    const guard = created.stage_id;
    moveCandidate(f.ctx, candidate.id, 'Interested');
    await syncUntilSent(f.ctx, f.connectionId);
    const move = sent(f, 'POST', /\/move$/);
    expect(move).toHaveLength(1);
    expect(move[0]!.body).toMatchObject({ from_stage_id: guard });
    expect(stageName(s, 'mh@example.org')).toBe('Preliminary Phone Screen');

    moveCandidate(f.ctx, candidate.id, 'Rejected');
    await syncUntilSent(f.ctx, f.connectionId);
    expect(appOn(s, 'mh@example.org')).toMatchObject({ status: 'rejected' });
    const reason = f.sim.tenant.rejectionReasons.get(
      appOn(s, 'mh@example.org').rejection_reason_id!,
    );
    expect(reason?.type.key).toBe('WE_REJECTED_THEM');

    moveCandidate(f.ctx, candidate.id, 'Interviewing');
    await syncUntilSent(f.ctx, f.connectionId);
    expect(sent(f, 'POST', /\/unreject$/)).toHaveLength(1);
    expect(appOn(s, 'mh@example.org').status).toBe('in_process');
    expect(stageName(s, 'mh@example.org')).toBe('Phone Interview');
    expect(outboxStates(f.ctx, f.connectionId)).toEqual({ done: 5 });
  });

  it('retries a refused move once with the job stage id when that is what the organisation takes', async () => {
    const s = await setup({ sim: { writes: { moveFromStage: 'job_interview_stage' } } });
    const candidate = add(s, 'Frances Allen', 'fa@example.org');
    await syncUntilSent(s.f.ctx, s.f.connectionId);
    moveCandidate(s.f.ctx, candidate.id, 'Offer');
    await syncUntilSent(s.f.ctx, s.f.connectionId);
    expect(stageName(s, 'fa@example.org')).toBe('Offer');
    const moves = s.f.sim.requests.entries.filter((e) => e.path.endsWith('/move'));
    expect(moves.map((e) => e.status)).toEqual([422, 204]);
  });

  it('moves the Kula candidate when Greenhouse moves or rejects the application, and never bounces its own writes', async () => {
    const s = await setup();
    const { f } = s;
    const candidate = add(s, 'Radia Perlman', 'rp@example.org');
    await syncUntilSent(f.ctx, f.connectionId);
    const app = appOn(s, 'rp@example.org');
    const stages = [...f.sim.tenant.jobInterviewStages.values()]
      .filter((stage) => stage.job_id === s.jobId)
      .sort((a, b) => a.sort_order - b.sort_order);
    f.sim.mutations.move(
      app.id,
      {
        from_stage_id: app.stage_id,
        to_stage_id: stages.find((x) => x.name === 'Face to Face')!.id,
      },
      ADMIN_USER_ID,
    );
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(kulaStage(s, candidate.id)).toBe('interviewing');
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(sent(f, 'POST', /\/move$/)).toHaveLength(0);
    moveCandidate(f.ctx, candidate.id, 'Offer');
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(sent(f, 'POST', /\/move$/)).toHaveLength(1);
    expect(kulaStage(s, candidate.id)).toBe('offer');
    f.sim.mutations.reject(app.id, { rejection_reason_id: 230 }, ADMIN_USER_ID);
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(kulaStage(s, candidate.id)).toBe('not_interested');
    expect(sent(f, 'POST', /\/(move|reject|unreject)$/)).toHaveLength(1);
  });
});

describe('Greenhouse: notes, conversations and resumes', () => {
  const pdf = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF`);

  it('adds public notes and messages as notes by the chosen user, never a private one, and backfills once on creation', async () => {
    const s = await setup();
    const { f } = s;
    const candidate = add(s, 'Annie Easley', 'ae@example.org', false);
    const secret = 'PRIVATE-salary-93k';
    addNote(f.ctx, { candidate: candidate.id, body: 'First call went well.', private: false });
    addNote(f.ctx, { candidate: candidate.id, body: secret, private: true });
    logMessage(f.ctx, {
      candidate: candidate.id,
      body: 'Hi Annie!',
      direction: 'outbound',
      sentAt: '2025-01-02T09:00:00Z',
    });
    addToFlow(f.ctx, s.flowId, [candidate.id]);
    await syncUntilSent(f.ctx, f.connectionId);
    const notes = sent(f, 'POST', /^\/v3\/notes$/).map(
      (e) => e.body as { body: string; visibility: string; user_id: number; note_type: string },
    );
    expect(notes.map((note) => note.body.split('\n')[2])).toEqual([
      'Hi Annie!',
      'First call went well.',
    ]);
    for (const note of notes) {
      expect(note).toMatchObject({
        visibility: 'public',
        note_type: 'NOTE',
        user_id: ADMIN_USER_ID,
      });
    }
    expect(f.sim.requests.allText()).not.toContain(secret);
    await syncUntilSent(f.ctx, f.connectionId);
    expect(sent(f, 'POST', /^\/v3\/notes$/)).toHaveLength(2);
  });

  it('attaches a resume only to an application the console created that has none', async () => {
    const s = await setup();
    const { f, known } = s;
    const created = add(s, 'Karen Spärck Jones', 'ksj@example.org');
    const busy = add(s, 'Adele Goldberg', 'ag@example.org');
    // The known person applied to the job in Greenhouse already: the console links, not creates.
    f.sim.mutations.createApplication({ candidate_id: known.id, job_id: s.jobId }, ADMIN_USER_ID);
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    const found = add(s, `${known.first_name} ${known.last_name}`, known.email_addresses[0]!.value);
    await syncUntilSent(f.ctx, f.connectionId);
    f.sim.mutations.createAttachment(
      {
        application_id: appOn(s, 'ag@example.org').id,
        filename: 'their-cv.pdf',
        type: 'resume',
        content: 'eA==',
      },
      ADMIN_USER_ID,
      f.sim.url,
    );
    for (const candidate of [created, found, busy]) {
      uploadResume(f.ctx, {
        candidate: candidate.id,
        fileName: 'cv.pdf',
        bytes: pdf(candidate.name),
      });
    }
    await syncUntilSent(f.ctx, f.connectionId);
    const uploads = sent(f, 'POST', /^\/v3\/attachments$/);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.body).toMatchObject({
      application_id: appOn(s, 'ksj@example.org').id,
      type: 'resume',
      filename: 'cv.pdf',
    });
    const outcome = (id: string) =>
      outboxRows(f.ctx, id).find((row) => row.kind === 'resume.attach')!;
    expect(outcome(created.id).state).toBe('done');
    expect(outcome(found.id).outcome).toMatch(/not created by the console/);
    expect(outcome(busy.id).outcome).toMatch(/already has a resume \(“their-cv\.pdf”\)/);
  });
});

describe('Greenhouse: writes whose answer was lost', () => {
  it('checks before sending again, so the candidate, the application and the note exist exactly once', async () => {
    const s = await setup();
    const { f } = s;
    const candidate = add(s, 'Mary Keller', 'mkk@example.org', false);
    addNote(f.ctx, { candidate: candidate.id, body: 'Backfilled note.', private: false });
    f.sim.faults.configure({
      rate: 1,
      kinds: ['lost-response'],
      methods: ['POST'],
      paths: ['/v3/candidates', '/v3/applications', '/v3/notes'],
    });
    addToFlow(f.ctx, s.flowId, [candidate.id]);
    await syncUntilSent(f.ctx, f.connectionId);
    expect(f.sim.faults.injected.map((fault) => fault.path)).toEqual([
      '/v3/candidates',
      '/v3/applications',
      '/v3/notes',
    ]);
    expect(outboxStates(f.ctx, f.connectionId)).toEqual({ done: 3 });
    const [person] = byEmail(f, 'mkk@example.org');
    expect(byEmail(f, 'mkk@example.org')).toHaveLength(1);
    expect(
      [...f.sim.tenant.applications.values()].filter(
        (app) => app.candidate_id === person!.id && app.job_id === s.jobId,
      ),
    ).toHaveLength(1);
    expect(
      [...f.sim.tenant.notes.values()].filter((n) => n.candidate_id === person!.id),
    ).toHaveLength(1);
  });

  it('reads back a candidate Greenhouse creates asynchronously, without creating a second', async () => {
    const s = await setup({
      sim: { writes: { candidateCreateAnswer: 'async', asyncCandidateDelayMs: 300 } },
    });
    add(s, 'Al Sync', 'al@example.org');
    await syncUntilSent(s.f.ctx, s.f.connectionId);
    expect(byEmail(s.f, 'al@example.org')).toHaveLength(1);
    expect(appOn(s, 'al@example.org')).toBeTruthy();
  });
});
