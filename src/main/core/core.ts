import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Handlers } from '../../shared/ipc/contract';
import type { CoreBasics } from './basics';
import { systemClock, isoNow, type Clock } from './clock';
import { OAuthConnector } from './connections/oauth-connect';
import { ConnectionService } from './connections/service';
import type { CoreContext } from './context';
import { openDatabase, type DB } from './db/database';
import { recordAudit } from './db/repos/audit';
import { EventBus } from './events';
import { createDispatcher, type Dispatch, type TrustCheck } from './ipc/dispatcher';
import { createHandlers } from './ipc/handlers';
import { openToOthers } from './db/file-permissions';
import { toStorageError } from './db/storage-errors';
import { createFileLogger, type FileLogger } from './logging/file-logger';
import { silentLogger, type Logger } from './logging/logger';
import { Redactor } from './logging/redactor';
import { databasePath, logDir } from './paths';
import type { RetryPolicy } from './http/backoff';
import type { FetchFunction } from './http/wire';
import { createProviderRegistry } from './providers';
import type { ProviderRegistry } from './providers/registry';
import type { SettingsStore } from './settings/settings-store';
import { ApiUsageRecorder } from './health/api-usage';
import { SyncScheduler } from './scheduler/scheduler';
import { systemTimers, type Timers } from './scheduler/timers';
import { SyncLogMaintenance } from './sync-log/maintenance';
import { createAtsToKulaPhase } from './sync/ats-to-kula';
import { DbRunLock, type DbRunLockOptions } from './sync/db-run-lock';
import { SyncEngine } from './sync/engine';
import { pullPhase } from './sync/pull';
import { RunningSyncs } from './sync/running-syncs';
import type { SecretCipher } from './vault/cipher';
import { TaskTracker } from './tasks';
import { Vault } from './vault/vault';
import { APP_VERSION } from './version';
import { createPushPhase, DEFAULT_OUTBOX_POLICY, type OutboxPolicy } from './writeback/push-phase';
import { WriteBackService } from './writeback/service';
import { updatesUnavailable, type AppUpdatesFactory } from './updates';

export interface CoreOptions {
  dataDir: string;
  cipher: SecretCipher;
  settings: SettingsStore;
  /** better-sqlite3 binary for the running runtime (Electron passes its own build). */
  nativeBinding?: string;
  clock?: Clock;
  /** Timers for the scheduler, lock heartbeats and log upkeep; also the clock when none given. */
  timers?: Timers;
  /** Names this process to others that find it syncing: `app`, `cli`, `watch`. */
  processLabel?: string;
  logger?: Logger;
  /** The redactor `logger` already uses (the app's log is opened before the core). */
  redactor?: Redactor;
  /** Checking for a newer app version (the installed desktop app); none elsewhere. */
  updates?: AppUpdatesFactory;
  actor?: string;
  openExternal?: (url: string) => Promise<void>;
  /** Replaces the built-in provider registry (tests). */
  providers?: ProviderRegistry;
  /** HTTP retry/timeout overrides for every provider (tests and benchmarks). */
  http?: { retry?: Partial<RetryPolicy>; timeoutMs?: number };
  /**
   * How requests to the ATSs leave this computer, chosen by the host: Electron's `net.fetch` in
   * the app (the OS proxy and trust store), undici's with the environment's proxy in the CLI
   * (`http/node-fetch.ts`).
   */
  fetch: FetchFunction;
  /** Outbox backoff and concurrency overrides (tests). */
  outbox?: Partial<OutboxPolicy>;
  /** Run lock heartbeat and staleness overrides (tests). */
  runLock?: Partial<Pick<DbRunLockOptions, 'heartbeatMs' | 'staleMs'>>;
  /**
   * Send queued writes shortly after each local change (the app). Off for the CLI, which sends
   * them with `sync`, and for tests that drive runs themselves.
   */
  autoPush?: boolean;
  /**
   * The host only reads (CLI `status`, `candidates list`…): the database is opened read-only when
   * it is current, so a folder that cannot be written still answers, and nothing is written at
   * shutdown.
   */
  readonly?: boolean;
}

export interface ConsoleCore {
  context: CoreContext;
  handlers: Handlers;
  /** The IPC boundary for a host: pass its own trust check for callers. */
  createDispatch(isTrusted: TrustCheck): Dispatch;
  /**
   * Stops the scheduler and upkeep, asks running syncs to stop at a page boundary, waits for
   * them, saves the API usage counters and the search index, then closes the database.
   */
  shutdown(): Promise<void>;
  /** Starts what a long-lived host runs in the background: the scheduler and log upkeep. */
  startBackground(options?: Parameters<SyncScheduler['start']>[0]): void;
  close(): void;
  /** Things the host should tell the admin once (a data folder other users can read). */
  warnings: string[];
}

/**
 * Opens a data directory: the database (migrated), the vault, settings and the handler map. Both
 * the Electron shell and the CLI start here; neither needs the other.
 *
 * Each service is built once, after what it depends on, and given only what it uses:
 * basics → vault → the runs registry → connections, OAuth → sync engine (its lock and phases) →
 * API usage counters → sync log upkeep → scheduler → write-back. The context handed to the IPC
 * handlers and the CLI is the bag of what was built.
 */
export function openCore(options: CoreOptions): ConsoleCore {
  const { basics, ownLogger } = openBasics(options);
  const { db, clock, events, log, redactor, audit, actor } = basics;
  const timers = options.timers ?? systemTimers;
  const settings = options.settings;
  const providers = options.providers ?? createProviderRegistry();
  const openExternal = options.openExternal ?? (async () => undefined);
  const tasks = new TaskTracker();

  const vault = new Vault({ db, redactor, cipher: options.cipher });
  const runs = new RunningSyncs();
  const connections = new ConnectionService({
    db,
    clock,
    events,
    log,
    audit,
    redactor,
    vault,
    providers,
    runs,
    http: options.http,
    fetch: options.fetch,
  });
  const oauth = new OAuthConnector({
    clock,
    log,
    redactor,
    fetch: options.fetch,
    providers,
    vault,
    connections,
    openExternal,
  });
  const sync = new SyncEngine({
    db,
    clock,
    events,
    log,
    redactor,
    audit,
    providers,
    connections,
    tasks,
    runs,
    lock: new DbRunLock({
      db,
      processLabel: options.processLabel ?? 'console',
      timers,
      log,
      ...options.runLock,
    }),
    phases: [
      pullPhase,
      createAtsToKulaPhase(),
      createPushPhase({ ...DEFAULT_OUTBOX_POLICY, ...options.outbox }),
    ],
  });
  const apiUsage = new ApiUsageRecorder({ db, clock, timers, log });
  sync.observeApiCalls((connectionId, call) => apiUsage.record(connectionId, call));
  events.on('sync:progress', (progress) => {
    if (progress.runFinished) apiUsage.flush();
  });
  const logMaintenance = new SyncLogMaintenance({ db, events, settings, timers, log });
  const scheduler = new SyncScheduler({ db, events, log, settings, sync }, { timers });
  const writeBack = new WriteBackService(
    { db, clock, events, log, audit, actor, providers, connections, sync, tasks, timers },
    { autoPush: options.autoPush === true, debounceMs: 1500 },
  );

  const updates = options.updates ? options.updates({ log, events, clock }) : updatesUnavailable();

  const warnings = dataFolderWarnings(options.dataDir);
  for (const warning of warnings) log.warn(warning);

  const context: CoreContext = {
    ...basics,
    dataDir: options.dataDir,
    appVersion: APP_VERSION,
    vault,
    settings,
    openExternal,
    tasks,
    providers,
    connections,
    sync,
    oauth,
    scheduler,
    logMaintenance,
    apiUsage,
    timers,
    writeBack,
    updates,
    ...(options.http ? { http: options.http } : {}),
  };
  const handlers = createHandlers(context);
  return {
    context,
    handlers,
    createDispatch: (isTrusted) =>
      createDispatcher(handlers, isTrusted, log, {
        redactor,
        explain: (error) => toStorageError(error, { dataDir: options.dataDir }),
      }),
    warnings,
    startBackground: (schedulerOptions) => {
      connections.verifyStoredCredentials();
      logMaintenance.start();
      scheduler.start(schedulerOptions);
    },
    shutdown: async () => {
      oauth.cancelAll();
      scheduler.stop();
      logMaintenance.stop();
      writeBack.close();
      await tasks.shutdown();
      if (db.open) {
        // Each is its own best effort: a full disk or a read-only file loses a counter or an
        // index catch-up (both redone later), never the close.
        if (!db.readonly) {
          try {
            apiUsage.flush();
            logMaintenance.flushIndex();
          } catch (error) {
            log.warn('usage counters or search index not saved at shutdown', {
              error: error instanceof Error ? error.message : String(error),
            });
          }
        }
        db.close();
      }
      // Every line written before the process exits (the CLI's log writes in the background).
      if (ownLogger) await ownLogger.close();
      else await log.flush?.();
    },
    close: () => {
      writeBack.close();
      if (db.open) db.close();
    },
  };
}

/**
 * What every service may use and that depends on none: the first thing built. A data folder or
 * database the machine does not let the console use is a StorageError that names the path and
 * says what to do, logged when the log can be written.
 */
function openBasics(options: CoreOptions): { basics: CoreBasics; ownLogger?: FileLogger } {
  const redactor = options.redactor ?? new Redactor();
  const place = { dataDir: options.dataDir, file: databasePath(options.dataDir) };
  let log: Logger = options.logger ?? silentLogger;
  // The CLI's log unless the host brings its own (the app's goes through electron-log).
  let ownLogger: FileLogger | undefined;
  let db: DB;
  try {
    if (!options.readonly || !fs.existsSync(options.dataDir)) {
      fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    }
    if (!options.logger) log = ownLogger = openLog(options.dataDir, redactor);
    db = openDatabase(place.file, {
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      readonly: options.readonly === true,
      checkIntegrity: true,
    });
  } catch (error) {
    const storage = toStorageError(error, place);
    if (!storage) throw error;
    log.error('data folder cannot be used', { ...place, error: storage.message });
    throw storage;
  }
  const clock = options.clock ?? options.timers ?? systemClock;
  const actor = options.actor ?? safeUserName();
  const events = new EventBus();
  const basics: CoreBasics = {
    db,
    clock,
    events,
    log,
    redactor,
    actor,
    audit(action, target, summary) {
      recordAudit(db, {
        at: isoNow(clock),
        actor,
        action,
        target,
        summary: redactor.text(summary),
      });
      events.changed('audit_log');
    },
  };
  return ownLogger ? { basics, ownLogger } : { basics };
}

/**
 * The CLI's diagnostic log. Its folder is made private first; where it cannot be written the
 * logger drops lines rather than stop the process.
 */
function openLog(dataDir: string, redactor: Redactor): FileLogger {
  try {
    fs.mkdirSync(logDir(dataDir), { recursive: true, mode: 0o700 });
  } catch {
    // The logger itself copes with a folder it cannot write.
  }
  return createFileLogger(logDir(dataDir), redactor);
}

function dataFolderWarnings(dataDir: string): string[] {
  return openToOthers(dataDir)
    ? [
        `The data folder ${dataDir} can be read by other users of this computer; it holds your candidates' data. Make it private: chmod 700 "${dataDir}".`,
      ]
    : [];
}

export function defaultSettingsFile(dataDir: string): string {
  return path.join(dataDir, 'settings.json');
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'admin';
  }
}
