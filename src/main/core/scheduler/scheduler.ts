import type { ConnectionSchedule, ScheduleState } from '../../../shared/domain/schedule';
import type { SyncProgress, SyncRunSummary } from '../../../shared/domain/runs';
import type { ErrorCode } from '../../../shared/ipc/result';
import type { CoreBasics } from '../basics';
import { getConnectionRow, listConnectionRows, type ConnectionRow } from '../db/repos/connections';
import { lastPullStartedAt } from '../db/repos/sync-runs';
import { isConsoleError } from '../errors';
import type { SettingsStore } from '../settings/settings-store';
import type { StartedRun, SyncEngine } from '../sync/engine';
import type { StoredSecret } from '../vault/vault';
import { retryDelayMs } from './backoff';
import { connectionSchedule } from './connection-schedule';
import { systemTimers, type TimerHandle, type Timers } from './timers';

/**
 * The sync scheduler: every connection syncs every N minutes (the app-wide setting, or the
 * connection's own), through the same engine as "Sync now", so the engine's run lock keeps it to
 * one run per connection across every process. Plain Node; the Electron shell only tells it what
 * the OS knows (online/offline, sleep/wake) and the CLI's `watch` runs it headless.
 *
 * - **When**: a connection is due `interval` after its last sync started (a manual or CLI sync also
 *   counts; a push-only run of queued writes does not), checked against the database so another
 *   process's runs count too.
 *   Overdue at start-up or after waking: soon, after a short delay.
 * - **Pauses**: while the host says it is offline, while the connection needs re-authorization or
 *   is disconnected, while the computer sleeps, and when the admin turned it off. It resumes on
 *   its own when that changes (`db:changed` for connections, `setOnline(true)`, `resume()`).
 * - **Failures**: an unreachable ATS means offline (learned from the failure): tried again with
 *   backoff, and at once when the host reports the network back. A failure that may pass (the ATS
 *   unavailable, rate limited, an unreadable answer) is retried with backoff; others wait for the
 *   next interval. An admin is notified (`app:notice`) of the first failure of a streak, of an
 *   unreachable ATS only after three in a row (a laptop on a train is not an incident), and never
 *   twice for a refused credential (the connection service already says so).
 */

export type SchedulerDeps = Pick<CoreBasics, 'db' | 'events' | 'log'> & {
  /** The app-wide sync interval. */
  settings: Pick<SettingsStore, 'get'>;
  /** Starts the runs, and says which are going and when each ended. */
  sync: Pick<SyncEngine, 'start' | 'isRunning' | 'runningRunId' | 'onRunSettled' | 'renewLeases'>;
};

export interface SchedulerOptions {
  timers?: Timers;
  random?: () => number;
  /**
   * A per-run credential (the CLI's environment variable); stored credentials otherwise. A
   * ConsoleError thrown here (no key this process can use) is a sync that cannot start: said once,
   * tried again an interval later.
   */
  credentialFor?: (connectionId: string) => StoredSecret | undefined;
  /** Delay before an overdue connection syncs after start-up (the app settles first). */
  startupDelayMs?: number;
  /** Delay after waking or after the network returns (Wi-Fi takes a moment). */
  settleDelayMs?: number;
}

export type StartOptions = Pick<
  SchedulerOptions,
  'credentialFor' | 'startupDelayMs' | 'settleDelayMs' | 'random'
>;

type FailureKind = 'network' | 'transient' | 'other';

interface Entry {
  timer: TimerHandle | null;
  nextRunAt: number | null;
  /** A retry after a failure, replacing the interval's due time. */
  retryAt: number | null;
  failures: number;
  lastFailure: string | null;
  lastFailureKind: FailureKind | null;
  notified: boolean;
  state: ScheduleState;
  /** The run this scheduler started last (its failure is handled when its summary arrives). */
  scheduledRunId: number | null;
  /**
   * The connection row's `updated_at` when a sync could not even start (its key unreadable here):
   * it waits an interval, unless the connection changes first (reconnected, a new key).
   */
  blockedAt: string | null;
}

const NETWORK_CODES = new Set<ErrorCode>(['NETWORK']);
const TRANSIENT_CODES = new Set<ErrorCode>(['RATE_LIMITED', 'ATS_UNAVAILABLE', 'ATS_BAD_RESPONSE']);
const BUSY_RETRY_MS = 60_000;
/** How often the plan is checked against the database for what other processes changed. */
const RESCAN_MS = 60_000;
const NOTIFY_NETWORK_AFTER = 3;

export class SyncScheduler {
  private readonly timers: Timers;
  private options: SchedulerOptions;
  private readonly entries = new Map<string, Entry>();
  private readonly progress = new Map<string, SyncProgress>();
  private readonly offs: Array<() => void> = [];
  private started = false;
  private rescanTimer: TimerHandle | null = null;
  private online = true;
  private asleep = false;
  /** Nothing starts before this (start-up, waking, the network just back). */
  private notBefore = 0;

  constructor(
    private readonly deps: SchedulerDeps,
    options: SchedulerOptions = {},
  ) {
    this.options = options;
    this.timers = options.timers ?? systemTimers;
    // Progress is remembered even when not scheduling, so a window opened mid-run can show it.
    deps.events.on('sync:progress', (event) => {
      if (event.runFinished) this.progress.delete(event.connectionId);
      else this.progress.set(event.connectionId, event);
    });
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** Starts scheduling; a host may add what only it knows (the CLI's per-run credential). */
  start(options: StartOptions = {}): void {
    if (this.started) return;
    this.options = { ...this.options, ...options };
    this.started = true;
    this.notBefore = this.timers.now() + (this.options.startupDelayMs ?? 15_000);
    const { events } = this.deps;
    this.offs.push(
      // Connections added, removed, reconnected, marked for re-authorization; every run's end
      // also touches `connections`.
      events.on('db:changed', ({ tables }) => {
        if (tables.includes('connections')) this.reconcile();
      }),
      this.deps.sync.onRunSettled((connectionId, summary) => this.settled(connectionId, summary)),
    );
    this.reconcile();
    this.scheduleRescan();
  }

  /**
   * Another process on the same data folder (the app beside `watch`, `connect` or `sync` on the
   * command line) changes connections and runs syncs without this process's events: a connection
   * added there gets a schedule here, a reconnect there resumes it here, a sync there postpones
   * the next one here, within a minute.
   */
  private scheduleRescan(): void {
    this.rescanTimer = this.timers.setTimeout(() => {
      this.rescanTimer = null;
      if (!this.started) return;
      this.reconcile();
      this.scheduleRescan();
    }, RESCAN_MS);
  }

  /** Stops every timer; a running sync is left to the engine (shutdown stops it). */
  stop(): void {
    if (!this.started) return;
    this.started = false;
    if (this.rescanTimer) this.timers.clearTimeout(this.rescanTimer);
    this.rescanTimer = null;
    this.offs.splice(0).forEach((off) => off());
    for (const entry of this.entries.values()) this.clear(entry);
    this.entries.clear();
    this.emit();
  }

  /** The host's view of the network (Electron `net.isOnline`, the window's `online` events). */
  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    this.deps.log.info(online ? 'network back: resuming syncs' : 'offline: pausing syncs');
    if (online) {
      this.notBefore = this.settleTime();
      for (const entry of this.entries.values()) {
        // Whatever failed for want of a network is tried again now, not at its backoff time.
        if (entry.lastFailureKind === 'network') entry.retryAt = this.notBefore;
      }
    }
    this.reconcile();
  }

  get isOnline(): boolean {
    return this.online;
  }

  /** The computer is going to sleep: no timer fires until `resume`. */
  suspend(): void {
    this.asleep = true;
    this.reconcile();
  }

  /** The computer woke: overdue connections sync after a short delay. */
  resume(): void {
    this.asleep = false;
    // Before any other process decides this one's runs stopped answering while it slept.
    this.deps.sync.renewLeases();
    this.notBefore = this.settleTime();
    this.reconcile();
  }

  private settleTime(): number {
    return this.timers.now() + (this.options.settleDelayMs ?? 10_000);
  }

  status(): ConnectionSchedule[] {
    return listConnectionRows(this.deps.db).map((row) => this.describe(row));
  }

  describe(row: ConnectionRow): ConnectionSchedule {
    const schedule = connectionSchedule(row, this.deps.settings.get().syncIntervalMinutes);
    const entry = this.entries.get(row.id);
    const runId = this.deps.sync.runningRunId(row.id);
    let state: ScheduleState = entry?.state ?? (this.started ? 'scheduled' : 'not-running');
    if (runId !== null) state = 'running';
    else if (!this.started) state = stateOfRow(row, schedule.enabled) ?? 'not-running';
    const nextRunAt = entry?.nextRunAt ?? null;
    return {
      connectionId: row.id,
      state,
      nextRunAt: nextRunAt === null ? null : new Date(nextRunAt).toISOString(),
      intervalMinutes: schedule.intervalMinutes,
      intervalIsDefault: schedule.intervalIsDefault,
      enabled: schedule.enabled,
      consecutiveFailures: entry?.failures ?? 0,
      lastFailure: entry?.lastFailure ?? null,
      runId,
      progress: this.progress.get(row.id) ?? null,
    };
  }

  /** Re-plans every connection (a connection added, removed, reconnected; the network back…). */
  reconcile(): void {
    if (!this.started || !this.deps.db.open) return;
    const rows = listConnectionRows(this.deps.db);
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      this.plan(row);
    }
    for (const [id, entry] of this.entries) {
      if (!seen.has(id)) {
        this.clear(entry);
        this.entries.delete(id);
      }
    }
    this.emit();
  }

  private entry(connectionId: string): Entry {
    let entry = this.entries.get(connectionId);
    if (!entry) {
      entry = {
        timer: null,
        nextRunAt: null,
        retryAt: null,
        failures: 0,
        lastFailure: null,
        lastFailureKind: null,
        notified: false,
        state: 'scheduled',
        scheduledRunId: null,
        blockedAt: null,
      };
      this.entries.set(connectionId, entry);
    }
    return entry;
  }

  private clear(entry: Entry): void {
    if (entry.timer) this.timers.clearTimeout(entry.timer);
    entry.timer = null;
    entry.nextRunAt = null;
  }

  /** Decides the connection's state and sets its timer. */
  private plan(row: ConnectionRow): void {
    const entry = this.entry(row.id);
    this.clear(entry);
    const schedule = connectionSchedule(row, this.deps.settings.get().syncIntervalMinutes);
    const paused = stateOfRow(row, schedule.enabled);
    if (paused) {
      entry.state = paused;
      return;
    }
    if (this.deps.sync.isRunning(row.id)) {
      entry.state = 'running';
      return;
    }
    if (this.asleep) {
      entry.state = 'asleep';
      return;
    }
    if (entry.blockedAt !== null && entry.blockedAt !== row.updated_at) {
      entry.blockedAt = null;
      entry.retryAt = null;
    }
    const now = this.timers.now();
    if (!this.online) {
      entry.state = 'offline';
      return;
    }
    const lastStart = this.lastStartedAt(row.id);
    const intervalMs = schedule.intervalMinutes * 60_000;
    const due = Math.max(
      entry.retryAt ?? (lastStart === null ? now : lastStart + intervalMs),
      now,
      // After start-up, waking or the network's return, let things settle before an overdue sync.
      this.notBefore,
    );
    entry.state =
      entry.retryAt !== null
        ? entry.lastFailureKind === 'network'
          ? 'offline'
          : 'retrying'
        : 'scheduled';
    entry.nextRunAt = due;
    entry.timer = this.timers.setTimeout(() => this.fire(row.id), due - now);
  }

  private lastStartedAt(connectionId: string): number | null {
    // A push-only run (queued writes sent right after a local change) is not a sync of the
    // ATS's data: it does not postpone the next scheduled pull.
    const at = lastPullStartedAt(this.deps.db, connectionId);
    return at ? Date.parse(at) : null;
  }

  private fire(connectionId: string): void {
    const entry = this.entries.get(connectionId);
    if (!entry || !this.started) return;
    entry.timer = null;
    entry.nextRunAt = null;
    let started: StartedRun;
    try {
      started = this.deps.sync.start(connectionId, {
        trigger: 'scheduled',
        credential: this.options.credentialFor?.(connectionId),
      });
    } catch (error) {
      if (isConsoleError(error) && error.code === 'ALREADY_RUNNING') {
        // Another process (the CLI) is syncing it: look again in a minute.
        entry.retryAt = this.timers.now() + BUSY_RETRY_MS;
      } else if (isConsoleError(error) && error.code === 'CANCELLED') {
        return; // shutting down
      } else {
        this.startFailed(connectionId, entry, error);
      }
      this.replan(connectionId);
      return;
    }
    entry.state = 'running';
    entry.scheduledRunId = started.runId;
    this.emit();
  }

  /** Any run's end in this process (scheduled, the button, the CLI), lock already released. */
  private settled(connectionId: string, summary: SyncRunSummary): void {
    const entry = this.entries.get(connectionId);
    if (!entry || !this.started) return;
    if (summary.status === 'succeeded' && summary.mode !== 'push') {
      entry.failures = 0;
      entry.retryAt = null;
      entry.lastFailure = null;
      entry.lastFailureKind = null;
      entry.notified = false;
      entry.blockedAt = null;
    } else if (summary.status === 'cancelled') {
      entry.retryAt = null;
    } else if (summary.status === 'failed' && summary.id === entry.scheduledRunId) {
      this.scheduledRunFailed(connectionId, entry, summary);
    }
    this.replan(connectionId);
  }

  private scheduledRunFailed(connectionId: string, entry: Entry, summary: SyncRunSummary): void {
    const kind = failureKind(summary.errorCode);
    entry.failures++;
    entry.lastFailure = summary.message;
    entry.lastFailureKind = kind;
    const row = getConnectionRow(this.deps.db, connectionId);
    entry.retryAt =
      kind === 'other'
        ? null
        : this.timers.now() +
          retryDelayMs(
            kind,
            entry.failures,
            this.intervalMs(row),
            this.options.random ?? Math.random,
          );
    this.notifyFailure(connectionId, entry, summary, row);
  }

  /**
   * The engine refused to start (the stored key cannot be read in this process, the connection
   * was disconnected a moment ago…): that will not pass by itself, so the next try is an interval
   * later (sooner if the connection changes), never at once in a loop; the admin is told once.
   */
  private startFailed(connectionId: string, entry: Entry, error: unknown): void {
    const row = getConnectionRow(this.deps.db, connectionId);
    const reason = isConsoleError(error)
      ? `${error.message}${error.action ? ` ${error.action}` : ''}`
      : 'The sync could not start.';
    this.deps.log.warn('scheduled sync not started', {
      connectionId,
      error: error instanceof Error ? error.message : String(error),
    });
    entry.failures++;
    entry.lastFailure = reason;
    entry.lastFailureKind = 'other';
    entry.blockedAt = row?.updated_at ?? null;
    entry.retryAt = this.timers.now() + this.intervalMs(row);
    if (!row || entry.notified) return;
    entry.notified = true;
    this.deps.events.emit('app:notice', {
      level: 'error',
      title: `Scheduled sync of “${row.label}” could not start`,
      body: `${reason} The console tries again at ${new Date(entry.retryAt).toLocaleTimeString()}.`,
      route: '/connections',
    });
  }

  private intervalMs(row: ConnectionRow | undefined): number {
    const defaultInterval = this.deps.settings.get().syncIntervalMinutes;
    return (
      (row ? connectionSchedule(row, defaultInterval).intervalMinutes : defaultInterval) * 60_000
    );
  }

  private replan(connectionId: string): void {
    if (!this.started || !this.deps.db.open) return;
    const row = getConnectionRow(this.deps.db, connectionId);
    if (row) this.plan(row);
    this.emit();
  }

  private notifyFailure(
    connectionId: string,
    entry: Entry,
    summary: SyncRunSummary,
    row: ConnectionRow | undefined,
  ): void {
    if (!row || entry.notified) return;
    // A refused credential was announced by the connection service when it was marked.
    if (row.status === 'needs_reauth' || row.status === 'needs_reconnect') return;
    if (entry.lastFailureKind === 'network' && entry.failures < NOTIFY_NETWORK_AFTER) return;
    entry.notified = true;
    const next = entry.retryAt
      ? ` The console tries again at ${new Date(entry.retryAt).toLocaleTimeString()}.`
      : '';
    this.deps.events.emit('app:notice', {
      level: 'error',
      title: `Scheduled sync of “${row.label}” failed`,
      body: `${summary.message ?? 'The sync failed.'}${next}`,
      route: `/log?${new URLSearchParams({
        connection: connectionId,
        run: String(summary.id),
        levels: 'warn,error',
      }).toString()}`,
    });
  }

  private emit(): void {
    if (!this.deps.db.open) return;
    this.deps.events.emit('sync:schedule', this.status());
  }
}

function stateOfRow(row: ConnectionRow, enabled: boolean): ScheduleState | null {
  if (row.status === 'disabled') return 'disconnected';
  if (row.status === 'needs_reauth' || row.status === 'needs_reconnect') return 'needs-reauth';
  if (!enabled) return 'off';
  return null;
}

function failureKind(code: ErrorCode | undefined): FailureKind {
  if (code && NETWORK_CODES.has(code)) return 'network';
  if (code && TRANSIENT_CODES.has(code)) return 'transient';
  return 'other';
}
