import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Handlers } from '../../shared/ipc/contract';
import { systemClock, isoNow, type Clock } from './clock';
import { OAuthConnector } from './connections/oauth-connect';
import { ConnectionService } from './connections/service';
import type { CoreContext } from './context';
import { openDatabase, type DB } from './db/database';
import { recordAudit } from './db/repos/audit';
import { EventBus } from './events';
import { createDispatcher, type Dispatch, type TrustCheck } from './ipc/dispatcher';
import { createHandlers } from './ipc/handlers';
import { createFileLogger, type Logger } from './logging/logger';
import { Redactor } from './logging/redactor';
import { databasePath, logDir } from './paths';
import type { RetryPolicy } from './http/backoff';
import { createProviderRegistry } from './providers';
import type { ProviderRegistry } from './providers/registry';
import type { SettingsStore } from './settings/settings-store';
import { ApiUsageRecorder } from './health/api-usage';
import { SyncScheduler } from './scheduler/scheduler';
import { systemTimers, type Timers } from './scheduler/timers';
import { SyncLogMaintenance } from './sync-log/maintenance';
import { DbRunLock } from './sync/db-run-lock';
import { createAtsToKulaPhase } from './sync/ats-to-kula';
import { SyncEngine } from './sync/engine';
import type { SecretCipher } from './vault/cipher';
import { TaskTracker } from './tasks';
import { Vault } from './vault/vault';
import { APP_VERSION } from './version';
import { createPushPhase, DEFAULT_OUTBOX_POLICY, type OutboxPolicy } from './writeback/push-phase';
import { WriteBackService } from './writeback/service';

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
  actor?: string;
  openExternal?: (url: string) => Promise<void>;
  /** Replaces the built-in provider registry (tests). */
  providers?: ProviderRegistry;
  /** HTTP retry/timeout overrides for every provider (tests and benchmarks). */
  http?: { retry?: Partial<RetryPolicy>; timeoutMs?: number };
  /** Outbox backoff and concurrency overrides (tests). */
  outbox?: Partial<OutboxPolicy>;
  /**
   * Send queued writes shortly after each local change (the app). Off for the CLI, which sends
   * them with `sync`, and for tests that drive runs themselves.
   */
  autoPush?: boolean;
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
}

/**
 * Opens a data directory: the database (migrated), the vault, settings and the handler map. Both
 * the Electron shell and the CLI start here; neither needs the other.
 */
export function openCore(options: CoreOptions): ConsoleCore {
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const redactor = new Redactor();
  const log = options.logger ?? createFileLogger(logDir(options.dataDir), redactor);
  const timers = options.timers ?? systemTimers;
  const clock = options.clock ?? (options.timers ? timers : systemClock);
  const dbOptions = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  const db: DB = openDatabase(databasePath(options.dataDir), dbOptions);
  const actor = options.actor ?? safeUserName();

  const context = {
    db,
    dataDir: options.dataDir,
    appVersion: APP_VERSION,
    events: new EventBus(),
    vault: new Vault(db, options.cipher, redactor),
    settings: options.settings,
    clock,
    log,
    redactor,
    actor,
    openExternal: options.openExternal ?? (async () => undefined),
    tasks: new TaskTracker(),
    timers,
    audit(action, target, summary) {
      recordAudit(db, {
        at: isoNow(clock),
        actor,
        action,
        target,
        summary: redactor.text(summary),
      });
      context.events.changed('audit_log');
    },
    providers: options.providers ?? createProviderRegistry(),
    ...(options.http ? { http: options.http } : {}),
  } as CoreContext;
  // The services hold the context they belong to, so they are added once it exists.
  context.connections = new ConnectionService(context);
  context.sync = new SyncEngine(context);
  context.sync.addPhase(createAtsToKulaPhase());
  context.sync.addPhase(createPushPhase({ ...DEFAULT_OUTBOX_POLICY, ...options.outbox }));
  context.oauth = new OAuthConnector(context);
  context.sync.setLock(
    new DbRunLock({ db, processLabel: options.processLabel ?? 'console', timers, log }),
  );
  context.apiUsage = new ApiUsageRecorder(db, clock, timers, log);
  context.sync.observeApiCalls((connectionId, call) => context.apiUsage.record(connectionId, call));
  context.events.on('sync:progress', (progress) => {
    if (progress.runFinished) context.apiUsage.flush();
  });
  context.logMaintenance = new SyncLogMaintenance({
    db,
    events: context.events,
    settings: options.settings,
    timers,
    log,
  });
  context.scheduler = new SyncScheduler(context, { timers });
  context.writeBack = new WriteBackService(context, {
    autoPush: options.autoPush === true,
    debounceMs: 1500,
  });
  context.connections.beforeDetach = async (connectionId) => {
    await context.sync.cancel(connectionId);
  };
  const handlers = createHandlers(context);
  return {
    context,
    handlers,
    createDispatch: (isTrusted) => createDispatcher(handlers, isTrusted, log),
    startBackground: (schedulerOptions) => {
      context.connections.verifyStoredCredentials();
      context.logMaintenance.start();
      context.scheduler.start(schedulerOptions);
    },
    shutdown: async () => {
      context.oauth.cancelAll();
      context.scheduler.stop();
      context.logMaintenance.stop();
      context.writeBack.close();
      await context.tasks.shutdown();
      if (db.open) {
        context.apiUsage.flush();
        try {
          context.logMaintenance.flushIndex();
        } catch (error) {
          log.warn('search index not brought up to date at shutdown', {
            error: error instanceof Error ? error.message : String(error),
          });
        }
        db.close();
      }
    },
    close: () => {
      context.writeBack.close();
      if (db.open) db.close();
    },
  };
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
