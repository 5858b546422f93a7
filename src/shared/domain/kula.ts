import type { ProviderKind } from './connections';
import type { OutboxItem } from './outbox';

/**
 * The Kula workspace as the UI and the CLI see it: flows (optionally linked to an open ATS job),
 * candidates with their Kula stage, notes, conversation messages, resumes and referrals, and how
 * each candidate is linked to ATS records.
 */

export const MESSAGE_DIRECTIONS = ['inbound', 'outbound'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

export const MESSAGE_CHANNELS = ['email', 'linkedin', 'sms', 'phone', 'other'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** Resume uploads: what the console accepts (both ATSs parse these). */
export const RESUME_MAX_BYTES = 10 * 1024 * 1024;
export const RESUME_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  rtf: 'application/rtf',
  odt: 'application/vnd.oasis.opendocument.text',
  txt: 'text/plain',
};

/** A job a flow can be linked to: Ashby open jobs, Lever published postings. */
export interface JobOption {
  connectionId: string;
  connectionLabel: string;
  provider: ProviderKind;
  jobId: string;
  title: string;
  location: string | null;
  department: string | null;
}

export interface FlowLink {
  connectionId: string;
  connectionLabel: string;
  provider: ProviderKind;
  jobId: string;
  jobTitle: string;
  /** The job is open in the cache now; false when it closed or left the cache since linking. */
  jobOpen: boolean;
}

export interface FlowSummary {
  id: string;
  name: string;
  link: FlowLink | null;
  candidates: number;
  /** Candidates whose application on the linked job exists in the ATS. */
  inAts: number;
  /** Writes waiting or failed for this flow's candidates. */
  pendingWrites: number;
  failedWrites: number;
  createdAt: string;
}

export interface FlowDetail extends FlowSummary {
  members: CandidateRow[];
}

/** A Kula candidate's ATS person, per connection: the ATS icon opens `profileUrl`. */
export interface AtsLink {
  connectionId: string;
  connectionLabel: string;
  provider: ProviderKind;
  atsCandidateId: string;
  profileUrl: string | null;
  createdByConsole: boolean;
}

export interface CandidateRow {
  id: string;
  name: string;
  email: string | null;
  kulaStageId: string;
  kulaStageName: string;
  flows: Array<{ id: string; name: string }>;
  atsLinks: AtsLink[];
  pendingWrites: number;
  failedWrites: number;
  createdAt: string;
  updatedAt: string;
}

export interface CandidatePage {
  rows: CandidateRow[];
  total: number;
  offset: number;
}

export interface NoteItem {
  id: string;
  body: string;
  private: boolean;
  author: string;
  createdAt: string;
}

export interface MessageItem {
  id: string;
  direction: MessageDirection;
  channel: MessageChannel;
  sender: string;
  sentAt: string;
  body: string;
}

export interface ResumeItem {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  uploadedAt: string;
  uploadedBy: string;
}

export interface ReferralItem {
  id: string;
  referrerName: string;
  referrerEmail: string | null;
  jobTitle: string | null;
  connectionLabel: string | null;
  createdAt: string;
}

/** One of the candidate's applications the console tracks (from a flow or a referral). */
export interface ApplicationLinkItem {
  id: number;
  connectionId: string;
  connectionLabel: string;
  provider: ProviderKind;
  jobId: string;
  jobTitle: string;
  origin: 'flow' | 'referral';
  flowName: string | null;
  atsApplicationId: string | null;
  createdByConsole: boolean;
  /** The ATS stage as last synced, by name. */
  atsStage: string | null;
  archived: boolean;
  profileUrl: string | null;
}

/** A line of the candidate's history: an outbox write, or a sync-log line about them. */
export interface HistoryItem {
  at: string;
  source: 'outbox' | 'log';
  level: 'info' | 'warn' | 'error';
  connectionLabel: string | null;
  title: string;
  detail: string | null;
}

export interface CandidateDetail extends CandidateRow {
  emails: string[];
  phone: string | null;
  links: string[];
  notes: NoteItem[];
  messages: MessageItem[];
  resumes: ResumeItem[];
  referrals: ReferralItem[];
  applications: ApplicationLinkItem[];
  writes: OutboxItem[];
  history: HistoryItem[];
  /** Per connection, what the admin should know about how that ATS takes these writes. */
  caveats: Array<{ connectionLabel: string; text: string }>;
}

export interface CandidateInput {
  name: string;
  emails: string[];
  phone?: string | null;
  links?: string[];
  kulaStageId?: string | null;
}

/** A CSV import, checked row by row before anything is saved. */
export interface CsvRowResult {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  candidate: CandidateInput | null;
  errors: string[];
  /** A Kula candidate with this email exists already: the row is skipped, not an error. */
  duplicateOf: { id: string; name: string } | null;
}

export interface CsvImportPreview {
  columns: string[];
  /** Which column feeds which field, as recognised from the header. */
  recognised: Record<string, string>;
  rows: CsvRowResult[];
  valid: number;
  invalid: number;
  duplicates: number;
}

export interface CsvImportResult {
  imported: number;
  skipped: number;
  invalid: number;
  candidateIds: string[];
}
