import { afterEach, describe, expect, it } from 'vitest';
import { confirmMapping } from '../../../../src/main/core/mapping/service';
import {
  addNote,
  createReferral,
  logMessage,
  uploadResume,
} from '../../../../src/main/core/kula/activity';
import { addCandidate, moveCandidate } from '../../../../src/main/core/kula/candidates';
import { addToFlow, createFlow, listOpenJobs } from '../../../../src/main/core/kula/flows';
import type { LeverContact, LeverOpportunity } from '../../../simulators/lever/model';
import { leverFixture, type LeverFixture } from '../../../support/lever';
import { FAST_OUTBOX, outboxRows, outboxStates, syncUntilSent } from '../../../support/writeback';

/**
 * Every write-back rule against the Lever simulator: leads on
 * the posting with source "Kula", `perform_as` and `origin`; Lever's own dedupe by email; stage and
 * archive moves; notes on the opportunity (never the private ones); the backfill; resumes with the
 * create (multipart) or later as a file; writes whose answer was lost; writes held until the
 * mapping is confirmed and a write user is chosen.
 */

let fixture: LeverFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

interface Setup {
  f: LeverFixture;
  performAs: string;
  job: { jobId: string; title: string };
  known: LeverContact;
  flowId: string;
}

async function setup(options: { confirm?: boolean; performAs?: boolean } = {}): Promise<Setup> {
  const probe = await leverFixture({ connect: false });
  const performAs = probe.sim.tenant.users.find((user) => user.deactivatedAt === null)!.id;
  await probe.cleanup();
  fixture = await leverFixture({
    core: { outbox: FAST_OUTBOX },
    ...(options.performAs === false ? {} : { config: { performAs } }),
  });
  const f = fixture;
  expect((await f.ctx.sync.run(f.connectionId, { trigger: 'manual' })).status).toBe('succeeded');
  if (options.confirm !== false) confirmMapping(f.ctx, f.connectionId);
  const jobs = listOpenJobs(f.ctx, f.connectionId);
  for (const contact of f.sim.tenant.contacts.values()) {
    if (contact.emails.length === 0) continue;
    const opportunities = opportunitiesOf(f, contact.id);
    if (opportunities.some((opportunity) => opportunity.confidentiality === 'confidential'))
      continue;
    const applied = new Set(opportunities.map((opportunity) => opportunity.application?.posting));
    const job = jobs.find((candidate) => !applied.has(candidate.jobId));
    if (!job) continue;
    const flow = createFlow(f.ctx, {
      name: 'Lever outreach',
      link: { connectionId: f.connectionId, jobId: job.jobId },
    });
    return { f, performAs, job, known: contact, flowId: flow.id };
  }
  throw new Error('no suitable contact in the tenant');
}

const opportunitiesOf = (f: LeverFixture, contactId: string): LeverOpportunity[] =>
  f.sim.tenant.opportunities.filter((opportunity) => opportunity.contact === contactId);

function contactByEmail(f: LeverFixture, email: string): LeverContact[] {
  return [...f.sim.tenant.contacts.values()].filter((contact) =>
    contact.emails.some((address) => address.toLowerCase() === email),
  );
}

function opportunityOf(s: Setup, email: string): LeverOpportunity {
  const [contact] = contactByEmail(s.f, email);
  return opportunitiesOf(s.f, contact!.id).find(
    (opportunity) => opportunity.application?.posting === s.job.jobId,
  )!;
}

const sent = (f: LeverFixture, method: string, pattern: RegExp) =>
  f.sim.requests.entries.filter(
    (entry) =>
      entry.method === method &&
      pattern.test(entry.path) &&
      entry.status >= 200 &&
      entry.status < 300,
  );

function add(s: Setup, name: string, email: string, extra: { flow?: boolean } = {}) {
  return addCandidate(s.f.ctx, {
    name,
    emails: [email],
    flowIds: extra.flow === false ? [] : [s.flowId],
    origin: 'form',
  });
}

describe('Lever: a candidate added to a linked flow', () => {
  it('creates a Lead on the posting with source Kula, perform_as and origin sourced; Lever dedupes the known person; none duplicated', async () => {
    const s = await setup();
    const { f, known, job } = s;
    const contactsBefore = f.sim.tenant.contacts.size;
    add(s, 'Ada Lovelace', 'ada@example.org');
    const knownCandidate = add(s, known.name || 'Known Person', known.emails[0]!.toUpperCase());
    add(s, 'Grace Hopper', 'grace@example.org');
    await syncUntilSent(f.ctx, f.connectionId);
    expect(outboxStates(f.ctx, f.connectionId)).toEqual({ done: 6 });

    const creates = sent(f, 'POST', /^\/v1\/opportunities$/);
    expect(creates).toHaveLength(3);
    for (const entry of creates) {
      expect(entry.query).toMatchObject({ perform_as: s.performAs });
      expect(entry.body).toMatchObject({
        sources: ['Kula'],
        origin: 'sourced',
        postings: [job.jobId],
        stage: 'lead-new',
      });
    }
    // The known person was linked explicitly (found by email first), so Lever deduped onto them.
    const knownCreate = creates.find((entry) =>
      (entry.body as { emails: string[] }).emails.includes(known.emails[0]!.toLowerCase()),
    )!;
    expect(knownCreate.body).toMatchObject({ contact: known.id });
    const created = f.sim.mutations.log.filter((entry) => entry.kind === 'opportunity.create');
    expect(created.map((entry) => entry.detail.deduped).sort()).toEqual([false, false, true]);
    expect(created.every((entry) => entry.performAs === s.performAs)).toBe(true);

    expect(f.sim.tenant.contacts.size).toBe(contactsBefore + 2);
    for (const email of ['ada@example.org', 'grace@example.org', known.emails[0]!.toLowerCase()]) {
      const [contact] = contactByEmail(f, email);
      const onPosting = opportunitiesOf(f, contact!.id).filter(
        (opportunity) => opportunity.application?.posting === job.jobId,
      );
      expect(onPosting).toHaveLength(1);
      expect(onPosting[0]!.stage).toBe('lead-new');
    }
    const link = f.ctx.db
      .prepare(
        'SELECT profile_url, created_by_console FROM kula_ats_candidates WHERE candidate_id = ?',
      )
      .get(knownCandidate.id) as { profile_url: string; created_by_console: number };
    expect(link.created_by_console).toBe(0);
    expect(link.profile_url).toMatch(/^https:\/\/hire\.lever\.co\/candidates\//);

    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(sent(f, 'POST', /^\/v1\/opportunities$/)).toHaveLength(3);
  });

  it('handles a person Lever knows but the console did not find (deduped by Lever), without backfilling their notes', async () => {
    const s = await setup();
    const { f, known } = s;
    // The console searches by the primary email; Lever dedupes on any of them.
    const candidate = addCandidate(f.ctx, {
      name: 'Second Address',
      emails: ['fresh-address@example.org', known.emails[0]!],
      flowIds: [],
      origin: 'form',
    });
    addNote(f.ctx, { candidate: candidate.id, body: 'Earlier note.', private: false });
    f.sim.faults.configure({ rate: 0 });
    addToFlow(f.ctx, s.flowId, [candidate.id]);
    await syncUntilSent(f.ctx, f.connectionId);
    const create = f.sim.mutations.log.filter((entry) => entry.kind === 'opportunity.create');
    expect(create.map((entry) => entry.detail.deduped)).toEqual([true]);
    expect(sent(f, 'POST', /\/notes$/)).toHaveLength(0);
  });

  it('holds every write until the stage mapping is confirmed, and until a write user is chosen', async () => {
    const s = await setup({ confirm: false });
    const { f } = s;
    add(s, 'Hedy Lamarr', 'hedy@example.org');
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(run.message).toMatch(
      /Writes to Lever are on hold until an admin confirms the stage mapping/,
    );
    expect(sent(f, 'POST', /^\/v1\/opportunities$/)).toHaveLength(0);
    expect(outboxStates(f.ctx)).toEqual({ pending: 2 });
    confirmMapping(f.ctx, f.connectionId);
    await syncUntilSent(f.ctx, f.connectionId);
    expect(outboxStates(f.ctx)).toEqual({ done: 2 });
  });

  it('holds every write while no Lever user is chosen for perform_as', async () => {
    const s = await setup({ performAs: false });
    const { f } = s;
    add(s, 'Hedy Lamarr', 'hedy@example.org');
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(sent(f, 'POST', /^\/v1\/opportunities$/)).toHaveLength(0);
    expect(f.ctx.writeBack.held(f.connectionId)?.reason).toMatch(/perform_as/);
  });
});

describe('Lever: a referral', () => {
  it('creates the opportunity with origin referred', async () => {
    const s = await setup();
    const { f } = s;
    createReferral(f.ctx, {
      candidate: { name: 'Katherine Johnson', emails: ['kj@example.org'] },
      referrerName: 'Dorothy Vaughan',
      job: { connectionId: f.connectionId, jobId: s.job.jobId },
    });
    await syncUntilSent(f.ctx, f.connectionId);
    expect(sent(f, 'POST', /^\/v1\/opportunities$/)[0]!.body).toMatchObject({
      origin: 'referred',
      sources: ['Kula'],
    });
    expect(opportunityOf(s, 'kj@example.org').origin).toBe('referred');
  });
});

describe('Lever: stage moves', () => {
  it('moves the stage, archives with the mapped reason, and unarchives when moved back to a stage', async () => {
    const s = await setup();
    const { f } = s;
    const candidate = add(s, 'Margaret Hamilton', 'mh@example.org');
    await syncUntilSent(f.ctx, f.connectionId);
    moveCandidate(f.ctx, candidate.id, 'Replied');
    await syncUntilSent(f.ctx, f.connectionId);
    expect(opportunityOf(s, 'mh@example.org').stage).toBe('lead-responded');
    const stageMove = sent(f, 'PUT', /\/stage$/)[0]!;
    expect(stageMove.body).toEqual({ stage: 'lead-responded' });
    expect(stageMove.query).toMatchObject({ perform_as: s.performAs });

    moveCandidate(f.ctx, candidate.id, 'Rejected');
    await syncUntilSent(f.ctx, f.connectionId);
    const archived = opportunityOf(s, 'mh@example.org').archived!;
    const reason = f.sim.tenant.archiveReasons.find((item) => item.id === archived.reason)!;
    expect(reason.type).toBe('non-hired');
    expect(opportunityOf(s, 'mh@example.org').stage).toBe('lead-responded');

    moveCandidate(f.ctx, candidate.id, 'Interested');
    await syncUntilSent(f.ctx, f.connectionId);
    expect(opportunityOf(s, 'mh@example.org').archived).toBeNull();
    expect(sent(f, 'PUT', /\/archived$/).map((entry) => entry.body)).toEqual([
      { reason: archived.reason },
      { reason: null },
    ]);
  });

  it('moves the Kula candidate when Lever moves the opportunity, never bounces its own writes, and lets the ATS win a conflict', async () => {
    const s = await setup();
    const { f } = s;
    const candidate = add(s, 'Radia Perlman', 'rp@example.org');
    await syncUntilSent(f.ctx, f.connectionId);
    const kulaStage = () =>
      (
        f.ctx.db
          .prepare('SELECT kula_stage_id FROM kula_candidates WHERE id = ?')
          .get(candidate.id) as {
          kula_stage_id: string;
        }
      ).kula_stage_id;
    const puts = () => sent(f, 'PUT', /\/(stage|archived)$/).length;

    f.sim.mutations.changeStage(opportunityOf(s, 'rp@example.org').id, 'lead-reached-out', null);
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(kulaStage()).toBe('contacted');
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(puts()).toBe(0);

    moveCandidate(f.ctx, candidate.id, 'Offer');
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(puts()).toBe(1);
    expect(opportunityOf(s, 'rp@example.org').stage).toBe('offer');
    expect(kulaStage()).toBe('offer');

    moveCandidate(f.ctx, candidate.id, 'Interested');
    const hired = f.sim.tenant.archiveReasons.find((reason) => reason.type === 'hired')!;
    f.sim.mutations.setArchived(opportunityOf(s, 'rp@example.org').id, hired.id, null);
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(puts()).toBe(1);
    expect(kulaStage()).toBe('hired');
    expect(outboxRows(f.ctx, candidate.id).at(-1)!.state).toBe('superseded');
    const conflict = f.ctx.db
      .prepare("SELECT message FROM sync_log WHERE run_id = ? AND rule = 'stage-conflict'")
      .get(run.id) as { message: string };
    expect(conflict.message).toMatch(
      /Kula to “Interested” \(not sent yet\), Lever to “Offer” \(archived: Hired\)/,
    );
  });
});

describe('Lever: notes and conversations', () => {
  it('adds a public note to the opportunity as the write user and never sends a private one', async () => {
    const s = await setup();
    const { f } = s;
    const candidate = add(s, 'Barbara Liskov', 'bl@example.org');
    await syncUntilSent(f.ctx, f.connectionId);
    const secret = 'PRIVATE-lever-counter-offer-details';
    addNote(f.ctx, {
      candidate: candidate.id,
      body: 'Great fit for the platform team.',
      private: false,
    });
    addNote(f.ctx, { candidate: candidate.id, body: secret, private: true });
    logMessage(f.ctx, {
      candidate: candidate.id,
      body: 'Hi Barbara, are you open to a chat?',
      direction: 'outbound',
      channel: 'linkedin',
      sender: 'Sam Recruiter',
      sentAt: '2025-02-01T08:00:00Z',
    });
    await syncUntilSent(f.ctx, f.connectionId);
    const notes = sent(f, 'POST', /\/notes$/);
    expect(notes).toHaveLength(2);
    const opportunity = opportunityOf(s, 'bl@example.org');
    expect(notes.every((entry) => entry.path === `/v1/opportunities/${opportunity.id}/notes`)).toBe(
      true,
    );
    expect(notes.every((entry) => entry.query.perform_as === s.performAs)).toBe(true);
    expect((notes[0]!.body as { value: string }).value).toMatch(/^Note from Kula by test-admin/);
    expect((notes[1]!.body as { value: string }).value).toMatch(
      /^Kula conversation: message sent by Sam Recruiter by LinkedIn, 2025-02-01 08:00 UTC/,
    );
    expect(opportunity.notes).toHaveLength(2);
    expect(f.sim.requests.allText()).not.toContain(secret);
    expect(JSON.stringify(f.ctx.db.prepare('SELECT * FROM sync_log').all())).not.toContain(secret);
    expect(JSON.stringify(f.ctx.db.prepare('SELECT * FROM outbox').all())).not.toContain(secret);
  });

  it('adds existing public notes and messages once when the console creates the candidate', async () => {
    const s = await setup();
    const { f } = s;
    const candidate = add(s, 'Annie Easley', 'ae@example.org', { flow: false });
    addNote(f.ctx, { candidate: candidate.id, body: 'First call went well.', private: false });
    addNote(f.ctx, { candidate: candidate.id, body: 'PRIVATE: visa', private: true });
    logMessage(f.ctx, {
      candidate: candidate.id,
      body: 'Hello Annie',
      direction: 'outbound',
      sentAt: '2025-01-02T09:00:00Z',
    });
    addToFlow(f.ctx, s.flowId, [candidate.id]);
    await syncUntilSent(f.ctx, f.connectionId);
    await syncUntilSent(f.ctx, f.connectionId);
    expect(
      opportunityOf(s, 'ae@example.org').notes.map((note) => note.value.split('\n')[2]),
    ).toEqual(['Hello Annie', 'First call went well.']);
  });
});

describe('Lever: resumes', () => {
  const pdf = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF`);

  it('sends a resume that exists before the opportunity with the create (multipart), and a later one as a file', async () => {
    const s = await setup();
    const { f } = s;
    const early = add(s, 'Shafi Goldwasser', 'sg@example.org', { flow: false });
    uploadResume(f.ctx, { candidate: early.id, fileName: 'sg.pdf', bytes: pdf('sg') });
    addToFlow(f.ctx, s.flowId, [early.id]);
    const late = add(s, 'Karen Spärck Jones', 'ksj@example.org');
    await syncUntilSent(f.ctx, f.connectionId);
    uploadResume(f.ctx, { candidate: late.id, fileName: 'ksj.pdf', bytes: pdf('ksj') });
    await syncUntilSent(f.ctx, f.connectionId);

    const multipart = sent(f, 'POST', /^\/v1\/opportunities$/).find(
      (entry) => (entry.body as { resumeFile?: unknown }).resumeFile,
    )!;
    expect(multipart.body).toMatchObject({
      resumeFile: { file: 'sg.pdf' },
      'sources[]': ['Kula'],
      'postings[]': [s.job.jobId],
      origin: ['sourced'],
    });
    expect(opportunityOf(s, 'sg@example.org').resumes.map((file) => file.name)).toEqual(['sg.pdf']);
    expect(
      outboxRows(f.ctx, early.id).find((row) => row.kind === 'resume.attach')!.outcome,
    ).toMatch(/went with the application/);

    const lateOpportunity = opportunityOf(s, 'ksj@example.org');
    expect(lateOpportunity.resumes).toHaveLength(0);
    expect(lateOpportunity.files.map((file) => file.name)).toEqual(['ksj.pdf']);
    expect(sent(f, 'POST', /\/files$/)[0]!.query).toMatchObject({ perform_as: s.performAs });
    expect(outboxRows(f.ctx, late.id).find((row) => row.kind === 'resume.attach')!.outcome).toMatch(
      /Lever shows it under Files, not Resumes/,
    );
  });

  it('skips a resume for an opportunity the console did not create', async () => {
    const s = await setup();
    const { f, known } = s;
    // The known person already has an opportunity on the flow's posting.
    f.sim.mutations.createOpportunity(
      { emails: [known.emails[0]!], postings: [s.job.jobId] },
      s.performAs,
    );
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    const candidate = add(s, known.name || 'Known', known.emails[0]!);
    await syncUntilSent(f.ctx, f.connectionId);
    expect(sent(f, 'POST', /^\/v1\/opportunities$/)).toHaveLength(0);
    uploadResume(f.ctx, { candidate: candidate.id, fileName: 'cv.pdf', bytes: pdf('cv') });
    await syncUntilSent(f.ctx, f.connectionId);
    expect(sent(f, 'POST', /\/files$/)).toHaveLength(0);
    expect(
      outboxRows(f.ctx, candidate.id).find((row) => row.kind === 'resume.attach'),
    ).toMatchObject({
      state: 'skipped',
      outcome: expect.stringMatching(/not created by the console/),
    });
  });
});

describe('Lever: writes whose answer was lost', () => {
  it('checks before sending again, so the opportunity, the note and the file exist exactly once', async () => {
    const s = await setup();
    const { f } = s;
    const candidate = add(s, 'Mary Kenneth Keller', 'mkk@example.org', { flow: false });
    addNote(f.ctx, { candidate: candidate.id, body: 'Backfilled note.', private: false });
    f.sim.faults.configure({
      rate: 1,
      kinds: ['lost-response'],
      paths: ['/v1/opportunities'],
      methods: ['POST'],
    });
    addToFlow(f.ctx, s.flowId, [candidate.id]);
    await syncUntilSent(f.ctx, f.connectionId);
    expect(f.sim.faults.injected.map((fault) => fault.path)).toEqual(['/v1/opportunities']);
    const opportunity = opportunityOf(s, 'mkk@example.org');
    expect(contactByEmail(f, 'mkk@example.org')).toHaveLength(1);
    expect(opportunitiesOf(f, opportunity.contact)).toHaveLength(1);
    // Recognised as the console's: the person counts as created by it, so the note followed.
    expect(opportunity.notes).toHaveLength(1);

    const notesPath = `/v1/opportunities/${opportunity.id}/notes`;
    const filesPath = `/v1/opportunities/${opportunity.id}/files`;
    f.sim.faults.configure({
      rate: 1,
      kinds: ['lost-response'],
      paths: [notesPath, filesPath],
      methods: ['POST'],
    });
    addNote(f.ctx, { candidate: candidate.id, body: 'Second note.', private: false });
    uploadResume(f.ctx, {
      candidate: candidate.id,
      fileName: 'mkk.pdf',
      bytes: Buffer.from('%PDF-1.4 mkk'),
    });
    await syncUntilSent(f.ctx, f.connectionId);
    expect(opportunity.notes).toHaveLength(2);
    expect(opportunity.files).toHaveLength(1);
    expect(outboxStates(f.ctx, f.connectionId)).toEqual({ done: 5 });
  });
});
