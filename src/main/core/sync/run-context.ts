import type { RunTrigger, SyncLogLine } from '../../../shared/domain/runs';
import type { TableName } from '../../../shared/ipc/tables';
import type { CoreBasics } from '../basics';
import { isoNow } from '../clock';
import type { ConnectionService } from '../connections/service';
import type { ConnectionRow } from '../db/repos/connections';
import { appendLogLine, type NewLogLine } from '../db/repos/sync-log';
import type { ApiCallRecord, AtsProvider } from '../providers/provider';
import type { ProviderDefinition } from '../providers/registry';
import type { StoredSecret } from '../vault/vault';
import type { RateLimit } from '../http/rate-limiter';
import type { ProgressReporter } from './progress';

/** A step of every run: the engine runs its phases in order (pull, ATS → Kula, push). */
export interface SyncPhase {
  /** e.g. `pull`, `ats-to-kula`, `push`. */
  name: string;
  /** Also runs when a run only sends queued writes (`pushOnly`); the push phase always does. */
  inPushOnlyRuns?: boolean;
  run(run: RunContext): Promise<void> | void;
}

/** What a run is asked to do. */
export interface StartOptions {
  trigger: RunTrigger;
  /** Read every resource in full instead of incrementally. */
  full?: boolean;
  /** A credential for this run only (the CLI's environment variable); nothing is stored. */
  credential?: StoredSecret | undefined;
  /** Only send queued writes (the `push` phase): no pull (a Retry, a change just made). */
  pushOnly?: boolean;
}

/**
 * The parts of the core a phase uses: the database, the clock, the log and the redactor, and the
 * connection service to pause a connection whose credential the ATS refused.
 */
export type RunServices = Pick<CoreBasics, 'db' | 'clock' | 'log' | 'redactor'> & {
  connections: Pick<ConnectionService, 'markNeedsReauth'>;
};

/**
 * What a phase of a run works with. Phases write through `ctx.db` in their own transactions, log
 * through `log`/`logInTransaction`, and count what they did in `stats`, which the engine turns
 * into the run's summary line.
 */
export interface RunContext {
  ctx: RunServices;
  runId: number;
  connection: ConnectionRow;
  /** Neutral facts about the ATS (its name for messages); never branch on its kind. */
  definition: ProviderDefinition;
  provider: AtsProvider;
  trigger: RunTrigger;
  /** Read every resource in full (the admin asked for it). */
  forceFull: boolean;
  signal: AbortSignal;
  progress: ProgressReporter;
  stats: RunStats;
  /** The connection's request limit (null when unthrottled): how fast the ATS lets the run go. */
  rateLimit: RateLimit | null;
  /**
   * API calls since the last take, of one stream (a `streamKey`) or of the whole run (the
   * provider reports each as it finishes).
   */
  takeApiCalls(stream?: string): ApiCallRecord[];
  /** Sees every API call of the run as it finishes; returns how to stop. */
  observeApiCalls(observer: (call: ApiCallRecord) => void): () => void;
  /** Writes a log line now and emits it. */
  log(line: RunLogLine): SyncLogLine;
  /** Writes a log line inside the caller's transaction; emit the returned lines after commit. */
  logInTransaction(line: RunLogLine): SyncLogLine;
  emitLines(lines: SyncLogLine[]): void;
  /** Tables whose rows changed, for `db:changed` (sent at most twice a second). */
  touched(...tables: TableName[]): void;
}

export type RunLogLine = Omit<NewLogLine, 'runId' | 'connectionId' | 'at'>;

export interface RunStats {
  received: number;
  changed: number;
  skipped: number;
  requests: number;
  /** Resources read in full / incrementally (incremental-capable resources only). */
  fullPasses: number;
  incrementalPasses: number;
  /** One-line problems that did not stop the run (missing permission, skipped resource). */
  warnings: string[];
  /** Outbox rows the push phase settled in this run. */
  pushed: { done: number; skipped: number; failed: number; retrying: number };
}

export function newRunStats(): RunStats {
  return {
    received: 0,
    changed: 0,
    skipped: 0,
    requests: 0,
    fullPasses: 0,
    incrementalPasses: 0,
    warnings: [],
    pushed: { done: 0, skipped: 0, failed: 0, retrying: 0 },
  };
}

/** Thrown by a phase that stops at a page boundary because the run was asked to stop. */
export class RunCancelled extends Error {
  constructor() {
    super('The sync was stopped.');
    this.name = 'RunCancelled';
  }
}

export function writeLogLine(
  ctx: Pick<CoreBasics, 'db' | 'clock' | 'redactor'>,
  runId: number,
  connectionId: string,
  line: RunLogLine,
): SyncLogLine {
  // Every text field passes the redactor: an ATS may echo a credential back in an error, a URL
  // or an id, and nothing of the kind may reach the log (or its search index, or an export).
  const redact = (value: string | null | undefined) =>
    value === null || value === undefined ? value : ctx.redactor.text(value);
  return appendLogLine(ctx.db, {
    ...line,
    message: ctx.redactor.text(line.message),
    nextStep: redact(line.nextStep),
    apiCall: redact(line.apiCall),
    entityId: redact(line.entityId),
    requestId: redact(line.requestId),
    result: redact(line.result),
    runId,
    connectionId,
    at: isoNow(ctx.clock),
    direction: line.direction ?? 'pull',
  });
}

/**
 * Log lines for the calls that did not go through at the first attempt: which call, how many
 * attempts, and what went wrong each time (the fault the ATS or the network caused), so the log
 * names every fault even when a retry absorbed it.
 */
export function troubledCallLines(
  calls: ApiCallRecord[],
  entity: string | null,
  ats: string,
): RunLogLine[] {
  return calls
    .filter((call) => call.attempts > 1 || call.rateLimited > 0 || call.failures.length > 0)
    .map((call) => ({
      level: 'warn' as const,
      entity,
      rule:
        call.rateLimited > 0 ? 'rate-limited-retry' : call.attempts > 1 ? 'retried' : 'call-failed',
      apiCall: `${call.method} ${call.path}`,
      result: call.errorKind ?? 'ok',
      retries: Math.max(0, call.attempts - 1),
      requestId: call.requestId,
      message: `${call.method} ${call.path} needed ${call.attempts} attempt${call.attempts === 1 ? '' : 's'}${
        call.rateLimited > 0
          ? ` (${ats} asked to slow down ${call.rateLimited}×${call.partnerThrottled ? ', partner-wide' : ''})`
          : ''
      }; it ${call.errorKind ? 'failed' : 'succeeded'}.${
        call.failures.length > 0 ? ` Failed attempts: ${call.failures.join('; ')}.` : ''
      }`,
    }));
}
