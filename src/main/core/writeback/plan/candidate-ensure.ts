import type { AtsCandidateRecord } from '../../providers/records';
import { backfillsOnLink } from '../policy';
import { personToBeCreated } from './side';
import { blocked, candidateGone, check, finish, send } from './steps';
import type { CandidateEnsureInput, KulaPerson, PlanTarget, Settled, WritePlan } from './types';

/**
 * "Find or create the candidate": a Kula candidate about to get an application becomes an ATS
 * candidate. The console searches the ATS by email first, live (a person already there is linked,
 * never duplicated; so is our own earlier create whose answer was lost), and creates the person
 * only where the ATS keeps people apart from applications (Ashby). Where the ATS creates the
 * person with the first application (Lever), this row only searches.
 */
export function planCandidateEnsure(input: CandidateEnsureInput, on: PlanTarget): WritePlan {
  const { ats } = on;
  const linked = input.side.person;
  if (linked) {
    const text = `Already linked to ${ats} candidate ${linked.atsCandidateId}.`;
    return finish('done', text, { verb: 'link', summary: text });
  }
  const candidate = input.candidate;
  if (!candidate) return candidateGone();
  const { draft } = candidate;
  if (draft.emails.length === 0) {
    return blocked(
      'BAD_INPUT',
      `${candidate.name} has no email, so ${ats} cannot be searched for them and a new candidate could be created twice.`,
      'Add an email to the candidate in Kula, then retry.',
    );
  }
  const before = input.row.check;
  // Nobody had this email before our first attempt: a person found now is the one it created.
  const oursIfFound = input.row.needsCheck && before.absent === true;
  const email = candidate.email ?? 'this email';
  return check({ ask: 'candidate-by-email', emails: draft.emails }, input.emailMatch, (match) => {
    if (match) {
      const { person } = match;
      return {
        ...linkPerson(candidate, person, oursIfFound, {
          apiCall: 'find by email',
          outcome: oursIfFound
            ? `Created ${ats} candidate ${person.name} (confirmed by email after an interrupted attempt).`
            : `Linked to the existing ${ats} candidate ${person.name} (matched by email); nothing was created.`,
        }),
        preview: {
          verb: 'link',
          summary: `Link to the existing ${ats} candidate ${person.name} (${match.matchedEmail ?? person.primaryEmail ?? email}), found by email in the local cache; nothing is created.`,
          detail: 'The console checks by email again, live, when it sends.',
        },
      };
    }
    if (!on.capabilities.candidateCreatedSeparately) {
      return finish(
        'done',
        `No ${ats} candidate has this email yet; ${ats} creates one with the application.`,
        {
          verb: 'create',
          summary: `${ats} creates the candidate ${candidate.name} with the application.`,
          detail: `No ${ats} candidate with ${email} is in the local cache; ${ats} also matches people by email itself.`,
        },
        { apiCall: 'find by email' },
      );
    }
    return send(
      {
        write: 'create-candidate',
        draft,
        origin: input.row.payload.origin === 'referral' ? 'referred' : 'sourced',
      },
      {
        guard: { ...before, absent: true },
        preview: {
          verb: 'create',
          summary: `Create the candidate ${candidate.name} in ${ats} (tagged with the source “Kula”).`,
          detail: `No ${ats} candidate with ${email} is in the local cache; the console searches ${ats} by email again before creating.`,
        },
        expect: { person: personToBeCreated(), backfill: true },
      },
      (created) =>
        linkPerson(candidate, created, true, {
          apiCall: 'create candidate',
          outcome: `Created ${ats} candidate ${created.name}.`,
        }),
    );
  });
}

function linkPerson(
  candidate: KulaPerson,
  person: AtsCandidateRecord,
  createdByConsole: boolean,
  text: { apiCall: string; outcome: string },
): Settled {
  const backfill = backfillsOnLink({ createdByConsole });
  return {
    step: 'finish',
    state: 'done',
    outcome: text.outcome + (backfill ? ' The candidate’s public notes and messages follow.' : ''),
    apiCall: text.apiCall,
    result: { atsCandidateId: person.remoteId, createdByConsole },
    effects: [
      { effect: 'link-person', candidateId: candidate.id, person, createdByConsole, backfill },
    ],
  };
}
