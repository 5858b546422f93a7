import type { RunTrigger, SyncLogLine } from '../../../shared/domain/runs';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import type { ConnectionRow } from '../db/repos/connections';
import { appendLogLine, type NewLogLine } from '../db/repos/sync-log';
import type { ApiCallRecord, AtsProvider } from '../providers/provider';
import type { ProviderDefinition } from '../providers/registry';
import type { ProgressReporter } from './progress';
import type { TableName } from '../../../shared/ipc/tables';

/**
 * What a phase of a run (pull now; push with the outbox later) works with. Phases write through
 * `ctx.db` in their own transactions, log through `log`/`logInTransaction`, and count what they did
 * in `stats`, which the engine turns into the run's summary line.
 */
export interface RunContext {
  ctx: CoreContext;
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
  /** API calls since the last call of this (the provider reports each as it finishes). */
  takeApiCalls(): ApiCallRecord[];
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

export function writeLogLine(
  ctx: CoreContext,
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
