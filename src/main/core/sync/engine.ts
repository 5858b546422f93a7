import type { ResourceStatus, SyncStatus } from '../../../shared/domain/ats';
import type {
  RunStatus,
  RunTrigger,
  SyncLogLine,
  SyncRunSummary,
} from '../../../shared/domain/runs';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { restoreAllIndexes } from '../db/cache-indexes';
import { countRecords } from '../db/repos/ats-cache';
import { getConnectionRow } from '../db/repos/connections';
import { listResourceStates } from '../db/repos/sync-state';
import { finishRun, getRun, markInterruptedRuns, startRun } from '../db/repos/sync-runs';
import type { ErrorCode } from '../../../shared/ipc/result';
import type { TableName } from '../../../shared/ipc/tables';
import { ConsoleError, isConsoleError } from '../errors';
import { isAtsApiError } from '../http/errors';
import type { ApiCallRecord, ResourceSpec } from '../providers/provider';
import type { StoredSecret } from '../vault/vault';
import { ProgressReporter } from './progress';
import { pullAll, RunCancelled } from './pull';
import {
  newRunStats,
  troubledCallLines,
  writeLogLine,
  type RunContext,
  type RunStats,
} from './run-context';
import { InProcessRunLock, type RunLock } from './run-lock';

/**
 * The sync engine: runs a connection's sync as a sequence of phases (the pull phase here; the
 * outbox push of issue 6 registers itself with `addPhase`), one run per connection at a time,
 * registered with the task tracker so a shutdown stops it at a page boundary. It records the run
 * (`sync_runs`), its log lines (`sync_log`, emitted as `sync:log`) and progress (`sync:progress`),
 * and turns an ATS refusal of the credential into `needs_reauth`.
 *
 * Provider-neutral: the engine never names an ATS. A scheduler (issue 7) calls `start` like the
 * "Sync now" button does; a cross-process lock replaces the in-process one through `setLock`.
 */

export interface SyncPhase {
  /** e.g. `pull`, `ats-to-kula`, `push`. */
  name: string;
  /** Also runs when a run only sends queued writes (`pushOnly`); the push phase always does. */
  inPushOnlyRuns?: boolean;
  run(run: RunContext): Promise<void> | void;
}

export interface StartOptions {
  trigger: RunTrigger;
  /** Read every resource in full instead of incrementally. */
  full?: boolean;
  /** A credential for this run only (the CLI's environment variable); nothing is stored. */
  credential?: StoredSecret | undefined;
  /** Only send queued writes (the `push` phase): no pull (a Retry, a change just made). */
  pushOnly?: boolean;
}

export interface StartedRun {
  runId: number;
  /** Resolves when the run ends, whatever its outcome (never rejects). */
  done: Promise<SyncRunSummary>;
}

interface ActiveRun {
  runId: number;
  controller: AbortController;
  done: Promise<SyncRunSummary>;
}

const TOUCH_INTERVAL_MS = 500;

export class SyncEngine {
  private readonly phases: SyncPhase[] = [{ name: 'pull', run: pullAll }];
  private readonly active = new Map<string, ActiveRun>();
  private lock: RunLock = new InProcessRunLock();
  private readonly settledListeners = new Set<
    (connectionId: string, summary: SyncRunSummary) => void
  >();
  private readonly apiCallObservers = new Set<
    (connectionId: string, call: ApiCallRecord) => void
  >();

  constructor(private readonly ctx: CoreContext) {
    // A process that crashed during a first import left the big tables without their indexes.
    restoreAllIndexes(ctx.db);
  }

  /** Adds a phase after the existing ones (push runs after pull). */
  addPhase(phase: SyncPhase): void {
    this.phases.push(phase);
  }

  setLock(lock: RunLock): void {
    this.lock = lock;
  }

  /** Tells other processes this one's runs are alive (at once, e.g. after waking). */
  renewLeases(): void {
    this.lock.heartbeatNow?.();
  }

  /**
   * Hears of every run's end, after the run let go of its lock (so a listener may start the next
   * one at once), with the run's summary.
   */
  onRunSettled(listener: (connectionId: string, summary: SyncRunSummary) => void): () => void {
    this.settledListeners.add(listener);
    return () => this.settledListeners.delete(listener);
  }

  /** Sees every API call of every run as it finishes (the health view's usage counters). */
  observeApiCalls(observer: (connectionId: string, call: ApiCallRecord) => void): () => void {
    this.apiCallObservers.add(observer);
    return () => this.apiCallObservers.delete(observer);
  }

  isRunning(connectionId: string): boolean {
    return this.active.has(connectionId);
  }

  runningRunId(connectionId: string): number | null {
    return this.active.get(connectionId)?.runId ?? null;
  }

  /** Each resource's sync state and cached rows, and whether a run is going. */
  status(connectionId: string): SyncStatus {
    const row = getConnectionRow(this.ctx.db, connectionId);
    if (!row) {
      throw new ConsoleError('NOT_FOUND', `There is no connection “${connectionId}”.`);
    }
    const states = new Map(
      listResourceStates(this.ctx.db, connectionId).map((state) => [state.resource, state]),
    );
    const resources = this.resourcesOf(connectionId, row.provider);
    return {
      connectionId,
      running: this.isRunning(connectionId),
      runId: this.runningRunId(connectionId),
      resources: resources.map((spec): ResourceStatus => {
        const state = states.get(spec.name);
        const counts = Object.fromEntries(
          spec.entities.map((entity) => [entity, countRecords(this.ctx.db, connectionId, entity)]),
        );
        return {
          name: spec.name,
          label: spec.label,
          cached: counts[spec.entities[0] ?? ''] ?? 0,
          counts,
          lastCompleteAt: state?.lastCompleteAt ?? null,
          lastFullAt: state?.lastFullAt ?? null,
          inProgress: state?.cursor !== null && state?.cursor !== undefined,
          inProgressMode: state?.cursor ? state.passMode : null,
          lastNotice: state?.lastNotice ?? null,
        };
      }),
    };
  }

  private readonly resourceLists = new Map<string, readonly ResourceSpec[]>();

  /** The resources a provider pulls: from its definition, else from an instance (kept). */
  private resourcesOf(connectionId: string, provider: string): readonly ResourceSpec[] {
    if (!this.ctx.providers.has(provider)) return [];
    const definition = this.ctx.providers.get(provider);
    if (definition.resources) return definition.resources;
    let list = this.resourceLists.get(provider);
    if (!list) {
      const { provider: instance } = this.ctx.connections.openProvider(connectionId);
      list = instance.resources;
      instance.close?.();
      this.resourceLists.set(provider, list);
    }
    return list;
  }

  /** Asks the connection's run to stop at its next page boundary; resolves when it has. */
  async cancel(connectionId: string): Promise<boolean> {
    const run = this.active.get(connectionId);
    if (!run) return false;
    run.controller.abort();
    await run.done;
    return true;
  }

  /** Starts a run and waits for its end. */
  run(connectionId: string, options: StartOptions): Promise<SyncRunSummary> {
    return this.start(connectionId, options).done;
  }

  /**
   * Starts a run in the background. Throws at once (ConsoleError) when it cannot start: unknown
   * or disconnected connection, credential missing or refused before, a run already going.
   */
  start(connectionId: string, options: StartOptions): StartedRun {
    const { ctx } = this;
    const row = getConnectionRow(ctx.db, connectionId);
    if (!row) {
      throw new ConsoleError(
        'NOT_FOUND',
        `There is no connection “${connectionId}”.`,
        'List the connections to see their ids.',
      );
    }
    const definition = ctx.providers.get(row.provider);
    if (row.status === 'disabled') {
      throw new ConsoleError(
        'CONFLICT',
        `“${row.label}” is disconnected, so it does not sync.`,
        `Reconnect it with a ${definition.label} credential from the Connections page.`,
      );
    }
    if (row.status === 'needs_reconnect' && !options.credential) {
      throw new ConsoleError(
        'NEEDS_REAUTH',
        `The stored credential of “${row.label}” cannot be decrypted on this computer, so syncing is paused.`,
        `Reconnect it from the Connections page with a ${definition.label} credential; cached data and queued changes are kept.`,
      );
    }
    if (row.status === 'needs_reauth' && !options.credential) {
      throw new ConsoleError(
        'NEEDS_REAUTH',
        `${definition.label} refused the stored credential of “${row.label}”, so syncing is paused.`,
        'Reconnect it from the Connections page with a valid credential; cached data and queued changes are kept.',
      );
    }
    if (ctx.tasks.isClosed) {
      throw new ConsoleError(
        'CANCELLED',
        'The console is shutting down.',
        'Start the sync again after restarting.',
      );
    }
    const lease = this.lock.acquire(connectionId);
    if (!lease) {
      const holder = this.lock.describeHolder?.(connectionId);
      throw new ConsoleError(
        'ALREADY_RUNNING',
        `“${row.label}” is already syncing${holder ? ` in ${holder}` : ''}.`,
        'Wait for the current sync to finish; its progress is on the Connections page.',
      );
    }
    let runId: number;
    const calls: ApiCallRecord[] = [];
    let opened: ReturnType<CoreContext['connections']['openProvider']>;
    try {
      // Fails early (NEEDS_REAUTH) when no usable credential is stored.
      if (!options.credential) ctx.connections.loadCredential(connectionId);
      opened = ctx.connections.openProvider(connectionId, {
        credential: options.credential,
        onApiCall: (call) => {
          calls.push(call);
          for (const observer of this.apiCallObservers) observer(connectionId, call);
        },
      });
      const now = isoNow(ctx.clock);
      markInterruptedRuns(ctx.db, connectionId, now);
      runId = startRun(ctx.db, {
        connectionId,
        trigger: options.trigger,
        mode: options.pushOnly ? 'push' : options.full ? 'full' : 'incremental',
        now,
      });
    } catch (error) {
      lease.release();
      throw error;
    }
    if (options.trigger === 'manual' || options.trigger === 'cli') {
      ctx.audit(
        'sync.manual',
        connectionId,
        `${options.full ? 'Full' : 'Incremental'} sync started by hand.`,
      );
    }
    ctx.events.changed('sync_runs');

    const controller = new AbortController();
    const stats = newRunStats();
    const progress = new ProgressReporter(
      (payload) => ctx.events.emit('sync:progress', payload),
      connectionId,
      runId,
      opened.provider.resources.length,
    );
    const touchedTables = new Set<TableName>();
    let lastTouch = 0;
    const flushTouched = (force: boolean) => {
      const now = performance.now();
      if (touchedTables.size === 0 || (!force && now - lastTouch < TOUCH_INTERVAL_MS)) return;
      lastTouch = now;
      ctx.events.changed(...touchedTables, 'sync_runs');
      touchedTables.clear();
    };

    const work = async (taskSignal: AbortSignal): Promise<SyncRunSummary> => {
      const signal = AbortSignal.any([
        taskSignal,
        controller.signal,
        ...(lease.lost ? [lease.lost] : []),
      ]);
      const emitLines = (lines: SyncLogLine[]) => {
        for (const line of lines) ctx.events.emit('sync:log', line);
      };
      const run: RunContext = {
        ctx,
        runId,
        connection: row,
        definition,
        provider: opened.provider,
        trigger: options.trigger,
        forceFull: options.full === true,
        signal,
        progress,
        stats,
        takeApiCalls: () => calls.splice(0, calls.length),
        log: (line) => {
          const written = writeLogLine(ctx, runId, connectionId, line);
          emitLines([written]);
          return written;
        },
        logInTransaction: (line) => writeLogLine(ctx, runId, connectionId, line),
        emitLines,
        touched: (...tables) => {
          tables.forEach((table) => touchedTables.add(table));
          flushTouched(false);
        },
      };
      let status: Exclude<RunStatus, 'running'> = 'succeeded';
      let message: string;
      let errorCode: ErrorCode | undefined;
      const restoreCheckpoints = deferCheckpoints(ctx.db);
      try {
        run.log({
          level: 'info',
          direction: 'none',
          rule: 'run-start',
          message: options.pushOnly
            ? `Sending queued writes to “${row.label}” (${options.trigger}).`
            : `${options.full ? 'Full' : 'Incremental'} sync of “${row.label}” started (${options.trigger}).`,
        });
        for (const phase of this.phases) {
          if (options.pushOnly && phase.name !== 'push' && !phase.inPushOnlyRuns) continue;
          if (signal.aborted) throw new RunCancelled();
          await phase.run(run);
        }
        message = summarize(stats, definition.label, options.pushOnly === true);
      } catch (error) {
        const outcome = this.failure(error, run, options);
        status = outcome.status;
        message = outcome.message;
        errorCode = outcome.code;
      } finally {
        opened.provider.close?.();
        restoreCheckpoints();
      }
      // Calls made by a page that failed never reached a commit; count and log them now.
      const leftover = calls.splice(0, calls.length);
      stats.requests += leftover.length;
      for (const line of troubledCallLines(leftover, null, definition.label)) run.log(line);
      const mode = options.pushOnly
        ? 'push'
        : stats.fullPasses > 0
          ? 'full'
          : stats.incrementalPasses > 0
            ? 'incremental'
            : options.full
              ? 'full'
              : 'incremental';
      finishRun(ctx.db, runId, {
        status,
        now: isoNow(ctx.clock),
        // An ATS may echo a credential back in an error; the run history keeps none.
        message: ctx.redactor.text(message),
        mode,
        errorCode,
      });
      if (leftover.length) {
        ctx.db
          .prepare('UPDATE sync_runs SET requests = requests + ? WHERE id = ?')
          .run(leftover.length, runId);
      }
      run.log({
        level: status === 'succeeded' ? 'info' : status === 'cancelled' ? 'warn' : 'error',
        direction: 'none',
        rule: 'run-end',
        result: status,
        message,
      });
      flushTouched(true);
      ctx.events.changed('sync_runs', 'sync_state', 'connections');
      progress.finishRun(status);
      return getRun(ctx.db, runId)!;
    };

    let done: Promise<SyncRunSummary>;
    try {
      done = ctx.tasks.run(work);
    } catch (error) {
      lease.release();
      throw error;
    }
    const settled = done
      .catch((error: unknown) => {
        ctx.log.error('sync run crashed', {
          connectionId,
          runId,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
        finishRun(ctx.db, runId, {
          status: 'failed',
          now: isoNow(ctx.clock),
          message:
            'The sync stopped because of an internal error. Try again; if it repeats, export the sync log and send it to your Kula contact.',
        });
        return getRun(ctx.db, runId)!;
      })
      .finally(() => {
        this.active.delete(connectionId);
        lease.release();
      });
    void settled.then((summary) => {
      for (const listener of this.settledListeners) {
        try {
          listener(connectionId, summary);
        } catch (error) {
          ctx.log.error('run listener failed', {
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
    });
    this.active.set(connectionId, { runId, controller, done: settled });
    return { runId, done: settled };
  }

  /** Turns what stopped a run into its status and one line for the admin. */
  private failure(
    error: unknown,
    run: RunContext,
    options: StartOptions,
  ): { status: Exclude<RunStatus, 'running'>; message: string; code: ErrorCode } {
    const { ctx } = this;
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
    if (isConsoleError(error)) {
      if (error.code === 'NEEDS_REAUTH' && !options.credential) {
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
}

/**
 * A bulk import commits a page at a time; SQLite's default WAL checkpoint every 1000 pages costs an
 * fsync each time, which on a laptop disk is most of an import's time. During a run the WAL may
 * grow to ~64 MB before a checkpoint; afterwards the default returns and the WAL is folded back.
 * Durability is unchanged: WAL commits survive a process crash regardless of checkpoints.
 */
function deferCheckpoints(db: CoreContext['db']): () => void {
  const previous = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 16000');
  return () => {
    if (!db.open) return;
    // A stopped or failed first import must not leave the cache without its indexes.
    restoreAllIndexes(db);
    db.pragma(`wal_autocheckpoint = ${previous}`);
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // A reader holding the WAL only delays the checkpoint; the next one catches up.
    }
  };
}

function summarize(stats: RunStats, label: string, pushOnly: boolean): string {
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
