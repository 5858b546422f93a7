import type {
  ConnectionCheck,
  PermissionCheck,
  ProviderKind,
  SetupCheck,
} from '../../../shared/domain/connections';
import type { Clock } from '../clock';
import type { RetryPolicy } from '../http/backoff';
import type { FetchFunction } from '../http/wire';
import type { RequestLimiter } from '../http/rate-limiter';
import type { Logger } from '../logging/logger';
import type { StoredSecret } from '../vault/vault';
import type {
  AtsApplicationRecord,
  AtsArchiveReasonRecord,
  AtsCandidateRecord,
  AtsSourceRecord,
  AtsStageRecord,
  EntityKind,
  RecordBatch,
} from './records';

/** The check types are DTOs shared with the renderer (shared/domain/connections.ts). */
export type { ConnectionCheck, PermissionCheck, SetupCheck };

/**
 * The one interface the sync engine talks to. Everything Ashby- or Lever-specific (endpoints,
 * envelopes, pagination, auth, error codes) lives behind it, in `providers/<name>/`. The engine
 * never names a provider.
 *
 * Import model: a provider exposes *resources* (e.g. `jobs`, `candidates`), which the engine reads
 * at the same time. A resource's pass is one or more *streams*: it starts as one (the root, key
 * `''`), and the provider may split a stream's remaining work into several (`splitStream`, e.g.
 * disjoint date windows) when the engine has room for more requests in flight. The engine pulls
 * each stream page by page through `fetchPage`, and after every page commits, in one transaction,
 * the page's records and that stream's opaque `next` state. A crash therefore re-fetches at most
 * the page each stream had in flight. When every stream of a pass is done, the engine keeps what
 * the pass left for the next, incremental one (`committed`: a sync token, a watermark). After a
 * complete *full* pass the engine deletes the resource's cached records that the pass did not see.
 */
export interface AtsProvider {
  readonly kind: ProviderKind;

  /** Resources in the order they must be pulled (reference data before the records using it). */
  readonly resources: readonly ResourceSpec[];

  /** Checks the credential and reports what it may do. Never stores anything. */
  checkConnection(signal?: AbortSignal): Promise<ConnectionCheck>;

  /** Fetches one page of a stream. Throws `AtsApiError` on failure (after its own retries). */
  fetchPage(request: PageRequest): Promise<PageResult>;

  /**
   * Splits what a stream has left to read into streams that can be read at the same time, when the
   * engine has room for more requests in flight than it has streams. `cursor` is the stream's
   * committed `next`. Null when the stream cannot be split (the ATS offers no disjoint filter for
   * it, or its order does not say what is left). Optional: a provider without it reads each
   * resource as one stream.
   */
  splitStream?(request: SplitRequest): StreamSplit | null;

  /**
   * The write side (write-back of the Kula workspace); absent for a provider that cannot write.
   * Shares the provider's HTTP client, so writes and reads use one rate limit.
   */
  readonly writer?: AtsWriter;

  /**
   * Releases what the instance holds (keep-alive sockets), so a CLI process exits as soon as its
   * run ends. Optional: a provider without resources need not implement it.
   */
  close?(): void;
}

export interface ResourceSpec {
  /** Stable key, stored with its checkpoint (e.g. `candidates`). */
  name: string;
  /** For progress and logs ("Candidates"). */
  label: string;
  /** The cache entities this resource fills; a full pass sweeps these. */
  entities: readonly EntityKind[];
  /** Whether the resource supports incremental passes (sync token or watermark). */
  incremental: boolean;
}

export interface PageRequest {
  resource: string;
  /** The stream of the pass this page belongs to: `''` for the root stream every pass starts with. */
  stream: string;
  /** This stream's state after its previous page; null to start a pass (root stream only). */
  cursor: unknown;
  /** What the last complete pass left (`PageResult.committed`); null when there was none. */
  committed: unknown;
  /** Ignore `committed` and run a full pass (admin asked for it, or periodic reconciliation). */
  forceFull: boolean;
  signal: AbortSignal;
}

export interface PageResult {
  batch: RecordBatch;
  /** Records the ATS reported deleted (e.g. Lever's deleted-opportunities list). */
  deletions?: Partial<Record<EntityKind, string[]>>;
  /** Records that could not be read (malformed payload); logged and skipped, never fatal. */
  skipped?: SkippedRecord[];
  /** Whether this page belongs to a full or an incremental pass. */
  mode: 'full' | 'incremental';
  /**
   * True on the first page of a pass (also when a pass restarted after an expired cursor). Only the
   * root stream starts or restarts a pass; a split stream that starts over says so in a notice.
   */
  passStarted: boolean;
  /** This stream's state for its next page; null when the stream is done. */
  next: unknown;
  /**
   * With `next === null` on the root stream: the state the next pass starts from (sync token,
   * watermark). Split streams leave nothing of their own.
   */
  committed?: unknown;
  /** Fallbacks and restarts worth a log line (e.g. sync token expired → full pass). */
  notices?: ProviderNotice[];
  /** Estimated records in the whole pass, when the ATS says. */
  totalEstimate?: number | null;
}

export interface SplitRequest {
  resource: string;
  stream: string;
  /** The stream's committed `next`. */
  cursor: unknown;
}

/** How a stream's remaining work is divided (committed by the engine in one transaction). */
export interface StreamSplit {
  /** The stream's new state, narrowed to what it keeps; null when it ends here. */
  keep: unknown;
  /** With `keep === null` on the root stream: what the next pass starts from (as `committed`). */
  committed?: unknown;
  /** New streams, each with a key unique within the pass and its first state. */
  spawn: Array<{ stream: string; cursor: unknown }>;
  notice?: ProviderNotice;
}

export interface SkippedRecord {
  entity: EntityKind;
  remoteId: string | null;
  reason: string;
}

export interface ProviderNotice {
  level: 'info' | 'warn';
  /** Machine-readable, e.g. `sync_token_expired`, `cursor_restarted`. */
  code: string;
  message: string;
}

/** What a provider instance is given. */
export interface ProviderContext {
  connectionId: string;
  baseUrl: string;
  /** Non-secret connection settings (e.g. Lever `performAs`, rate limit overrides). */
  config: Record<string, unknown>;
  credentials: CredentialAccess;
  /**
   * The connection's request limiter (http/rate-limiter.ts). Given, not built by the provider, so
   * one budget holds across every instance of the connection (a sync and a re-check at once) and
   * the admin's setting is applied without the provider knowing where it is stored.
   */
  limiter: RequestLimiter;
  /** Overrides of the HTTP layer's retry policy and timeout (tests, benchmarks). */
  http?: { retry?: Partial<RetryPolicy>; timeoutMs?: number };
  /** How requests leave this computer: the host's fetch (Electron's `net.fetch`, or undici's). */
  fetch: FetchFunction;
  /** Receives every API call, for the sync log and the health view. */
  onApiCall: (call: ApiCallRecord) => void;
  /**
   * Keeps what the provider learned about the credential (non-secret, e.g. that it has no access
   * to confidential records) in the connection's settings, under `learned`, for later instances;
   * forgotten when the credential is replaced. Absent for a connection not saved yet.
   */
  learn?: (values: Record<string, unknown>) => void;
  clock: Clock;
  log: Logger;
}

/** A provider's handle on its connection's secret (decrypt, rotate, give up). */
export interface CredentialAccess {
  load(): StoredSecret;
  /** Persists a rotated secret (a new refresh token) before it is used. */
  save(secret: StoredSecret): void;
  /** The ATS refused the credential for good: pause syncs, keep queued writes, ask to reconnect. */
  markNeedsReauth(reason: string): void;
  /**
   * The exclusive right to rotate the secret, across every process sharing the data folder (a
   * rotating OAuth refresh token must never be presented twice). Resolves with a release
   * function. Absent for a credential that is not stored (nothing to share).
   */
  lock?(signal?: AbortSignal): Promise<() => void>;
}

export interface ApiCallRecord {
  method: string;
  /** Path without query or secrets, e.g. `/candidate.list`, `/opportunities`. */
  path: string;
  status: number | null;
  requestId: string | null;
  attempts: number;
  /** The whole call: waits for the limiter and between retries included. */
  durationMs: number;
  /** The last attempt's round trip, from sending to the answer; null when none came. */
  latencyMs?: number | null;
  /** Error kind of the final attempt, when it failed. */
  errorKind: string | null;
  /** 429s seen across the attempts, and whether any was a partner-wide throttle. */
  rateLimited: number;
  partnerThrottled: boolean;
  /**
   * What went wrong on each failed attempt, in order, in a few words (`HTTP 503`, `timed out`,
   * `the connection was dropped`, `unreadable answer`, `error internal_error` for an ATS's own
   * error code), for the sync log.
   */
  failures: string[];
}

// ── The write side ──────────────────────────────────────────────────────────────────────────────

/**
 * How an ATS takes the console's writes. The outbox (core/writeback/) decides *what* to write and
 * in which order, records every outcome and checks before re-sending a write whose outcome is
 * unknown; the writer knows only *how*: endpoints, payloads, and where its ATS differs (Ashby
 * creates a person on its own and keeps notes on the person; Lever creates the person with the
 * first opportunity, dedupes by email itself and keeps notes on opportunities).
 *
 * Every method sends at most one logical write and throws `AtsApiError` on failure. No method is
 * blind-retried by the HTTP layer after the ATS may have run it; the outbox checks first.
 * Never pass text that must stay private: the outbox hands a writer only what may leave.
 */
export interface AtsWriter {
  readonly capabilities: WriteCapabilities;

  /**
   * Called once per run before any write: takes what the cache knows (sources, pipeline, settings)
   * and says whether writes may go out now (e.g. Lever needs a `perform_as` user, Ashby the Kula
   * source).
   */
  begin(env: WriteEnvironment): WriteReadiness;

  /** The ATS person with one of these emails (primary first), or null. A read. */
  findCandidate(emails: string[], signal: AbortSignal): Promise<AtsCandidateRecord | null>;

  /** Creates a person on their own (only when `capabilities.candidateCreatedSeparately`). */
  createCandidate(
    draft: CandidateDraft,
    origin: WriteOrigin,
    signal: AbortSignal,
  ): Promise<AtsCandidateRecord>;

  /** The person's applications (Lever: the contact's opportunities). A read. */
  listApplications(
    candidate: AtsCandidateRecord,
    signal: AbortSignal,
  ): Promise<AtsApplicationRecord[]>;

  /** One application as the ATS has it now, or null when it is gone. A read. */
  getApplication(applicationId: string, signal: AbortSignal): Promise<AtsApplicationRecord | null>;

  /**
   * Creates an application on a job. `candidate` is null only where the ATS creates the person
   * with the application (then `draft` describes the person and the result says whether the ATS
   * made a new one or matched an existing one by email).
   */
  createApplication(input: NewApplication, signal: AbortSignal): Promise<CreatedApplication>;

  /** Moves an application to a stage and/or archives it, as the stage mapping decided. */
  moveApplication(
    current: AtsApplicationRecord,
    move: StageMove,
    signal: AbortSignal,
  ): Promise<AtsApplicationRecord>;

  /** Whether a note carrying `ref` (the console's reference line) is already there. A read. */
  noteExists(target: NoteTarget, ref: string, signal: AbortSignal): Promise<boolean>;

  createNote(
    target: NoteTarget,
    text: string,
    signal: AbortSignal,
  ): Promise<{ remoteId: string | null }>;

  /** What the application already holds: a resume (whoever uploaded it) and attached files. */
  resumeState(target: NoteTarget, signal: AbortSignal): Promise<ResumeState>;

  /** Adds a resume to an existing application (as the resume, or as a file: see capabilities). */
  attachResume(target: NoteTarget, file: ResumeFile, signal: AbortSignal): Promise<AttachedResume>;
}

export interface WriteCapabilities {
  /** The person is created on their own before any application (else with the first one). */
  candidateCreatedSeparately: boolean;
  /** Where the ATS keeps notes. */
  notesAttachTo: 'candidate' | 'application';
  /** A resume can be sent with the application create. */
  resumeAtCreate: boolean;
  /** How a resume reaches an application that already exists. */
  laterResume: 'resume' | 'file';
  /** What the admin should know about this ATS's write-back, one sentence each (UI, docs). */
  caveats: string[];
}

/** What the cache knows that writes need (sources to tag with, the pipeline). */
export interface WriteEnvironment {
  /** Non-secret connection settings (e.g. Lever `performAs`). */
  config: Record<string, unknown>;
  sources: AtsSourceRecord[];
  stages: AtsStageRecord[];
  archiveReasons: AtsArchiveReasonRecord[];
}

export type WriteReadiness = { ready: true } | { ready: false; reason: string; action: string };

/** Why the console writes: a flow's outreach, or a referral through circles. */
export type WriteOrigin = 'sourced' | 'referred';

/** The Kula candidate as the ATS gets it. */
export interface CandidateDraft {
  name: string;
  /** Primary first. */
  emails: string[];
  phone: string | null;
  links: string[];
}

export interface NewApplication {
  candidate: AtsCandidateRecord | null;
  draft: CandidateDraft;
  jobId: string;
  /** The stage the Kula → ATS table gives; null for the ATS's default (its first lead stage). */
  stageId: string | null;
  origin: WriteOrigin;
  /** Sent with the create where the ATS allows it (`capabilities.resumeAtCreate`). */
  resume: ResumeFile | null;
}

export interface CreatedApplication {
  application: AtsApplicationRecord;
  candidate: AtsCandidateRecord;
  /** The ATS made a new person (false when it matched an existing one). */
  candidateCreated: boolean;
  resumeAttached: boolean;
}

export interface StageMove {
  /** The stage to move to; null when the move only archives. */
  stageId: string | null;
  archiveReasonId: string | null;
  archives: boolean;
}

/** Where a note or a resume goes: the person, and the application when the ATS needs one. */
export interface NoteTarget {
  candidateId: string;
  applicationId: string | null;
}

export interface ResumeFile {
  name: string;
  contentType: string;
  bytes: Buffer;
}

export interface ResumeState {
  /** The application (or its person, where resumes live there) has a resume. */
  resumeName: string | null;
  /** Attached files, to recognise an upload of ours whose answer was lost. */
  files: Array<{ name: string; size: number | null }>;
}

export interface AttachedResume {
  placement: 'resume' | 'file';
  remoteId: string | null;
}
