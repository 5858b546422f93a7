import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addNote,
  createReferral,
  logMessage,
  uploadResume,
} from '../../../../src/main/core/kula/activity';
import { addCandidate, moveCandidate } from '../../../../src/main/core/kula/candidates';
import { createFlow, listOpenJobs } from '../../../../src/main/core/kula/flows';
import { isoNow } from '../../../../src/main/core/clock';
import { setConnectionStatus } from '../../../../src/main/core/db/repos/connections';
import type { SimCandidate } from '../../../simulators/ashby/tenant';
import { ashbyFixture, type AshbyFixture } from '../../../support/ashby';
import { FAST_OUTBOX, outboxRows, outboxStates, syncUntilSent } from '../../../support/writeback';

/**
 * Every write-back rule against the Ashby simulator, asserting on what the simulator received and
 * holds (see docs/ashby.md): flows, referrals, stage moves both ways, notes (never the private
 * ones), conversation messages, the backfill when the console creates the candidate, resumes, and
 * writes whose answer was lost.
 */

let fixture: AshbyFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

interface Setup {
  f: AshbyFixture;
  job: { jobId: string; title: string };
  known: SimCandidate;
  flowId: string;
}

/** A pulled tenant, a flow linked to an open job, and a person in Ashby who has not applied to it. */
async function setup(): Promise<Setup> {
  fixture = await ashbyFixture({
    sim: { tenant: { candidates: 40, applications: 50 } },
    core: { outbox: FAST_OUTBOX },
  });
  const f = fixture;
  expect((await f.ctx.sync.run(f.connectionId, { trigger: 'manual' })).status).toBe('succeeded');
  const jobs = listOpenJobs(f.ctx, f.connectionId);
  for (let i = 0; i < f.sim.tenant.candidateCount(); i++) {
    const person = f.sim.tenant.candidate(i);
    if (!person?.email || person.confidential) continue;
    const applied = new Set(appsOf(f, person).map((app) => jobIdOf(f, app)));
    const job = jobs.find((candidate) => !applied.has(candidate.jobId));
    if (!job) continue;
    const flow = createFlow(f.ctx, {
      name: 'Backend outreach',
      link: { connectionId: f.connectionId, jobId: job.jobId },
    });
    return { f, job, known: person, flowId: flow.id };
  }
  throw new Error('no suitable person in the tenant');
}

const appsOf = (f: AshbyFixture, person: SimCandidate) =>
  f.sim.tenant.applicationIdsOf(person).map((id) => f.sim.tenant.applicationById(id)!);
const jobIdOf = (f: AshbyFixture, app: { jobIndex: number }) => f.sim.tenant.jobs[app.jobIndex]!.id;

const sent = (f: AshbyFixture, endpoint: string) =>
  f.sim.requests.entries.filter((entry) => entry.path === endpoint && entry.status === 200);

function simPersonByEmail(f: AshbyFixture, email: string): SimCandidate[] {
  const out: SimCandidate[] = [];
  for (let i = 0; i < f.sim.tenant.candidateCount(); i++) {
    const candidate = f.sim.tenant.candidate(i);
    if (candidate?.email?.toLowerCase() === email) out.push(candidate);
  }
  return out;
}

function simApplication(s: Setup, candidateEmail: string) {
  const [person] = simPersonByEmail(s.f, candidateEmail);
  return appsOf(s.f, person!).find((app) => jobIdOf(s.f, app) === s.job.jobId)!;
}

function stageOf(f: AshbyFixture, app: { stageId: string }) {
  return f.sim.tenant.stageById(app.stageId)!;
}

function add(s: Setup, name: string, email: string, extra: { flow?: boolean } = {}) {
  return addCandidate(s.f.ctx, {
    name,
    emails: [email],
    flowIds: extra.flow === false ? [] : [s.flowId],
    origin: 'form',
  });
}

describe('Ashby: a candidate added to a linked flow', () => {
  it('finds one candidate by email, creates the other two, and creates three applications with the Kula source, none duplicated', async () => {
    const s = await setup();
    const { f, job, known } = s;
    const before = f.sim.requests.entries.length;
    const added = [
      addCandidate(f.ctx, {
        name: 'Ada Lovelace',
        emails: ['ada@example.org'],
        flowIds: [s.flowId],
        origin: 'form',
      }),
      addCandidate(f.ctx, {
        name: known.name,
        emails: [known.email!.toUpperCase()],
        flowIds: [s.flowId],
        origin: 'form',
      }),
      addCandidate(f.ctx, {
        name: 'Grace Hopper',
        emails: ['grace@example.org'],
        links: ['linkedin.com/in/grace'],
        flowIds: [s.flowId],
        origin: 'form',
      }),
    ];
    // Nothing leaves before a sync: the writes wait in the outbox.
    expect(f.sim.requests.entries.length).toBe(before);
    expect(outboxStates(f.ctx, f.connectionId)).toEqual({ pending: 6 });

    await syncUntilSent(f.ctx, f.connectionId);
    expect(outboxStates(f.ctx, f.connectionId)).toEqual({ done: 6 });

    const kula = f.sim.tenant.sources.find((source) => source.title === 'Kula')!;
    const creates = sent(f, '/candidate.create');
    expect(creates.map((entry) => (entry.body as { name: string }).name).sort()).toEqual([
      'Ada Lovelace',
      'Grace Hopper',
    ]);
    for (const entry of creates) expect(entry.body).toMatchObject({ sourceId: kula.id });
    expect(
      creates.find((entry) => (entry.body as { name: string }).name === 'Grace Hopper')!.body,
    ).toMatchObject({
      email: 'grace@example.org',
      linkedInUrl: 'https://linkedin.com/in/grace',
    });

    const applications = sent(f, '/application.create');
    expect(applications).toHaveLength(3);
    // The stage the Kula → Ashby table gives for Kula "New": the plan's "New Lead".
    for (const entry of applications) {
      const body = entry.body as { jobId: string; sourceId: string; interviewStageId: string };
      expect(body).toMatchObject({ jobId: job.jobId, sourceId: kula.id });
      expect(f.sim.tenant.stageById(body.interviewStageId)?.title).toBe('New Lead');
    }
    const people = new Set(
      applications.map((entry) => (entry.body as { candidateId: string }).candidateId),
    );
    expect(people.size).toBe(3);
    expect(people.has(known.id)).toBe(true);
    for (const id of people) {
      const person = f.sim.tenant.candidateById(id)!;
      expect(appsOf(f, person).filter((app) => jobIdOf(f, app) === job.jobId)).toHaveLength(1);
    }
    for (const email of ['ada@example.org', 'grace@example.org']) {
      expect(simPersonByEmail(f, email)).toHaveLength(1);
    }

    // The ATS icon of each candidate opens their Ashby profile.
    const links = added.map(
      (candidate) =>
        f.ctx.db
          .prepare('SELECT * FROM kula_ats_candidates WHERE candidate_id = ?')
          .get(candidate.id) as {
          profile_url: string;
          created_by_console: number;
        },
    );
    expect(links.map((link) => link.created_by_console)).toEqual([1, 0, 1]);
    expect(links[1]!.profile_url).toBe(
      `https://app.ashbyhq.com/candidate-searches/new/right-side/candidates/${known.id}`,
    );

    // Another sync sends nothing more.
    const writes = f.sim.requests.entries.filter((entry) =>
      /create|changeStage/.test(entry.path),
    ).length;
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(
      f.sim.requests.entries.filter((entry) => /create|changeStage/.test(entry.path)).length,
    ).toBe(writes);
  });

  it('links to an application the person already has on the job, and Kula takes its stage instead of moving it', async () => {
    const s = await setup();
    const { f } = s;
    // A person who applied to the flow's job already, in an advanced stage.
    const person = s.known;
    const flowJob = f.sim.tenant.jobById(s.job.jobId)!;
    const plan = f.sim.tenant.plans[flowJob.defaultPlanIndex]!;
    const existing = f.sim.tenant.createApplication({
      candidate: person,
      job: flowJob,
      plan,
      stage: plan.stages.find((stage) => stage.type === 'Offer')!,
      sourceIndex: null,
      creditedToUserIndex: null,
    });
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    const candidate = add(s, person.name, person.email!);
    await syncUntilSent(f.ctx, f.connectionId);
    expect(sent(f, '/application.create')).toHaveLength(0);
    expect(sent(f, '/application.changeStage')).toHaveLength(0);
    const link = f.ctx.db
      .prepare(
        'SELECT ats_application_id, created_by_console FROM kula_ats_applications WHERE candidate_id = ?',
      )
      .get(candidate.id);
    expect(link).toEqual({ ats_application_id: existing.id, created_by_console: 0 });
    const row = f.ctx.db
      .prepare('SELECT kula_stage_id FROM kula_candidates WHERE id = ?')
      .get(candidate.id);
    expect(row).toEqual({ kula_stage_id: 'offer' });
  });

  it('holds every write while the Kula source is missing in Ashby, keeps them, and sends them once it exists', async () => {
    fixture = await ashbyFixture({
      sim: { tenant: { candidates: 10, applications: 10, kulaSource: 'missing' } },
      core: { outbox: FAST_OUTBOX },
    });
    const f = fixture;
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    const job = listOpenJobs(f.ctx, f.connectionId)[0]!;
    const flow = createFlow(f.ctx, {
      name: 'Held',
      link: { connectionId: f.connectionId, jobId: job.jobId },
    });
    addCandidate(f.ctx, {
      name: 'Hedy Lamarr',
      emails: ['hedy@example.org'],
      flowIds: [flow.id],
      origin: 'form',
    });
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(run.message).toMatch(/on hold: Ashby has no active source “Kula”/);
    expect(sent(f, '/candidate.create')).toHaveLength(0);
    expect(outboxStates(f.ctx)).toEqual({ pending: 2 });
    expect(f.ctx.writeBack.held(f.connectionId)?.action).toMatch(/Candidate Sources/);

    // The admin creates the source in Ashby; the next sync reads it and sends the writes.
    const integration = f.sim.tenant.sources.find((source) => source.type.title === 'Integration');
    f.sim.tenant.sources.push({
      id: '0000000a-0000-4000-8000-00000000beef',
      title: 'Kula',
      isArchived: false,
      type: integration?.type ?? { id: 't-int', title: 'Integration', isArchived: false },
    });
    await syncUntilSent(f.ctx, f.connectionId);
    expect(outboxStates(f.ctx)).toEqual({ done: 2 });
    expect(sent(f, '/application.create')[0]!.body).toMatchObject({
      sourceId: '0000000a-0000-4000-8000-00000000beef',
    });
  });
});

describe('Ashby: a referral', () => {
  it('creates the candidate with the Kula source and the application with the referral source', async () => {
    const s = await setup();
    const { f } = s;
    createReferral(f.ctx, {
      candidate: { name: 'Katherine Johnson', emails: ['kj@example.org'] },
      referrerName: 'Dorothy Vaughan',
      job: { connectionId: f.connectionId, jobId: s.job.jobId },
    });
    await syncUntilSent(f.ctx, f.connectionId);
    const kula = f.sim.tenant.sources.find((source) => source.title === 'Kula')!;
    const referral = f.sim.tenant.sources.find((source) => source.title === 'Referral')!;
    expect(sent(f, '/candidate.create')[0]!.body).toMatchObject({
      name: 'Katherine Johnson',
      sourceId: kula.id,
    });
    expect(sent(f, '/application.create')[0]!.body).toMatchObject({
      jobId: s.job.jobId,
      sourceId: referral.id,
    });
    expect(simApplication(s, 'kj@example.org').sourceIndex).toBe(
      f.sim.tenant.sources.indexOf(referral),
    );
  });
});

describe('Ashby: stage moves', () => {
  it('moves the application per Kula → Ashby, archives with the mapped reason, and sends only the last of quick moves', async () => {
    const s = await setup();
    const { f } = s;
    const candidate = add(s, 'Margaret Hamilton', 'mh@example.org');
    await syncUntilSent(f.ctx, f.connectionId);
    expect(stageOf(f, simApplication(s, 'mh@example.org')).title).toBe('New Lead');

    moveCandidate(f.ctx, candidate.id, 'Contacted');
    moveCandidate(f.ctx, candidate.id, 'Interested');
    expect(outboxRows(f.ctx, candidate.id).filter((row) => row.kind === 'stage.move')).toHaveLength(
      1,
    );
    await syncUntilSent(f.ctx, f.connectionId);
    expect(sent(f, '/application.changeStage')).toHaveLength(1);
    expect(stageOf(f, simApplication(s, 'mh@example.org')).type).toBe('PreInterviewScreen');

    moveCandidate(f.ctx, candidate.id, 'Rejected');
    await syncUntilSent(f.ctx, f.connectionId);
    const archive = sent(f, '/application.changeStage')[1]!.body as { archiveReasonId?: string };
    const app = simApplication(s, 'mh@example.org');
    expect(app.status).toBe('Archived');
    expect(stageOf(f, app).type).toBe('Archived');
    expect(f.sim.tenant.archiveReasons[app.archiveReasonIndex!]!.id).toBe(archive.archiveReasonId);
    expect(f.sim.tenant.archiveReasons[app.archiveReasonIndex!]!.reasonType).toBe('RejectedByOrg');
  });

  it('moves the Kula candidate when Ashby moves the application, never bounces its own writes back, and lets the ATS win a conflict', async () => {
    const s = await setup();
    const { f } = s;
    const candidate = add(s, 'Radia Perlman', 'rp@example.org');
    await syncUntilSent(f.ctx, f.connectionId);
    const app = () => simApplication(s, 'rp@example.org');
    const plan = f.sim.tenant.plans[app().planIndex]!;
    const kulaStage = () =>
      (
        f.ctx.db
          .prepare('SELECT kula_stage_id FROM kula_candidates WHERE id = ?')
          .get(candidate.id) as {
          kula_stage_id: string;
        }
      ).kula_stage_id;

    // A recruiter moves the application in Ashby; the next sync moves the Kula candidate.
    f.sim.tenant.moveApplication(
      app().id,
      plan.stages.find((stage) => stage.type === 'Active')!,
      null,
      'ui',
    );
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(kulaStage()).toBe('interviewing');
    // ...and nothing goes back.
    const moves = () => sent(f, '/application.changeStage').length;
    expect(moves()).toBe(0);
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(moves()).toBe(0);

    // Our own move is seen by the next pull, and recognised.
    moveCandidate(f.ctx, candidate.id, 'Offer');
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(moves()).toBe(1);
    expect(stageOf(f, app()).type).toBe('Offer');
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(moves()).toBe(1);
    expect(kulaStage()).toBe('offer');

    // Both sides move before the next sync: the ATS wins and the log says both.
    moveCandidate(f.ctx, candidate.id, 'Interested');
    f.sim.tenant.moveApplication(
      app().id,
      plan.stages.find((stage) => stage.type === 'Hired')!,
      null,
      'ui',
    );
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(moves()).toBe(1);
    expect(stageOf(f, app()).type).toBe('Hired');
    expect(kulaStage()).toBe('hired');
    const move = outboxRows(f.ctx, candidate.id)
      .filter((row) => row.kind === 'stage.move')
      .at(-1)!;
    expect(move.state).toBe('superseded');
    const conflict = f.ctx.db
      .prepare("SELECT message FROM sync_log WHERE run_id = ? AND rule = 'stage-conflict'")
      .get(run.id) as { message: string };
    expect(conflict.message).toMatch(/Kula to “Interested” \(not sent yet\), Ashby to “Hired”/);
    expect(conflict.message).toMatch(/The ATS wins: Kula now shows “Hired”/);
  });
});

describe('Ashby: notes and conversations', () => {
  it('adds a public note to the Ashby candidate and never sends a private one (no request, no log line, no outbox row)', async () => {
    const s = await setup();
    const { f } = s;
    const candidate = add(s, 'Barbara Liskov', 'bl@example.org');
    await syncUntilSent(f.ctx, f.connectionId);
    const secret = 'PRIVATE-salary-expectation-93k-do-not-share';
    addNote(f.ctx, { candidate: candidate.id, body: 'Strong systems background.', private: false });
    addNote(f.ctx, { candidate: candidate.id, body: secret, private: true });
    // A candidate without an ATS candidate: the note stays in Kula.
    const local = add(s, 'Frances Allen', 'fa@example.org', { flow: false });
    addNote(f.ctx, { candidate: local.id, body: 'Met at a conference.', private: false });
    await syncUntilSent(f.ctx, f.connectionId);

    const notes = sent(f, '/candidate.createNote');
    expect(notes).toHaveLength(1);
    const body = notes[0]!.body as { candidateId: string; note: string };
    expect(body.candidateId).toBe(simPersonByEmail(f, 'bl@example.org')[0]!.id);
    expect(body.note).toMatch(
      /^Note from Kula by test-admin, \d{4}-\d\d-\d\d \d\d:\d\d UTC\n\nStrong systems background\./,
    );
    expect(f.sim.tenant.notes.get(simPersonByEmail(f, 'bl@example.org')[0]!.index)).toHaveLength(1);

    // The private text is nowhere but in Kula's own notes table.
    expect(f.sim.requests.allText()).not.toContain(secret);
    const dump = (sql: string) => JSON.stringify(f.ctx.db.prepare(sql).all());
    expect(dump('SELECT * FROM sync_log')).not.toContain(secret);
    expect(dump('SELECT * FROM outbox')).not.toContain(secret);
    expect(dump('SELECT * FROM audit_log')).not.toContain(secret);
    const logs = path.join(f.dataDir, 'logs');
    if (fs.existsSync(logs)) {
      for (const file of fs.readdirSync(logs)) {
        expect(fs.readFileSync(path.join(logs, file), 'utf8')).not.toContain(secret);
      }
    }
    expect(outboxRows(f.ctx, local.id)).toHaveLength(0);
  });

  it('adds a logged message as a note marked as a Kula message, with direction and time', async () => {
    const s = await setup();
    const { f } = s;
    const candidate = add(s, 'Jean Sammet', 'js@example.org');
    await syncUntilSent(f.ctx, f.connectionId);
    logMessage(f.ctx, {
      candidate: candidate.id,
      body: 'Thanks, Thursday works for me.',
      direction: 'inbound',
      channel: 'email',
      sentAt: '2025-03-04T10:15:00.000Z',
    });
    await syncUntilSent(f.ctx, f.connectionId);
    const note = (sent(f, '/candidate.createNote')[0]!.body as { note: string }).note;
    expect(note).toMatch(
      /^Kula conversation: message received from Jean Sammet by email, 2025-03-04 10:15 UTC\n\nThanks, Thursday works for me\./,
    );
  });

  it('adds the existing public notes and messages once when the console creates the candidate, and none when it found them', async () => {
    const s = await setup();
    const { f, known } = s;
    const fresh = add(s, 'Annie Easley', 'ae@example.org', { flow: false });
    addNote(f.ctx, { candidate: fresh.id, body: 'First call went well.', private: false });
    addNote(f.ctx, { candidate: fresh.id, body: 'PRIVATE: visa question', private: true });
    logMessage(f.ctx, {
      candidate: fresh.id,
      body: 'Hi Annie!',
      direction: 'outbound',
      sentAt: '2025-01-02T09:00:00Z',
    });
    addNote(f.ctx, { candidate: fresh.id, body: 'Follow up in March.', private: false });
    const found = add(s, known.name, known.email!, { flow: false });
    addNote(f.ctx, { candidate: found.id, body: 'Knows our CTO.', private: false });
    expect(outboxRows(f.ctx)).toHaveLength(0);

    const { addToFlow } = await import('../../../../src/main/core/kula/flows');
    addToFlow(f.ctx, s.flowId, [fresh.id, found.id]);
    await syncUntilSent(f.ctx, f.connectionId);
    const notes = sent(f, '/candidate.createNote').map(
      (entry) => entry.body as { candidateId: string; note: string },
    );
    const annie = simPersonByEmail(f, 'ae@example.org')[0]!;
    expect(
      notes.filter((note) => note.candidateId === annie.id).map((note) => note.note.split('\n')[2]),
    ).toEqual(['Hi Annie!', 'First call went well.', 'Follow up in March.']);
    expect(notes.filter((note) => note.candidateId === known.id)).toHaveLength(0);
    await syncUntilSent(f.ctx, f.connectionId);
    expect(sent(f, '/candidate.createNote')).toHaveLength(3);
    expect(f.sim.requests.allText()).not.toContain('visa question');
  });
});

describe('Ashby: resumes', () => {
  const pdf = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF`);

  it('attaches a resume to an application the console created, and skips one the console did not create or that has a resume', async () => {
    const s = await setup();
    const { f, known } = s;
    // The known person applied to the flow's job in Ashby already: the console links, not creates.
    const flowJob = f.sim.tenant.jobById(s.job.jobId)!;
    const plan = f.sim.tenant.plans[flowJob.defaultPlanIndex]!;
    f.sim.tenant.createApplication({
      candidate: known,
      job: flowJob,
      plan,
      stage: plan.stages[0]!,
      sourceIndex: null,
      creditedToUserIndex: null,
    });
    const created = add(s, 'Karen Spärck Jones', 'ksj@example.org');
    const found = add(s, known.name, known.email!);
    const busy = add(s, 'Adele Goldberg', 'ag@example.org');
    await syncUntilSent(f.ctx, f.connectionId);
    // Someone attached a resume in Ashby to this one already.
    const busyPerson = simPersonByEmail(f, 'ag@example.org')[0]!;
    f.sim.tenant.updateCandidate(busyPerson.id, {
      resume: { id: 'r-1', name: 'their-cv.pdf', handle: 'h' },
      files: [{ id: 'r-1', name: 'their-cv.pdf', handle: 'h' }],
    });
    for (const candidate of [created, found, busy]) {
      uploadResume(f.ctx, {
        candidate: candidate.id,
        fileName: `${candidate.name}.pdf`,
        bytes: pdf(candidate.name),
      });
    }
    await syncUntilSent(f.ctx, f.connectionId);

    expect(sent(f, '/file.createFileUploadHandle')).toHaveLength(1);
    expect(
      f.sim.requests.entries.filter(
        (entry) => entry.path.startsWith('/_uploads/') && entry.status === 204,
      ),
    ).toHaveLength(1);
    const upload = sent(f, '/candidate.uploadResume');
    expect(upload).toHaveLength(1);
    const person = simPersonByEmail(f, 'ksj@example.org')[0]!;
    expect(upload[0]!.body).toMatchObject({ candidateId: person.id });
    expect(f.sim.tenant.candidateById(person.id)!.resume?.name).toBe('Karen Spärck Jones.pdf');

    const outcome = (id: string) =>
      outboxRows(f.ctx, id).find((row) => row.kind === 'resume.attach')!;
    expect(outcome(created.id).state).toBe('done');
    expect(outcome(found.id)).toMatchObject({ state: 'skipped' });
    expect(outcome(found.id).outcome).toMatch(/not created by the console/);
    expect(outcome(busy.id)).toMatchObject({ state: 'skipped' });
    expect(outcome(busy.id).outcome).toMatch(/already has a resume \(“their-cv\.pdf”\)/);
  });

  it('attaches a resume uploaded before the candidate was added, after the application is created', async () => {
    const s = await setup();
    const { f } = s;
    const candidate = add(s, 'Shafi Goldwasser', 'sg@example.org', { flow: false });
    uploadResume(f.ctx, { candidate: candidate.id, fileName: 'sg.pdf', bytes: pdf('sg') });
    const { addToFlow } = await import('../../../../src/main/core/kula/flows');
    addToFlow(f.ctx, s.flowId, [candidate.id]);
    await syncUntilSent(f.ctx, f.connectionId);
    expect(outboxRows(f.ctx, candidate.id).map((row) => [row.kind, row.state])).toEqual([
      ['candidate.ensure', 'done'],
      ['application.create', 'done'],
      ['resume.attach', 'done'],
    ]);
    expect(simPersonByEmail(f, 'sg@example.org')[0]!.resume?.name).toBe('sg.pdf');
  });
});

describe('Ashby: writes whose answer was lost', () => {
  it('checks before sending again, so the candidate, the application and the note exist exactly once', async () => {
    const s = await setup();
    const { f } = s;
    const candidate = add(s, 'Mary Kenneth Keller', 'mkk@example.org', { flow: false });
    addNote(f.ctx, { candidate: candidate.id, body: 'Backfilled note.', private: false });
    // Every create reaches Ashby, and every answer is lost.
    f.sim.faults.configure({
      rate: 1,
      kinds: ['lost-response'],
      paths: ['/candidate.create', '/application.create', '/candidate.createNote'],
    });
    const { addToFlow } = await import('../../../../src/main/core/kula/flows');
    addToFlow(f.ctx, s.flowId, [candidate.id]);
    await syncUntilSent(f.ctx, f.connectionId);

    // Each create was sent once; each retry looked first and found it.
    expect(f.sim.faults.injected.map((fault) => fault.path)).toEqual([
      '/candidate.create',
      '/application.create',
      '/candidate.createNote',
    ]);
    expect(outboxRows(f.ctx, candidate.id).map((row) => row.outcome)).toEqual([
      expect.stringMatching(/confirmed by email after an interrupted attempt/),
      expect.stringMatching(/confirmed after an interrupted attempt/),
      expect.stringMatching(/already in Ashby \(an interrupted attempt had added it\)/),
    ]);
    expect(outboxStates(f.ctx, f.connectionId)).toEqual({ done: 3 });
    const [person] = simPersonByEmail(f, 'mkk@example.org');
    expect(simPersonByEmail(f, 'mkk@example.org')).toHaveLength(1);
    expect(appsOf(f, person!).filter((app) => jobIdOf(f, app) === s.job.jobId)).toHaveLength(1);
    expect(f.sim.tenant.notes.get(person!.index)).toHaveLength(1);
    // The interrupted create was recognised as the console's: the candidate counts as created by it.
    expect(
      f.ctx.db
        .prepare('SELECT created_by_console FROM kula_ats_candidates WHERE candidate_id = ?')
        .get(candidate.id),
    ).toEqual({ created_by_console: 1 });
  });
});

describe('Ashby: writes when Ashby refuses the key', () => {
  it('ends the run failed, keeps the writes queued and asks for a reconnect; they go once it is done', async () => {
    const s = await setup();
    const { f } = s;
    add(s, 'Ada Lovelace', 'ada@example.org');
    expect(outboxStates(f.ctx, f.connectionId)).toEqual({ pending: 2 });
    // The key is revoked in Ashby between syncs: a push-only run meets it on its first write.
    f.ctx.vault.store(
      f.connectionId,
      { kind: 'api_key', apiKey: 'revoked-key' },
      isoNow(f.ctx.clock),
    );
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual', pushOnly: true });
    expect(run).toMatchObject({ status: 'failed', errorCode: 'AUTH_FAILED' });
    expect(run.message).toMatch(/Ashby/);
    expect(outboxStates(f.ctx, f.connectionId)).toEqual({ pending: 2 });
    expect(outboxRows(f.ctx).every((row) => row.attempts === 0)).toBe(true);
    expect(f.ctx.connections.summary(f.connectionId).status).toBe('needs_reauth');
    expect(sent(f, '/candidate.create')).toHaveLength(0);

    f.ctx.vault.store(
      f.connectionId,
      { kind: 'api_key', apiKey: f.sim.keys.full },
      isoNow(f.ctx.clock),
    );
    setConnectionStatus(f.ctx.db, f.connectionId, 'connected', isoNow(f.ctx.clock));
    const after = await syncUntilSent(f.ctx, f.connectionId);
    expect(after.at(-1)?.status).toBe('succeeded');
    expect(outboxStates(f.ctx, f.connectionId)).toEqual({ done: 2 });
    expect(sent(f, '/candidate.create')).toHaveLength(1);
  });
});
