export const RUN_TRIGGERS = ['manual', 'scheduled', 'cli', 'initial-import'] as const;
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
}

export interface SyncProgress {
  connectionId: string;
  runId: number;
  phase: string;
  resource?: string;
  done: number;
  total: number | null;
  ratePerSecond: number | null;
  etaSeconds: number | null;
  finished: boolean;
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
