import type { RunTrigger, SyncLogLine } from '../../../shared/domain/runs';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import type { ConnectionRow } from '../db/repos/connections';
import { appendLogLine, type NewLogLine } from '../db/repos/sync-log';
import type { ApiCallRecord, AtsProvider } from '../providers/provider';
import type { ProviderDefinition } from '../providers/registry';
import type { ProgressReporter } from './progress';

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
  touched(...tables: string[]): void;
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
