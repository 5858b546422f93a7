import type { SyncLogLine, SyncRunSummary } from '../../../shared/domain/runs';
import type { ErrorCode } from '../../../shared/ipc/result';
import type { TableName } from '../../../shared/ipc/tables';
import type { CoreBasics } from '../basics';
import { isoNow } from '../clock';
import { restoreAllIndexes } from '../db/cache-indexes';
import type { ConnectionRow } from '../db/repos/connections';
import { addRunCounters, finishRun, getRun } from '../db/repos/sync-runs';
import { deferWalCheckpoints } from '../db/wal-checkpoints';
import type { AtsProvider } from '../providers/provider';
import type { ProviderDefinition } from '../providers/registry';
import type { RateLimit } from '../http/rate-limiter';
import { ProgressReporter } from './progress';
import type { RunCalls } from './stream-scope';
import {
  newRunStats,
  RunCancelled,
  troubledCallLines,
  writeLogLine,
  type RunContext,
  type RunServices,
  type StartOptions,
  type SyncPhase,
} from './run-context';
import { runFailure, runMode, summarizeRun, type RunOutcome } from './run-outcome';

export type RunExecutionDeps = RunServices & Pick<CoreBasics, 'events'>;

/** A run the engine admitted, locked and recorded as started: what `executeRun` carries out. */
export interface AdmittedRun {
  runId: number;
  connection: ConnectionRow;
  definition: ProviderDefinition;
  provider: AtsProvider;
  options: StartOptions;
  phases: readonly SyncPhase[];
  /** Abort when the run is asked to stop (Cancel) or loses its lock to another process. */
  stopSignals: AbortSignal[];
  /** The provider's API calls as they finish; a phase takes them when it commits a page. */
  calls: RunCalls;
  /** The connection's request limit (null when unthrottled). */
  rateLimit: RateLimit | null;
}

const TOUCH_INTERVAL_MS = 500;

/**
 * Carries out a run: its phases in order (only those that send queued writes in a push-only run),
 * each line logged (`sync_log`, emitted as `sync:log`), progress reported (`sync:progress`),
 * changed tables announced at most twice a second, and the run's end recorded with its summary.
 * Resolves with the run as recorded; a failure of a phase is the run's outcome, not a rejection.
 */
export async function executeRun(
  deps: RunExecutionDeps,
  admitted: AdmittedRun,
  taskSignal: AbortSignal,
): Promise<SyncRunSummary> {
  const { db, events } = deps;
  const { runId, connection, definition, provider, options, calls } = admitted;
  const connectionId = connection.id;
  const signal = AbortSignal.any([taskSignal, ...admitted.stopSignals]);
  const stats = newRunStats();
  const progress = new ProgressReporter(
    (payload) => events.emit('sync:progress', payload),
    connectionId,
    runId,
    provider.resources.length,
    admitted.rateLimit,
  );
  const touched = touchedTables((tables) => events.changed(...tables, 'sync_runs'));
  const emitLines = (lines: SyncLogLine[]) => {
    for (const line of lines) events.emit('sync:log', line);
  };
  // A phase sees these parts of the core only.
  const services: RunServices = {
    db,
    clock: deps.clock,
    log: deps.log,
    redactor: deps.redactor,
    connections: deps.connections,
  };
  const run: RunContext = {
    ctx: services,
    runId,
    connection,
    definition,
    provider,
    trigger: options.trigger,
    forceFull: options.full === true,
    signal,
    progress,
    stats,
    rateLimit: admitted.rateLimit,
    takeApiCalls: (stream) => calls.take(stream),
    observeApiCalls: (observer) => calls.observe(observer),
    log: (line) => {
      const written = writeLogLine(deps, runId, connectionId, line);
      emitLines([written]);
      return written;
    },
    logInTransaction: (line) => writeLogLine(deps, runId, connectionId, line),
    emitLines,
    touched: (...tables) => touched.add(tables),
  };

  let outcome: Omit<RunOutcome, 'code'> & { code?: ErrorCode };
  const restoreCheckpoints = deferWalCheckpoints(db);
  try {
    run.log({
      level: 'info',
      direction: 'none',
      rule: 'run-start',
      message: options.pushOnly
        ? `Sending queued writes to “${connection.label}” (${options.trigger}).`
        : `${options.full ? 'Full' : 'Incremental'} sync of “${connection.label}” started (${options.trigger}).`,
    });
    for (const phase of admitted.phases) {
      if (options.pushOnly && phase.name !== 'push' && !phase.inPushOnlyRuns) continue;
      if (signal.aborted) throw new RunCancelled();
      await phase.run(run);
    }
    outcome = {
      status: 'succeeded',
      message: summarizeRun(stats, definition.label, options.pushOnly === true),
    };
  } catch (error) {
    outcome = runFailure(error, run, options);
  } finally {
    provider.close?.();
    // A stopped or failed first import must not leave the cache without its indexes; when the
    // disk is too full to build them, the next start builds them.
    if (db.open) guarded(deps, 'restoring the cache indexes', () => restoreAllIndexes(db));
    restoreCheckpoints();
  }
  // Calls made by a page that failed never reached a commit; count and log them now.
  const leftover = calls.take();
  stats.requests += leftover.length;
  const finishedAt = isoNow(deps.clock);
  // An ATS may echo a credential back in an error; the run history keeps none.
  const message = deps.redactor.text(outcome.message);
  const recorded = guarded(deps, 'recording the end of the run', () => {
    for (const line of troubledCallLines(leftover, null, definition.label)) run.log(line);
    finishRun(db, runId, {
      status: outcome.status,
      now: finishedAt,
      message,
      mode: runMode(stats, options),
      errorCode: outcome.code,
    });
    if (leftover.length) addRunCounters(db, runId, { requests: leftover.length });
    run.log({
      level:
        outcome.status === 'succeeded' ? 'info' : outcome.status === 'cancelled' ? 'warn' : 'error',
      direction: 'none',
      rule: 'run-end',
      result: outcome.status,
      message: outcome.message,
    });
  });
  touched.flush();
  events.changed('sync_runs', 'sync_state', 'connections');
  progress.finishRun(outcome.status);
  const stored = getRun(db, runId)!;
  // The run's end could not be written (a full disk): the caller still learns how it ended, and
  // the next start records the run as interrupted.
  return recorded
    ? stored
    : {
        ...stored,
        status: outcome.status,
        finishedAt,
        message,
        mode: runMode(stats, options),
        ...(outcome.code ? { errorCode: outcome.code } : {}),
      };
}

/**
 * A write made after a run has ended (its indexes, its end record) that must not turn the run's
 * outcome into a crash: a failure is logged, and false says it was not written.
 */
function guarded(deps: Pick<RunExecutionDeps, 'log'>, what: string, write: () => void): boolean {
  try {
    write();
    return true;
  } catch (error) {
    deps.log.error(`${what} failed`, {
      error: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
}

/** Collects the tables a run changed and announces them at most every `TOUCH_INTERVAL_MS`. */
function touchedTables(announce: (tables: TableName[]) => void) {
  const tables = new Set<TableName>();
  let lastAnnounced = 0;
  const send = (force: boolean) => {
    const now = performance.now();
    if (tables.size === 0 || (!force && now - lastAnnounced < TOUCH_INTERVAL_MS)) return;
    lastAnnounced = now;
    announce([...tables]);
    tables.clear();
  };
  return {
    add(changed: TableName[]) {
      changed.forEach((table) => tables.add(table));
      send(false);
    },
    flush: () => send(true),
  };
}
