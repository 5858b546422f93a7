import type { Clock } from './clock';
import type { OAuthConnector } from './connections/oauth-connect';
import type { ConnectionService } from './connections/service';
import type { DB } from './db/database';
import type { EventBus } from './events';
import type { ApiUsageRecorder } from './health/api-usage';
import type { RetryPolicy } from './http/backoff';
import type { Logger } from './logging/logger';
import type { Redactor } from './logging/redactor';
import type { ProviderRegistry } from './providers/registry';
import type { SyncScheduler } from './scheduler/scheduler';
import type { Timers } from './scheduler/timers';
import type { SettingsStore } from './settings/settings-store';
import type { SyncLogMaintenance } from './sync-log/maintenance';
import type { SyncEngine } from './sync/engine';
import type { TaskTracker } from './tasks';
import type { Vault } from './vault/vault';
import type { WriteBackService } from './writeback/service';

/** Everything a handler or service needs, created once per open data directory. */
export interface CoreContext {
  db: DB;
  dataDir: string;
  appVersion: string;
  events: EventBus;
  vault: Vault;
  settings: SettingsStore;
  clock: Clock;
  log: Logger;
  redactor: Redactor;
  /** Who is acting, for the audit trail: the OS user in the app, `cli:<user>` in the CLI. */
  actor: string;
  /** Opens a URL in the system browser. Only ever called with an allow-listed URL. */
  openExternal(url: string): Promise<void>;
  /** Long-running work that a shutdown waits for. */
  tasks: TaskTracker;
  /** Appends to the audit trail. */
  audit(action: string, target: string | null, summary: string): void;
  /** The ATS providers this build knows (providers/index.ts registers them). */
  providers: ProviderRegistry;
  /** Connections: check, save, re-check, disconnect, remove, open a provider. */
  connections: ConnectionService;
  /** Runs syncs (one per connection at a time, across processes). */
  sync: SyncEngine;
  /** Connects an ATS through its OAuth app (browser, loopback redirect, token exchange). */
  oauth: OAuthConnector;
  /** Automatic syncs; started by long-lived hosts (the app, `kula-console watch`). */
  scheduler: SyncScheduler;
  /** Search index and size cap of the sync log. */
  logMaintenance: SyncLogMaintenance;
  /** Per-minute API usage per connection, for the health view. */
  apiUsage: ApiUsageRecorder;
  /** Timers for the scheduler, heartbeats and upkeep (a fake in tests). */
  timers: Timers;
  /** The outbox of writes to the ATSs: list, counts, retry, discard, send now. */
  writeBack: WriteBackService;
  /** HTTP retry/timeout overrides for every provider (tests and benchmarks only). */
  http?: { retry?: Partial<RetryPolicy>; timeoutMs?: number };
}
