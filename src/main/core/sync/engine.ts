import type { SyncStatus } from '../../../shared/domain/ats';
import type { SyncRunSummary } from '../../../shared/domain/runs';
import type { CoreBasics } from '../basics';
import { isoNow } from '../clock';
import type { ConnectionService } from '../connections/service';
import { restoreAllIndexes } from '../db/cache-indexes';
import { effectiveRateLimit } from '../db/repos/connections';
import { finishRun, getRun, markInterruptedRuns, startRun } from '../db/repos/sync-runs';
import type { RateLimit } from '../http/rate-limiter';
import { ConsoleError } from '../errors';
import type { ApiCallRecord, AtsProvider } from '../providers/provider';
import type { ProviderRegistry } from '../providers/registry';
import type { TaskTracker } from '../tasks';
import type { StartOptions, SyncPhase } from './run-context';
import { executeRun } from './run-execution';
import type { RunLock } from './run-lock';
import type { RunningSyncs } from './running-syncs';
import { admitRun } from './start-checks';
import { RunCalls } from './stream-scope';
import { SyncStatusReader } from './sync-status';

export type SyncEngineDeps = Pick<
  CoreBasics,
  'db' | 'clock' | 'events' | 'log' | 'redactor' | 'audit'
> & {
  providers: ProviderRegistry;
  connections: Pick<
    ConnectionService,
    'openProvider' | 'loadCredential' | 'markNeedsReauth' | 'clearStaleMark'
  >;
  tasks: Pick<TaskTracker, 'isClosed' | 'run'>;
  /** The runs going in this process (the connection service stops them there too). */
  runs: RunningSyncs;
  /** "Never two runs on one connection at once", across every process on the data folder. */
  lock: RunLock;
  /** The phases of every run, in order. */
  phases: readonly SyncPhase[];
};

export interface StartedRun {
  runId: number;
  /** Resolves when the run ends, whatever its outcome (never rejects). */
  done: Promise<SyncRunSummary>;
}

/**
 * The sync engine: runs a connection's sync as a sequence of phases (pull, ATS → Kula, push, given
 * at construction), one run per connection at a time, registered with the task tracker so a
 * shutdown stops it at a page boundary. It records the run (`sync_runs`), its log lines
 * (`sync_log`, emitted as `sync:log`) and progress (`sync:progress`), and turns an ATS refusal of
 * the credential into `needs_reauth`.
 *
 * Provider-neutral: the engine never names an ATS. The scheduler calls `start` like the "Sync now"
 * button does; the run lock it is given keeps runs of one connection apart across processes.
 */
export class SyncEngine {
  private readonly statusReader: SyncStatusReader;
  private readonly settledListeners = new Set<
    (connectionId: string, summary: SyncRunSummary) => void
  >();
  private readonly apiCallObservers = new Set<
    (connectionId: string, call: ApiCallRecord) => void
  >();

  constructor(private readonly deps: SyncEngineDeps) {
    // A process that crashed during a first import left the big tables without their indexes.
    // A read-only opening (a command that only reads) leaves that to the next writer.
    if (!deps.db.readonly) restoreAllIndexes(deps.db);
    this.statusReader = new SyncStatusReader(deps);
  }

  /** Tells other processes this one's runs are alive (at once, e.g. after waking). */
  renewLeases(): void {
    this.deps.lock.heartbeatNow?.();
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
    return this.deps.runs.isRunning(connectionId);
  }

  runningRunId(connectionId: string): number | null {
    return this.deps.runs.runId(connectionId);
  }

  /** Each resource's sync state and cached rows, and whether a run is going. */
  status(connectionId: string): SyncStatus {
    return this.statusReader.status(connectionId);
  }

  /** Asks the connection's run to stop at its next page boundary; resolves when it has. */
  cancel(connectionId: string): Promise<boolean> {
    return this.deps.runs.stop(connectionId);
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
    const { deps } = this;
    // A "needs reconnect" mark that this process's key disproves is lifted before the checks.
    if (!options.credential) deps.connections.clearStaleMark(connectionId);
    const { row, definition } = admitRun(deps, connectionId, options);
    const lease = deps.lock.acquire(connectionId);
    if (!lease) {
      const holder = deps.lock.describeHolder?.(connectionId);
      throw new ConsoleError(
        'ALREADY_RUNNING',
        `“${row.label}” is already syncing${holder ? ` in ${holder}` : ''}.`,
        'Wait for the current sync to finish; its progress is on the Connections page.',
      );
    }
    // Letting go of the lock must never hide why the run did not start (a full disk).
    const releaseQuietly = () => {
      try {
        lease.release();
      } catch (error) {
        deps.log.warn('releasing the sync lock failed', { connectionId, error: String(error) });
      }
    };
    let runId: number;
    let provider: AtsProvider;
    const calls = new RunCalls();
    let rateLimit: RateLimit | null = null;
    try {
      // Fails early (NEEDS_REAUTH) when no usable credential is stored.
      if (!options.credential) deps.connections.loadCredential(connectionId);
      const opened = deps.connections.openProvider(connectionId, {
        credential: options.credential,
        onApiCall: (call) => {
          calls.record(call);
          for (const observer of this.apiCallObservers) observer(connectionId, call);
        },
      });
      provider = opened.provider;
      rateLimit = effectiveRateLimit(opened.row, opened.definition.defaultRateLimit);
      const now = isoNow(deps.clock);
      markInterruptedRuns(deps.db, connectionId, now);
      runId = startRun(deps.db, {
        connectionId,
        trigger: options.trigger,
        mode: options.pushOnly ? 'push' : options.full ? 'full' : 'incremental',
        now,
      });
    } catch (error) {
      releaseQuietly();
      throw error;
    }
    if (options.trigger === 'manual' || options.trigger === 'cli') {
      deps.audit(
        'sync.manual',
        connectionId,
        `${options.full ? 'Full' : 'Incremental'} sync started by hand.`,
      );
    }
    deps.events.changed('sync_runs');

    const controller = new AbortController();
    let done: Promise<SyncRunSummary>;
    try {
      done = deps.tasks.run((taskSignal) =>
        executeRun(
          deps,
          {
            runId,
            connection: row,
            definition,
            provider,
            options,
            phases: deps.phases,
            stopSignals: [controller.signal, ...(lease.lost ? [lease.lost] : [])],
            calls,
            rateLimit,
          },
          taskSignal,
        ),
      );
    } catch (error) {
      releaseQuietly();
      throw error;
    }
    const settled = done
      .catch((error: unknown) => {
        deps.log.error('sync run crashed', {
          connectionId,
          runId,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
        const ended = {
          status: 'failed' as const,
          now: isoNow(deps.clock),
          message:
            'The sync stopped because of an internal error. Try again; if it repeats, export the sync log and send it to your Kula contact.',
        };
        try {
          finishRun(deps.db, runId, ended);
        } catch (writeError) {
          // Nothing more can be written (a full disk): the next start marks the run interrupted.
          deps.log.error('recording the crashed run failed', { runId, error: String(writeError) });
        }
        return { ...getRun(deps.db, runId)!, status: ended.status, message: ended.message };
      })
      .finally(() => {
        deps.runs.delete(connectionId);
        // A lease left behind is taken over once this process is gone or its heartbeat stale.
        releaseQuietly();
      });
    void settled.then((summary) => this.announceSettled(connectionId, summary));
    deps.runs.add(connectionId, { runId, controller, done: settled });
    return { runId, done: settled };
  }

  private announceSettled(connectionId: string, summary: SyncRunSummary): void {
    for (const listener of this.settledListeners) {
      try {
        listener(connectionId, summary);
      } catch (error) {
        this.deps.log.error('run listener failed', {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}
