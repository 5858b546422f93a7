import { expect } from 'vitest';
import type { OutboxKind } from '../../src/shared/domain/outbox';
import { listOpenJobs, createFlow } from '../../src/main/core/kula/flows';
import { setMappingRow } from '../../src/main/core/mapping/set-row';
import { confirmMapping } from '../../src/main/core/mapping/service';
import { ashbyFixture, type AshbyFixture } from './ashby';
import { leverFixture, type LeverFixture } from './lever';
import { FAST_OUTBOX } from './writeback';

/**
 * An ATS simulator seen the way the preview/send agreement test needs it: a pulled tenant with a
 * flow linked to an open job, two people already in the ATS (one with an application on that job,
 * one without), and the writes the simulator received since a mark, each attributed to the Kula
 * candidate it was for and named by the outbox kind that sends it.
 */

export interface AtsWrite {
  kind: OutboxKind;
  /** The Kula candidate the write was for (null: the test could not tell, which fails it). */
  candidateId: string | null;
  /** The note's text, for notes and messages. */
  text?: string;
}

export interface Person {
  name: string;
  email: string;
}

export interface World {
  ats: 'Ashby' | 'Lever';
  ctx: AshbyFixture['ctx'];
  connectionId: string;
  flowId: string;
  /** In the ATS, with no application on the flow's job. */
  known: Person;
  /** In the ATS, with an application on the flow's job (created in the ATS, not by the console). */
  applied: Person;
  /** Forget the writes received so far. */
  mark(): void;
  /** The writes received since the last mark. */
  writes(): AtsWrite[];
  /** Every request body the simulator received, for "this text never left" checks. */
  requestText(): string;
  /** Someone attaches a resume in the ATS to the candidate's tracked application. */
  giveResume(kulaCandidateId: string): void;
  cleanup(): Promise<void>;
}

/** The Kula → ATS row the agreement test uses for "the mapping says don't move". */
export const DONT_MOVE_STAGE = 'Interviewing';

function dontMoveInterviewing(ctx: AshbyFixture['ctx'], connectionId: string): void {
  setMappingRow(ctx, {
    connectionId,
    direction: 'kula-to-ats',
    from: DONT_MOVE_STAGE,
    to: 'none',
  });
}

function kulaIdBy(ctx: AshbyFixture['ctx'], sql: string, ...params: unknown[]): string | null {
  const row = ctx.db.prepare(sql).get(...params) as { id: string } | undefined;
  return row?.id ?? null;
}

function byAtsPerson(ctx: AshbyFixture['ctx'], connectionId: string, atsId: unknown) {
  return kulaIdBy(
    ctx,
    'SELECT candidate_id AS id FROM kula_ats_candidates WHERE connection_id = ? AND ats_candidate_id = ?',
    connectionId,
    String(atsId),
  );
}

function noteKind(text: string): OutboxKind {
  return text.startsWith('Kula conversation:') ? 'message.create' : 'note.create';
}

export async function ashbyWorld(): Promise<World> {
  const f: AshbyFixture = await ashbyFixture({
    sim: { tenant: { candidates: 40, applications: 50 } },
    core: { outbox: FAST_OUTBOX },
  });
  const { ctx, sim, connectionId } = f;
  expect((await ctx.sync.run(connectionId, { trigger: 'manual' })).status).toBe('succeeded');
  dontMoveInterviewing(ctx, connectionId);
  const jobIdOf = (applicationId: string) =>
    sim.tenant.jobs[sim.tenant.applicationById(applicationId)!.jobIndex]!.id;
  const people = Array.from({ length: sim.tenant.candidateCount() }, (_, i) =>
    sim.tenant.candidate(i),
  ).filter((person) => person?.email && !person.confidential);
  for (const job of listOpenJobs(ctx, connectionId)) {
    const free = people.filter(
      (person) => !sim.tenant.applicationIdsOf(person!).some((id) => jobIdOf(id) === job.jobId),
    );
    if (free.length < 2) continue;
    const [known, applied] = [free[0]!, free[1]!];
    const flowJob = sim.tenant.jobById(job.jobId)!;
    const plan = sim.tenant.plans[flowJob.defaultPlanIndex]!;
    sim.tenant.createApplication({
      candidate: applied,
      job: flowJob,
      plan,
      stage: plan.stages[0]!,
      sourceIndex: null,
      creditedToUserIndex: null,
    });
    await ctx.sync.run(connectionId, { trigger: 'manual' });
    const flow = createFlow(ctx, {
      name: 'Agreement outreach',
      link: { connectionId, jobId: job.jobId },
    });
    let mark = sim.requests.entries.length;
    return {
      ats: 'Ashby',
      ctx,
      connectionId,
      flowId: flow.id,
      known: { name: known.name, email: known.email!.toLowerCase() },
      applied: { name: applied.name, email: applied.email!.toLowerCase() },
      mark: () => {
        mark = sim.requests.entries.length;
      },
      writes: () =>
        sim.requests.entries
          .slice(mark)
          .filter((entry) => entry.status === 200)
          .flatMap((entry): AtsWrite[] => {
            const body = (entry.body ?? {}) as Record<string, unknown>;
            const person = () => byAtsPerson(ctx, connectionId, body.candidateId);
            switch (entry.path) {
              case '/candidate.create':
                return [
                  {
                    kind: 'candidate.ensure',
                    candidateId: kulaIdBy(
                      ctx,
                      'SELECT id FROM kula_candidates WHERE email = ?',
                      String(body.email).toLowerCase(),
                    ),
                  },
                ];
              case '/application.create':
                return [{ kind: 'application.create', candidateId: person() }];
              case '/application.changeStage':
                return [
                  {
                    kind: 'stage.move',
                    candidateId: kulaIdBy(
                      ctx,
                      'SELECT candidate_id AS id FROM kula_ats_applications WHERE ats_application_id = ?',
                      String(body.applicationId),
                    ),
                  },
                ];
              case '/candidate.createNote': {
                const text = String(body.note);
                return [{ kind: noteKind(text), candidateId: person(), text }];
              }
              case '/candidate.uploadResume':
                return [{ kind: 'resume.attach', candidateId: person() }];
              default:
                return [];
            }
          }),
      requestText: () => sim.requests.allText(),
      giveResume: (kulaCandidateId) => {
        const atsId = kulaIdBy(
          ctx,
          'SELECT ats_candidate_id AS id FROM kula_ats_candidates WHERE candidate_id = ?',
          kulaCandidateId,
        )!;
        const resume = { id: 'their-resume', name: 'their-cv.pdf', handle: 'h-their' };
        sim.tenant.updateCandidate(atsId, { resume, files: [resume] });
      },
      cleanup: () => f.cleanup(),
    };
  }
  await f.cleanup();
  throw new Error('no open job with two people in Ashby who have not applied to it');
}

export async function leverWorld(): Promise<World> {
  const probe = await leverFixture({ connect: false });
  const performAs = probe.sim.tenant.users.find((user) => user.deactivatedAt === null)!.id;
  await probe.cleanup();
  const f: LeverFixture = await leverFixture({
    core: { outbox: FAST_OUTBOX },
    config: { performAs },
  });
  const { ctx, sim, connectionId } = f;
  expect((await ctx.sync.run(connectionId, { trigger: 'manual' })).status).toBe('succeeded');
  dontMoveInterviewing(ctx, connectionId);
  confirmMapping(ctx, connectionId);
  const opportunitiesOf = (contactId: string) =>
    sim.tenant.opportunities.filter((opportunity) => opportunity.contact === contactId);
  const contacts = [...sim.tenant.contacts.values()].filter(
    (contact) =>
      contact.emails.length > 0 &&
      !opportunitiesOf(contact.id).some((o) => o.confidentiality === 'confidential'),
  );
  for (const job of listOpenJobs(ctx, connectionId)) {
    const free = contacts.filter(
      (contact) => !opportunitiesOf(contact.id).some((o) => o.application?.posting === job.jobId),
    );
    if (free.length < 2) continue;
    const [known, applied] = [free[0]!, free[1]!];
    sim.mutations.createOpportunity(
      { emails: [applied.emails[0]!], postings: [job.jobId] },
      performAs,
    );
    await ctx.sync.run(connectionId, { trigger: 'manual' });
    const flow = createFlow(ctx, {
      name: 'Agreement outreach',
      link: { connectionId, jobId: job.jobId },
    });
    let mark = sim.mutations.log.length;
    const kulaOf = (opportunityId: string) =>
      byAtsPerson(ctx, connectionId, sim.tenant.opportunityById.get(opportunityId)?.contact);
    return {
      ats: 'Lever',
      ctx,
      connectionId,
      flowId: flow.id,
      known: { name: known.name || 'Known Person', email: known.emails[0]!.toLowerCase() },
      applied: { name: applied.name || 'Applied Person', email: applied.emails[0]!.toLowerCase() },
      mark: () => {
        mark = sim.mutations.log.length;
      },
      writes: () =>
        sim.mutations.log.slice(mark).flatMap((entry): AtsWrite[] => {
          const candidateId = kulaOf(entry.opportunityId);
          switch (entry.kind) {
            case 'opportunity.create':
              // Lever creates the person with the opportunity unless it matched one by email.
              return [
                ...(entry.detail.deduped
                  ? []
                  : [{ kind: 'candidate.ensure' as const, candidateId }]),
                { kind: 'application.create', candidateId },
              ];
            case 'opportunity.stage':
            case 'opportunity.archived':
              return [{ kind: 'stage.move', candidateId }];
            case 'note.create': {
              const text = sim.tenant.opportunityById
                .get(entry.opportunityId)!
                .notes.find((note) => note.id === entry.detail.noteId)!.value;
              return [{ kind: noteKind(text), candidateId, text }];
            }
            case 'file.create':
              return [{ kind: 'resume.attach', candidateId }];
            default:
              return [];
          }
        }),
      requestText: () => sim.requests.allText(),
      giveResume: (kulaCandidateId) => {
        const opportunityId = kulaIdBy(
          ctx,
          `SELECT ats_application_id AS id FROM kula_ats_applications
            WHERE candidate_id = ? AND ats_application_id IS NOT NULL ORDER BY id DESC LIMIT 1`,
          kulaCandidateId,
        )!;
        sim.tenant.opportunityById.get(opportunityId)!.resumes.push({
          id: 'their-resume',
          name: 'their-cv.pdf',
          ext: 'pdf',
          size: 12,
          uploadedAt: Date.now(),
          content: Buffer.from('%PDF-1.4 cv'),
        });
      },
      cleanup: () => f.cleanup(),
    };
  }
  await f.cleanup();
  throw new Error('no open posting with two contacts in Lever who have not applied to it');
}
