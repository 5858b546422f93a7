import type { Clock } from './clock';
import type { OAuthConnector } from './connections/oauth-connect';
import type { ConnectionService } from './connections/service';
import type { DB } from './db/database';
import type { EventBus } from './events';
import type { RetryPolicy } from './http/backoff';
import type { Logger } from './logging/logger';
import type { Redactor } from './logging/redactor';
import type { ProviderRegistry } from './providers/registry';
import type { SettingsStore } from './settings/settings-store';
import type { SyncEngine } from './sync/engine';
import type { TaskTracker } from './tasks';
import type { Vault } from './vault/vault';

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
  /** Runs syncs (one per connection at a time). */
  sync: SyncEngine;
  /** Connects an ATS through its OAuth app (browser, loopback redirect, token exchange). */
  oauth: OAuthConnector;
  /** HTTP retry/timeout overrides for every provider (tests and benchmarks only). */
  http?: { retry?: Partial<RetryPolicy>; timeoutMs?: number };
}
