import type { PreviewAction } from '../../../../shared/domain/outbox';
import type { ErrorCode } from '../../../../shared/ipc/result';
import type { MessageRowDb, NoteRowDb } from '../../db/repos/kula';
import type { AtsStageState } from '../../db/repos/ats-links';
import type { AtsToKulaDecision, KulaToAtsDecision } from '../../mapping';
import type {
  AttachedResume,
  CandidateDraft,
  CreatedApplication,
  NoteTarget,
  ResumeState,
  StageMove,
  WriteCapabilities,
  WriteOrigin,
} from '../../providers/provider';
import type { AtsApplicationRecord, AtsCandidateRecord } from '../../providers/records';

/**
 * A write plan: what one outbox row will do, decided before anything is sent from what the
 * console knows (the Kula side and the ATS cache). A plan is one of
 * - finish: nothing to send, the row ends done (it is so already) or skipped (a rule says no),
 *   with what to record;
 * - blocked: it cannot go (the row fails with this error, for the admin);
 * - check: ask the ATS first (a live read that tells whether an earlier attempt, or someone else,
 *   already did it), then go on with the plan for the answer;
 * - send: the one write, with what to record before it (so a retry after a lost answer can tell
 *   ours apart) and how its answer settles the row.
 *
 * Sending (send.ts) walks a plan with live answers; the preview (preview.ts) walks the same plan
 * with the answers the cache predicts. Each kind's planner is in this folder, one file per kind.
 */
export type WritePlan = Finish | Blocked | Check | Send;

/** How the preview shows the step the plan reaches. */
export interface PreviewLine {
  verb: PreviewAction['verb'];
  summary: string;
  detail?: string | null;
}

/** How the row ends (after its write, or with none): its state, outcome and what to record. */
export interface Settled {
  step: 'finish';
  state: 'done' | 'skipped';
  /** How it ended, for the outbox and the sync log. */
  outcome: string;
  /** The call that did the work or told (a check), for the log. */
  apiCall?: string | null;
  result?: Record<string, unknown>;
  /** Recorded in the transaction that settles the row. */
  effects?: Effect[];
}

/** The row ends without a write; the preview shows it with its own line. */
export interface Finish extends Settled {
  preview: PreviewLine;
}

export interface Blocked {
  step: 'blocked';
  code: ErrorCode;
  message: string;
  action?: string | undefined;
  preview: PreviewLine;
}

// ── checks: the live reads before a write ───────────────────────────────────────────────────────

export type Lookup =
  /** Is there an ATS candidate with one of these emails? */
  | { ask: 'candidate-by-email'; emails: string[] }
  /**
   * Does this person (or, when the console has none linked, the one with these emails) already
   * have an application on this job?
   */
  | {
      ask: 'application-on-job';
      person: AtsCandidateRecord | null;
      emails: string[];
      jobId: string;
    }
  /** The application as the ATS has it now (null: deleted or merged). */
  | { ask: 'application'; applicationId: string }
  /** Is the note carrying this reference line there already? */
  | { ask: 'note-exists'; target: NoteTarget; ref: string }
  /** What resume and files the application holds. */
  | { ask: 'resume-state'; target: NoteTarget };

export interface PersonMatch {
  person: AtsCandidateRecord;
  /** The email that matched, when known (the cache tells; a live search does not). */
  matchedEmail: string | null;
}

export interface ApplicationOnJob {
  application: AtsApplicationRecord;
  person: AtsCandidateRecord;
  /** The stage's title, when the cache knows it. */
  stageTitle: string | null;
}

/** The answer to each lookup; null means "none". */
export interface Answers {
  'candidate-by-email': PersonMatch;
  'application-on-job': ApplicationOnJob;
  application: AtsApplicationRecord;
  'note-exists': true;
  'resume-state': ResumeState;
}

export type Ask = Lookup['ask'];
export type LookupOf<K extends Ask> = Extract<Lookup, { ask: K }>;

export interface Check {
  step: 'check';
  lookup: Lookup;
  /** The answer the cache predicts (the branch the preview shows); null: none. */
  expected: unknown;
  then(answer: unknown): WritePlan;
}

// ── the write ───────────────────────────────────────────────────────────────────────────────────

/** A Kula resume as a write refers to it (its bytes are read when it is sent). */
export interface ResumeRef {
  id: string;
  name: string;
  contentType: string;
  size: number;
}

export type Write =
  | { write: 'create-candidate'; draft: CandidateDraft; origin: WriteOrigin }
  | {
      write: 'create-application';
      candidate: AtsCandidateRecord | null;
      draft: CandidateDraft;
      jobId: string;
      stageId: string | null;
      origin: WriteOrigin;
      resume: ResumeRef | null;
    }
  | { write: 'move-application'; current: AtsApplicationRecord; move: StageMove }
  | { write: 'create-note'; target: NoteTarget; text: string }
  | { write: 'attach-resume'; target: NoteTarget; resume: ResumeRef };

export interface Responses {
  'create-candidate': AtsCandidateRecord;
  'create-application': CreatedApplication;
  'move-application': AtsApplicationRecord;
  'create-note': { remoteId: string | null };
  'attach-resume': AttachedResume;
}

export type WriteKind = Write['write'];
export type WriteOf<K extends WriteKind> = Extract<Write, { write: K }>;

export interface Send {
  step: 'send';
  write: Write;
  /** Saved and committed before the write: what the check saw, for a retry after a lost answer. */
  guard: Record<string, unknown> | null;
  preview: PreviewLine;
  /** What the preview assumes the write leaves for the candidate's later rows. */
  expect: Leaves;
  /** Text the write makes visible in the ATS (the preview's privacy section). */
  shows?: { kind: 'note' | 'message'; text: string };
  then(response: unknown): Settled;
}

// ── what a row's end records ────────────────────────────────────────────────────────────────────

export type Effect =
  /** The Kula candidate is linked to this ATS candidate (and the cache holds it). */
  | {
      effect: 'link-person';
      candidateId: string;
      person: AtsCandidateRecord;
      createdByConsole: boolean;
      /** The candidate's earlier public notes and messages are queued for it. */
      backfill: boolean;
    }
  /** The tracked application exists in the ATS (created by the console, or found there). */
  | {
      effect: 'link-application';
      link: ApplicationLink;
      candidateId: string;
      application: AtsApplicationRecord;
      person: AtsCandidateRecord;
      /** The candidate had no ATS candidate linked: this one is linked now. */
      linksPerson: boolean;
      personCreated: boolean;
      createdByConsole: boolean;
      /** The resume that went with the create. */
      resumeId: string | null;
      /** An application the console found keeps its ATS stage: Kula takes it. */
      adoptKulaStage: string | null;
    }
  /** The application is at this stage now (moved, or found there). */
  | {
      effect: 'application-at';
      linkId: number;
      applicationId: string;
      application: AtsApplicationRecord;
    }
  /** The console attached this resume to the application. */
  | { effect: 'resume-attached'; linkId: number; resumeId: string };

/** What a row leaves that a later row of the same candidate depends on. */
export interface Leaves {
  person?: PersonLink;
  application?: ApplicationLink;
  /** The console creates the ATS candidate: the candidate's notes and messages follow. */
  backfill?: boolean;
}

// ── what a plan is decided from ─────────────────────────────────────────────────────────────────

/** The connection a row goes to, as a plan needs it. */
export interface PlanTarget {
  /** The ATS's name for messages ("Ashby"). */
  ats: string;
  capabilities: WriteCapabilities;
}

/** The outbox row itself. */
export interface RowFacts {
  id: number;
  candidateId: string;
  subjectId: string;
  /** An earlier attempt may have reached the ATS: check before writing. */
  needsCheck: boolean;
  /** What the check saw before the first attempt. */
  check: Record<string, unknown>;
  payload: Record<string, unknown>;
}

export interface KulaPerson {
  id: string;
  name: string;
  email: string | null;
  kulaStageId: string;
  draft: CandidateDraft;
}

/** The ATS candidate the Kula candidate is linked to on this connection. */
export interface PersonLink {
  atsCandidateId: string;
  createdByConsole: boolean;
  profileUrl: string | null;
  /** As the cache has it (a bare record when it does not). */
  record: AtsCandidateRecord;
}

/** An application the console tracks (one per candidate, connection and job). */
export interface ApplicationLink {
  id: number;
  jobId: string;
  jobTitle: string | null;
  origin: 'flow' | 'referral';
  atsApplicationId: string | null;
  createdByConsole: boolean;
  /** The resume that went with the create, or that the console attached later. */
  resumeId: string | null;
}

/** What the console knows of the candidate on this connection. */
export interface AtsSide {
  person: PersonLink | null;
  /** The newest tracked application that exists in the ATS. */
  currentApplication: ApplicationLink | null;
  /** The newest application of the linked person in the cache. */
  newestCachedApplicationId: string | null;
}

export interface CandidateEnsureInput {
  kind: 'candidate.ensure';
  row: RowFacts;
  candidate: KulaPerson | null;
  side: AtsSide;
  /** A cached ATS candidate with one of the emails (looked up only when none is linked). */
  emailMatch: PersonMatch | null;
}

export interface ApplicationCreateInput {
  kind: 'application.create';
  row: RowFacts;
  /**
   * The tracked application (null: it no longer exists in Kula), and where the Kula → ATS table
   * puts the candidate's Kula stage on its job.
   */
  tracked: { link: ApplicationLink; stage: KulaToAtsDecision } | null;
  candidate: KulaPerson | null;
  side: AtsSide;
  emailMatch: PersonMatch | null;
  /** The cached application of the linked (or email-matched) person on the job. */
  onJobInCache: ApplicationOnJob | null;
  latestResume: ResumeRef | null;
  /** The Kula stage an ATS state maps to (for an application found, not created). */
  kulaStageFor(state: AtsStageState): AtsToKulaDecision;
}

export interface StageMoveInput {
  kind: 'stage.move';
  row: RowFacts;
  link: ApplicationLink | null;
  move: KulaToAtsDecision | null;
  cached: AtsApplicationRecord | null;
}

export interface NoteCreateInput {
  kind: 'note.create';
  row: RowFacts;
  candidateName: string;
  note: NoteRowDb | null;
  side: AtsSide;
}

export interface MessageCreateInput {
  kind: 'message.create';
  row: RowFacts;
  candidateName: string;
  message: MessageRowDb | null;
  side: AtsSide;
}

export interface ResumeAttachInput {
  kind: 'resume.attach';
  row: RowFacts;
  resume: ResumeRef | null;
  side: AtsSide;
}

export type PlanInput =
  | CandidateEnsureInput
  | ApplicationCreateInput
  | StageMoveInput
  | NoteCreateInput
  | MessageCreateInput
  | ResumeAttachInput;
