/**
 * What the views read from the ATS cache (jobs, candidates, a candidate's applications). Ids are
 * the ATS's own; every row belongs to one connection.
 */

export interface JobRow {
  id: string;
  title: string;
  /** The ATS's status word (Ashby `Open`/`Closed`/`Archived`). */
  status: string;
  isOpen: boolean;
  confidential: boolean;
  department: string | null;
  location: string | null;
  applications: number;
  /** Applications not archived and not hired. */
  activeApplications: number;
  updatedAt: string | null;
}

export interface JobList {
  connectionId: string | null;
  counts: { all: number; open: number; closed: number };
  jobs: JobRow[];
}

export const CANDIDATE_SORTS = ['name', '-name'] as const;
export type CandidateSort = (typeof CANDIDATE_SORTS)[number];

export interface CandidateRow {
  id: string;
  name: string;
  email: string | null;
  applications: number;
  profileUrl: string | null;
  updatedAt: string | null;
}

export interface CandidatePage {
  connectionId: string | null;
  /** Rows matching the search, in total (the list's length). */
  total: number;
  offset: number;
  rows: CandidateRow[];
}

export interface ApplicationRow {
  id: string;
  jobId: string | null;
  jobTitle: string | null;
  stageId: string | null;
  stageTitle: string | null;
  stageType: string | null;
  planTitle: string | null;
  status: string;
  archived: boolean;
  archiveReason: string | null;
  source: string | null;
  createdByConsole: boolean;
  createdAt: string | null;
  updatedAt: string | null;
}

/** An application in a list across candidates: the application and whose it is. */
export interface ApplicationListRow extends ApplicationRow {
  candidateId: string;
  candidateName: string | null;
  candidateEmail: string | null;
}

export interface ApplicationPage {
  connectionId: string | null;
  /** Applications matching the filter, in total. */
  total: number;
  offset: number;
  rows: ApplicationListRow[];
}

export interface CandidateDetail {
  connectionId: string;
  provider: string;
  id: string;
  name: string;
  primaryEmail: string | null;
  emails: string[];
  phones: string[];
  links: string[];
  /** Opens the person in the ATS (through `links:open-external`). */
  profileUrl: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  applications: ApplicationRow[];
}

export interface StageRow {
  id: string;
  planId: string | null;
  planTitle: string | null;
  title: string;
  type: string | null;
  position: number;
  applications: number;
}

/** A resource's sync state, for the Connections page and the health view. */
export interface ResourceStatus {
  name: string;
  label: string;
  /** Rows of this resource's first entity in the cache. */
  cached: number;
  /** Rows per entity the resource fills (e.g. plans and stages). */
  counts: Record<string, number>;
  lastCompleteAt: string | null;
  lastFullAt: string | null;
  /** A read in progress (or interrupted and waiting to resume). */
  inProgress: boolean;
  inProgressMode: 'full' | 'incremental' | null;
  /** Why the last read fell back, e.g. `sync_token_expired`. */
  lastNotice: string | null;
}

export interface SyncStatus {
  connectionId: string;
  running: boolean;
  runId: number | null;
  resources: ResourceStatus[];
}
