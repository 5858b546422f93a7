import type { RunStatus } from '../../../shared/domain/runs';
import type { ErrorCode } from '../../../shared/ipc/result';
import { isConsoleError } from '../errors';
import { storageErrorIn } from '../db/storage-errors';
import { isAtsApiError } from '../http/errors';
import { UnreadableCredentialError } from '../vault/unreadable-credential';
import { RunCancelled, type RunContext, type RunStats, type StartOptions } from './run-context';

/** How a run ended: its status, the one line the admin reads, and the code of its error. */
export interface RunOutcome {
  status: Exclude<RunStatus, 'running'>;
  message: string;
  code: ErrorCode;
}

/**
 * Turns what stopped a run into its status and one line for the admin, logs it, and pauses the
 * connection when the ATS refused its stored credential.
 */
export function runFailure(error: unknown, run: RunContext, options: StartOptions): RunOutcome {
  const { ctx } = run;
  const label = run.definition.label;
  if (
    error instanceof RunCancelled ||
    (isAtsApiError(error) && error.kind === 'cancelled') ||
    run.signal.aborted
  ) {
    return {
      status: 'cancelled',
      code: 'CANCELLED',
      message: `Stopped after ${run.stats.received} records; the next sync resumes from the last saved page.`,
    };
  }
  if (isAtsApiError(error)) {
    run.log({
      level: 'error',
      rule: `ats-${error.kind}`,
      apiCall: error.endpoint,
      result: 'failed',
      retries: Math.max(0, error.attempts - 1),
      requestId: error.requestId,
      message: error.message,
      nextStep: error.action ?? null,
    });
    if (error.kind === 'auth' && !options.credential) {
      ctx.connections.markNeedsReauth(run.connection.id, error.message);
    }
    return {
      status: 'failed',
      code: error.code,
      message:
        `${error.message} ${error.action ?? ''}`.trim() +
        (error.kind === 'auth'
          ? ''
          : ' Saved pages are kept; the next sync resumes from the last one.'),
    };
  }
  const storage = isConsoleError(error) ? null : storageErrorIn(error, ctx.db);
  if (storage) {
    ctx.log.error('sync run stopped: the data folder cannot be written', {
      connectionId: run.connection.id,
      runId: run.runId,
      error: storage.message,
    });
    // Saved pages stay saved: each was committed whole, and the failed one rolled back.
    const message =
      storage.kind === 'full'
        ? 'The disk is full: free space, then sync again. Everything saved before it filled is kept, and the sync resumes from its last saved page.'
        : `${storage.message} ${storage.action ?? ''}`.trim();
    tryToLog(run, { level: 'error', rule: 'storage', result: 'failed', message });
    return { status: 'failed', code: 'STORAGE', message };
  }
  if (isConsoleError(error)) {
    // An unreadable stored credential was judged where it was read (a mistyped passphrase pauses
    // nothing); only the ATS refusing the credential pauses the connection from here.
    if (
      error.code === 'NEEDS_REAUTH' &&
      !options.credential &&
      !(error instanceof UnreadableCredentialError)
    ) {
      ctx.connections.markNeedsReauth(run.connection.id, error.message);
    }
    run.log({
      level: 'error',
      rule: 'run-error',
      result: 'failed',
      message: error.message,
      nextStep: error.action ?? null,
    });
    return {
      status: 'failed',
      code: error.code,
      message: `${error.message} ${error.action ?? ''}`.trim(),
    };
  }
  ctx.log.error('sync run failed', {
    connectionId: run.connection.id,
    runId: run.runId,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  run.log({
    level: 'error',
    rule: 'internal-error',
    result: 'failed',
    message: `The sync with ${label} stopped because of an internal error.`,
    nextStep: 'Try again; if it repeats, export the sync log and send it to your Kula contact.',
  });
  return {
    status: 'failed',
    code: 'INTERNAL',
    message: `The sync with ${label} stopped because of an internal error. Try again; if it repeats, export the sync log and send it to your Kula contact.`,
  };
}

/** A log line when the database takes it; a full disk leaves it to the diagnostic log. */
function tryToLog(run: RunContext, line: Parameters<RunContext['log']>[0]): void {
  try {
    run.log(line);
  } catch {
    // Already in the diagnostic log.
  }
}

/** The mode the run history records: what the run did, else what it was asked to do. */
export function runMode(stats: RunStats, options: StartOptions): 'push' | 'full' | 'incremental' {
  if (options.pushOnly) return 'push';
  if (stats.fullPasses > 0) return 'full';
  if (stats.incrementalPasses > 0) return 'incremental';
  return options.full ? 'full' : 'incremental';
}

/** The run's summary line: what was read, what was written, and what went wrong on the way. */
export function summarizeRun(stats: RunStats, label: string, pushOnly: boolean): string {
  const parts: string[] = [];
  if (pushOnly) {
    // Only the push phase ran: its sentence below says it all.
  } else if (stats.changed === 0) {
    parts.push(
      `Up to date: nothing changed in ${label} (${stats.received.toLocaleString('en-US')} records checked).`,
    );
  } else {
    parts.push(
      `${stats.received.toLocaleString('en-US')} records read from ${label}, ${stats.changed.toLocaleString('en-US')} new, changed or removed in the cache.`,
    );
  }
  if (stats.skipped > 0) {
    parts.push(
      `${stats.skipped} unreadable record${stats.skipped === 1 ? ' was' : 's were'} skipped (see the log).`,
    );
  }
  const { done, skipped, failed, retrying } = stats.pushed;
  if (done + skipped + failed + retrying > 0) {
    const extra = [
      skipped ? `${skipped} skipped by a rule` : '',
      retrying ? `${retrying} to try again later` : '',
      failed ? `${failed} failed (see the Outbox)` : '',
    ].filter(Boolean);
    parts.push(
      `${done} write${done === 1 ? '' : 's'} sent to ${label}${extra.length ? `; ${extra.join(', ')}` : ''}.`,
    );
  } else if (pushOnly) {
    parts.push(`Nothing was waiting to be sent to ${label}.`);
  }
  parts.push(...stats.warnings);
  return parts.join(' ');
}
