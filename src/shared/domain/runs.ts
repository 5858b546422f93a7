import type { ErrorCode } from '../ipc/result';

/** `write-back`: a push-only run started because changes were queued (or retried). */
export const RUN_TRIGGERS = ['manual', 'scheduled', 'cli', 'initial-import', 'write-back'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export const RUN_STATUSES = ['running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface SyncRunSummary {
  id: number;
  connectionId: string;
  trigger: RunTrigger;
  /** `full` or `incremental` pull, `push` for write-back only, `dry-run` for previews. */
  mode: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  recordsPulled: number;
  recordsPushed: number;
  errors: number;
  requests: number;
  /** One line for the admin: what happened, and the next step when it failed. */
  message: string | null;
  /** Why it failed, for a failed run (absent for runs recorded before the console kept it). */
  errorCode?: ErrorCode;
}

export interface SyncProgress {
  connectionId: string;
  runId: number;
  phase: string;
  resource?: string;
  /** The resource as the admin reads it ("Candidates"). */
  resourceLabel?: string;
  /** Position of the resource in the run (0-based) and how many the run has. */
  resourceIndex?: number;
  resourceCount?: number;
  /** Whether this resource is read in full or only its changes. */
  mode?: 'full' | 'incremental';
  /** Records of this resource so far. */
  done: number;
  /** Expected records of this resource (from its last full read); null when unknown. */
  total: number | null;
  ratePerSecond: number | null;
  etaSeconds: number | null;
  /**
   * Seconds until every resource of the pull is read, never less than the requests still to make
   * need at the rate the ATS allows; null while a total is unknown.
   */
  runEtaSeconds?: number | null;
  /** Streams reading this resource at once (its parts read in parallel). */
  streams?: number;
  /** This resource is complete. */
  finished: boolean;
  /** The whole run ended (with `status`). */
  runFinished?: boolean;
  status?: RunStatus;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_DIRECTIONS = ['pull', 'push', 'none'] as const;
export type LogDirection = (typeof LOG_DIRECTIONS)[number];

export interface SyncLogLine {
  id: number;
  runId: number | null;
  connectionId: string | null;
  at: string;
  level: LogLevel;
  direction: LogDirection;
  entity: string | null;
  entityId: string | null;
  /** The rule that applied, e.g. `kula-stage-move` or `private-note-kept-local`. */
  rule: string | null;
  /** e.g. `POST /candidate.create`. */
  apiCall: string | null;
  result: string | null;
  retries: number;
  requestId: string | null;
  message: string;
  /** What the admin can do about an error. */
  nextStep: string | null;
}
