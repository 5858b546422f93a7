/**
 * The Lever account the simulator holds, in Lever's own shapes. Opportunities keep a reference to
 * their contact (the person): name, headline, emails, phones, links and location are the contact's
 * and are shared by every opportunity of that person, as in Lever.
 *
 * Lists may be shared between records (see tenant.ts), so code never edits a list in place: a
 * change assigns a new array.
 */

export type AccessRole =
  'super admin' | 'admin' | 'team member' | 'limited team member' | 'interviewer';

export interface LeverUser {
  id: string;
  name: string;
  username: string;
  email: string;
  accessRole: AccessRole;
  photo: string | null;
  createdAt: number;
  deactivatedAt: number | null;
  externalDirectoryId: string | null;
  linkedContactIds: string[] | null;
  jobTitle: string | null;
  managerId: string | null;
}

export interface LeverStage {
  id: string;
  text: string;
}

export interface LeverArchiveReason {
  id: string;
  text: string;
  status: 'active' | 'inactive';
  type: 'hired' | 'non-hired';
}

export const POSTING_STATES = [
  'published',
  'internal',
  'closed',
  'draft',
  'pending',
  'rejected',
] as const;
export type PostingState = (typeof POSTING_STATES)[number];

export interface LeverPosting {
  id: string;
  text: string;
  createdAt: number;
  updatedAt: number;
  user: string;
  owner: string;
  hiringManager: string | null;
  confidentiality: 'confidential' | 'non-confidential';
  categories: {
    team: string;
    department: string;
    location: string;
    allLocations: string[];
    commitment: string;
    level: string | null;
  };
  country: string;
  tags: string[];
  state: PostingState;
  /** Null for some internal postings, as recorded. */
  distributionChannels: Array<'public' | 'internal'> | null;
  requisitionCodes: string[];
  workplaceType: 'onsite' | 'remote' | 'hybrid' | 'unspecified';
  followers: string[];
}

export interface LeverContact {
  id: string;
  name: string;
  headline: string;
  location: string;
  emails: string[];
  phones: Array<{ type?: string; value: string }>;
  links: string[];
}

export interface LeverStageChange {
  toStageId: string;
  toStageIndex: number;
  updatedAt: number;
  userId: string | null;
}

export interface LeverNote {
  id: string;
  value: string;
  user: string | null;
  secret: boolean;
  score: number | null;
  stage: string;
  createdAt: number;
  /** Only API-created notes may be edited or deleted through the API. */
  createdByApi: boolean;
}

export interface LeverFile {
  id: string;
  name: string;
  ext: string;
  size: number;
  uploadedAt: number;
  content: Buffer;
}

export interface LeverOpportunity {
  id: string;
  contact: string;
  stage: string;
  confidentiality: 'confidential' | 'non-confidential';
  archived: { reason: string; archivedAt: number } | null;
  tags: string[];
  sources: string[];
  stageChanges: LeverStageChange[];
  origin: 'agency' | 'applied' | 'internal' | 'referred' | 'sourced' | 'university';
  sourcedBy: string | null;
  owner: string | null;
  followers: string[];
  /** Lever gives an opportunity zero or one application; its posting is the job applied to. */
  application: {
    id: string;
    type: 'posting' | 'user' | 'referral';
    posting: string | null;
    user: string | null;
    createdAt: number;
  } | null;
  createdAt: number;
  /** Null for opportunities never updated since Lever introduced the field (see docs/lever.md). */
  updatedAt: number | null;
  lastInteractionAt: number;
  lastAdvancedAt: number;
  snoozedUntil: number | null;
  opportunityLocation: string | null;
  notes: LeverNote[];
  files: LeverFile[];
  resumes: LeverFile[];
}

export interface LeverDeletion {
  id: string;
  deletedAt: number;
  deletedBy: string | null;
}

/** The account; `opportunities` is kept sorted newest first (Lever's list order). */
export interface LeverTenant {
  accountId: string;
  accountName: string;
  webBase: string;
  users: LeverUser[];
  stages: LeverStage[];
  archiveReasons: LeverArchiveReason[];
  postings: LeverPosting[];
  contacts: Map<string, LeverContact>;
  opportunities: LeverOpportunity[];
  opportunityById: Map<string, LeverOpportunity>;
  /** Canonical (lower-cased) email → contact id, for create-time dedupe. */
  contactByEmail: Map<string, string>;
  deletedOpportunities: LeverDeletion[];
  deletedPostings: LeverDeletion[];
}

/** Newest first, ties by id: the order of `GET /opportunities`. */
export function compareNewestFirst(
  a: { createdAt: number; id: string },
  b: { createdAt: number; id: string },
): number {
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function canonicalEmail(email: string): string {
  return email.trim().toLowerCase();
}
