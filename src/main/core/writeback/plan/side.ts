import type { AtsCandidateRecord } from '../../providers/records';
import { noteDestination, type StaysInKula } from '../policy';
import type { NoteTarget } from '../../providers/provider';
import type { AtsSide, PersonLink, PlanTarget } from './types';

/** The id the preview gives an ATS record that the sync has not created yet. */
export const NOT_CREATED_YET = '(not created yet)';

/** An ATS person known by id only (the cache does not hold them). */
export function barePerson(remoteId: string, profileUrl: string | null): AtsCandidateRecord {
  return {
    remoteId,
    name: '',
    primaryEmail: null,
    emails: [],
    phones: [],
    links: [],
    profileUrl,
    createdAt: null,
    updatedAt: null,
  };
}

/** The ATS candidate the console is about to create, as the preview carries it forward. */
export function personToBeCreated(): PersonLink {
  return {
    atsCandidateId: NOT_CREATED_YET,
    createdByConsole: true,
    profileUrl: null,
    record: barePerson(NOT_CREATED_YET, null),
  };
}

/** Where the candidate's notes (and a resume's person) go on this connection, or why nowhere. */
export function notesGoTo(side: AtsSide, on: PlanTarget): { target: NoteTarget } | StaysInKula {
  return noteDestination(
    {
      person: side.person,
      applicationId: side.currentApplication?.atsApplicationId ?? side.newestCachedApplicationId,
    },
    on.capabilities,
    on.ats,
  );
}
