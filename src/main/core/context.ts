import type { CoreBasics } from './basics';
import type { OAuthConnector } from './connections/oauth-connect';
import type { ConnectionService } from './connections/service';
import type { ApiUsageRecorder } from './health/api-usage';
import type { RetryPolicy } from './http/backoff';
import type { ProviderRegistry } from './providers/registry';
import type { SyncScheduler } from './scheduler/scheduler';
import type { Timers } from './scheduler/timers';
import type { SettingsStore } from './settings/settings-store';
import type { SyncLogMaintenance } from './sync-log/maintenance';
import type { SyncEngine } from './sync/engine';
import type { TaskTracker } from './tasks';
import type { AppUpdates } from './updates';
import type { Vault } from './vault/vault';
import type { WriteBackService } from './writeback/service';

/**
 * The bag of everything `openCore` built for one open data directory, as the IPC handlers and the
 * CLI commands receive it. Services never take it: each names the few parts it uses, so nothing
 * under the services imports this file.
 */
export interface CoreContext extends CoreBasics {
  dataDir: string;
  appVersion: string;
  vault: Vault;
  settings: SettingsStore;
  /** Opens a URL in the system browser. Only ever called with an allow-listed URL. */
  openExternal(url: string): Promise<void>;
  /** Long-running work that a shutdown waits for. */
  tasks: TaskTracker;
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
  /** Checks for a newer version of the app (only the installed app can update itself). */
  updates: AppUpdates;
  /** HTTP retry/timeout overrides for every provider (tests and benchmarks only). */
  http?: { retry?: Partial<RetryPolicy>; timeoutMs?: number };
}
