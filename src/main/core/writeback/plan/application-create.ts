import type { KulaToAtsDecision } from '../../mapping';
import type { AtsApplicationRecord, AtsCandidateRecord } from '../../providers/records';
import { stateOf } from '../cache';
import { backfillsOnLink } from '../policy';
import { NOT_CREATED_YET, personToBeCreated } from './side';
import { candidateGone, check, finish, send, skip } from './steps';
import type {
  ApplicationCreateInput,
  ApplicationLink,
  KulaPerson,
  PersonLink,
  PlanTarget,
  Settled,
  WritePlan,
} from './types';

/**
 * "Create the application": a Kula candidate added to a flow linked to an ATS job (or referred to
 * one) gets an application on that job, at the stage the Kula → ATS table gives their Kula stage,
 * tagged with the source "Kula" (Lever: a Lead with origin "sourced" or "referred"). Before
 * creating, the console looks for an application the person already has on the job when it
 * cannot rule one out: a person it did not create, or an earlier attempt whose answer was lost.
 * One found is linked, never duplicated, and Kula takes its ATS stage.
 */
export function planApplicationCreate(input: ApplicationCreateInput, on: PlanTarget): WritePlan {
  const { ats } = on;
  if (!input.tracked) {
    return skip(
      'The application this write was for no longer exists in Kula.',
      'The application this was for no longer exists in Kula.',
    );
  }
  const { link, stage } = input.tracked;
  const job = link.jobTitle ?? link.jobId;
  if (link.atsApplicationId) {
    const text = `The application on “${job}” already exists.`;
    return finish('done', text, { verb: 'link', summary: text });
  }
  const candidate = input.candidate;
  if (!candidate) return candidateGone();
  const person = input.side.person;
  if (!person && on.capabilities.candidateCreatedSeparately) {
    return skip(
      `There is no ${ats} candidate for ${candidate.name} (finding or creating one did not succeed and was discarded), so no application was created.`,
      `No application is created: there is no ${ats} candidate for ${candidate.name} (finding or creating one was discarded).`,
    );
  }
  const before = input.row.check;
  const ambiguous = input.row.needsCheck;
  const create = () => createApplication(input, on, { link, stage }, candidate, person);
  // A person the console did not create may already have an application on this job; so may one
  // our interrupted attempt created.
  if (!ambiguous && !(person && !person.createdByConsole)) return create();
  return check(
    {
      ask: 'application-on-job',
      person: person?.record ?? null,
      emails: person ? [] : candidate.draft.emails,
      jobId: link.jobId,
    },
    input.onJobInCache,
    (found) => {
      if (!found) return create();
      const ours = ambiguous && before.noApplication === true;
      return {
        ...linkApplication(input, link, candidate, {
          application: found.application,
          person: found.person,
          personLink: person,
          personCreated: ambiguous && before.personAbsent === true,
          createdByConsole: ours,
          resumeId: null,
          apiCall: 'list applications',
          outcome: ours
            ? `Created the application on “${job}” (confirmed after an interrupted attempt).`
            : `${candidate.name} already has an application on “${job}” in ${ats}; linked to it, nothing was created.`,
        }),
        preview: {
          verb: 'link',
          summary: `Link to the existing application on “${job}” (${found.stageTitle ?? 'its stage'}); nothing is created and Kula follows its stage.`,
          detail: 'Resumes are not attached to applications the console did not create.',
        },
      };
    },
  );
}

function createApplication(
  input: ApplicationCreateInput,
  on: PlanTarget,
  { link, stage }: { link: ApplicationLink; stage: KulaToAtsDecision },
  candidate: KulaPerson,
  person: PersonLink | null,
): WritePlan {
  const { ats, capabilities } = on;
  const job = link.jobTitle ?? link.jobId;
  const resume = capabilities.resumeAtCreate ? input.latestResume : null;
  // Where the ATS creates the person with the application, it may match one by email itself.
  const personExpected = person ?? (input.emailMatch ? null : personToBeCreated());
  return send(
    {
      write: 'create-application',
      candidate: person ? person.record : null,
      draft: candidate.draft,
      jobId: link.jobId,
      stageId: stage.kind === 'move' && !stage.archives ? stage.stageId : null,
      origin: link.origin === 'referral' ? 'referred' : 'sourced',
      resume,
    },
    {
      guard: { ...input.row.check, noApplication: true, personAbsent: !person },
      preview: {
        verb: 'create',
        summary: `Create the application on “${job}” (${sourceText(link, on)}).`,
        detail: `Stage: ${stageText(stage, ats)}`,
      },
      expect: {
        application: {
          ...link,
          atsApplicationId: NOT_CREATED_YET,
          createdByConsole: true,
          resumeId: resume?.id ?? null,
        },
        ...(personExpected ? { person: personExpected } : {}),
        ...(!person && personExpected ? { backfill: backfillsOnLink(personExpected) } : {}),
      },
    },
    (created) => {
      const parts = [`Created the application on “${job}” in ${ats}`];
      if (created.candidateCreated) parts.push(`with a new candidate ${created.candidate.name}`);
      else if (!person)
        parts.push(
          `for the existing candidate ${created.candidate.name} (${ats} matched the email)`,
        );
      if (created.resumeAttached && resume) parts.push(`with the resume “${resume.name}”`);
      return linkApplication(input, link, candidate, {
        application: created.application,
        person: created.candidate,
        personLink: person,
        personCreated: created.candidateCreated,
        createdByConsole: true,
        resumeId: created.resumeAttached && resume ? resume.id : null,
        outcome: `${parts.join(' ')}.${
          stage.kind === 'error'
            ? ` Its stage could not be set: ${stage.message} ${stage.action}`
            : ''
        }`,
        apiCall: 'create application',
      });
    },
  );
}

function linkApplication(
  input: ApplicationCreateInput,
  link: ApplicationLink,
  candidate: KulaPerson,
  found: {
    application: AtsApplicationRecord;
    person: AtsCandidateRecord;
    personLink: PersonLink | null;
    personCreated: boolean;
    createdByConsole: boolean;
    resumeId: string | null;
    outcome: string;
    apiCall: string;
  },
): Settled {
  const { application } = found;
  // An application the console found (not created) keeps its ATS stage: Kula follows it.
  const adopt = found.createdByConsole ? null : input.kulaStageFor(stateOf(application));
  const adoptKulaStage =
    adopt?.kind === 'move' && adopt.kulaStageId !== candidate.kulaStageId
      ? adopt.kulaStageId
      : null;
  return {
    step: 'finish',
    state: 'done',
    outcome:
      adopt && adoptKulaStage
        ? `${found.outcome} Kula follows its stage: ${adopt.rule}`
        : found.outcome,
    apiCall: found.apiCall,
    result: {
      atsApplicationId: application.remoteId,
      atsCandidateId: found.person.remoteId,
      createdByConsole: found.createdByConsole,
    },
    effects: [
      {
        effect: 'link-application',
        link,
        candidateId: candidate.id,
        application,
        person: found.person,
        linksPerson: !found.personLink,
        personCreated: found.personCreated,
        createdByConsole: found.createdByConsole,
        resumeId: found.resumeId,
        adoptKulaStage,
      },
    ],
  };
}

/** Where the preview says the application comes from. */
function sourceText(link: ApplicationLink, on: PlanTarget): string {
  const { ats, capabilities } = on;
  if (link.origin === 'referral') {
    return capabilities.candidateCreatedSeparately
      ? `${ats}’s referral source when it has one, else “Kula”`
      : 'origin “referred”, source “Kula”';
  }
  return capabilities.candidateCreatedSeparately
    ? 'source “Kula”'
    : 'as a Lead, origin “sourced”, source “Kula”';
}

/** The stage the preview says the application starts in. */
function stageText(stage: KulaToAtsDecision, ats: string): string {
  if (stage.kind === 'move') return stage.rule;
  if (stage.kind === 'none') return `${ats}’s default first stage (${stage.rule})`;
  return `${ats}’s default first stage; the mapped stage cannot be used: ${stage.message}`;
}
