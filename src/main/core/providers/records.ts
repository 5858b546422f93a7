/**
 * The provider-neutral shape of what an ATS holds. Each provider maps its own payloads into these
 * records (Ashby jobs and applications; Lever postings, and opportunities split into the person
 * `contact` and the application); the sync engine and the cache only ever see these.
 * Timestamps are ISO strings; ids are the ATS's own ids as strings.
 */

export interface AtsJobRecord {
  remoteId: string;
  title: string;
  /** The ATS's own status word (Ashby `Open`/`Closed`/…, Lever `published`/`internal`/…). */
  status: string;
  /** Offered when linking a flow: Ashby `Open` jobs, Lever `published` postings. */
  isOpen: boolean;
  confidential: boolean;
  /** Interview plans the job can use (Ashby); empty where the ATS has one global pipeline. */
  planIds: string[];
  defaultPlanId: string | null;
  location: string | null;
  department: string | null;
  url: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface AtsPlanRecord {
  remoteId: string;
  title: string;
  archived: boolean;
}

export interface AtsStageRecord {
  remoteId: string;
  /** The interview plan the stage belongs to (Ashby); null for a global pipeline (Lever). */
  planId: string | null;
  title: string;
  /**
   * The ATS's stage kind: Ashby's type (`Lead`, `PreInterviewScreen`, `Active`, `Offer`, `Hired`,
   * `Archived`); for Lever the pipeline section (`lead`, `applicant`, `interview`, `offer`).
   */
  type: string | null;
  /** Order within its plan or pipeline. */
  position: number;
}

export interface AtsCandidateRecord {
  remoteId: string;
  name: string;
  primaryEmail: string | null;
  emails: string[];
  phones: string[];
  links: string[];
  /** Deep link to the person in the ATS web app. */
  profileUrl: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface AtsApplicationRecord {
  remoteId: string;
  candidateRemoteId: string;
  jobRemoteId: string | null;
  stageRemoteId: string | null;
  /** The ATS's own status word (Ashby `Lead`/`Active`/`Hired`/`Archived`; Lever derived). */
  status: string;
  archived: boolean;
  archiveReasonId: string | null;
  sourceTitle: string | null;
  /** Deep link to this application (Lever opportunity page); null when only the person has one. */
  profileUrl: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface AtsUserRecord {
  remoteId: string;
  name: string;
  email: string | null;
  role: string | null;
  active: boolean;
}

export interface AtsSourceRecord {
  /** Ashby's source id; Lever sources have no id, so their text is the id. */
  remoteId: string;
  title: string;
  typeTitle: string | null;
  archived: boolean;
}

export interface AtsArchiveReasonRecord {
  remoteId: string;
  title: string;
  /** Ashby `RejectedByOrg`/`RejectedByCandidate`/`Other`; Lever `hired`/`non-hired`. */
  reasonType: string | null;
  archived: boolean;
}

/** Records of one page, grouped by entity. */
export interface RecordBatch {
  jobs?: AtsJobRecord[];
  plans?: AtsPlanRecord[];
  stages?: AtsStageRecord[];
  candidates?: AtsCandidateRecord[];
  applications?: AtsApplicationRecord[];
  users?: AtsUserRecord[];
  sources?: AtsSourceRecord[];
  archiveReasons?: AtsArchiveReasonRecord[];
}

export type EntityKind = keyof RecordBatch;

export const ENTITY_KINDS: readonly EntityKind[] = [
  'jobs',
  'plans',
  'stages',
  'candidates',
  'applications',
  'users',
  'sources',
  'archiveReasons',
];
