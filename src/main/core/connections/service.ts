import crypto from 'node:crypto';
import type {
  ConnectionCheck,
  ConnectionSummary,
  ProviderKind,
  RateLimitSetting,
} from '../../../shared/domain/connections';
import type { CoreBasics } from '../basics';
import { isoNow } from '../clock';
import { inTransaction } from '../db/database';
import {
  connectionConfig,
  deleteConnection,
  effectiveRateLimit,
  getConnectionRow,
  insertConnection,
  listConnectionSummaries,
  saveConnectionCheck,
  setConnectionAuthMode,
  setConnectionStatus,
  updateConnectionConfig,
  updateConnectionLabel,
  type ConnectionRow,
} from '../db/repos/connections';
import { ConsoleError } from '../errors';
import { listAtsUsers } from '../db/repos/ats-users';
import { deleteRateLimitBucket } from '../db/repos/rate-limit-buckets';
import { DbRefreshLease } from '../oauth/refresh-lease';
import type {
  AtsProvider,
  ApiCallRecord,
  CredentialAccess,
  ProviderContext,
} from '../providers/provider';
import { withLearned } from '../providers/learned';
import { assertVaultAvailable, notFound } from './refusals';
import type { ProviderDefinition, ProviderRegistry } from '../providers/registry';
import type { RunningSyncs } from '../sync/running-syncs';
import type { StoredSecret, Vault } from '../vault/vault';
import { checkSavedBaseUrl, hostOf, normalizeBaseUrl } from './base-url';
import { carryOverRequests, sharedLimiterRegistry } from './shared-rate-limits';
import { heldCredential } from './held-credential';
import { chooseWriteUser } from './write-user';
import { StoredCredentials } from './stored-credentials';

/**
 * Connections, provider-neutral: validate a credential before anything is saved, save a
 * connection with its credential encrypted, re-check it, change its settings, disconnect
 * (credential forgotten, cached data kept) or remove it (cached data deleted too), and build a
 * provider instance for a connection (`openProvider`) with the connection's shared rate limiter.
 * OAuth flows (Lever) end in `create` / `replaceCredential` like an API key does.
 */

export interface CredentialInput {
  provider: ProviderKind;
  /** API host; the provider's default when absent. */
  baseUrl?: string | undefined;
  secret: StoredSecret;
  /** Non-secret settings saved with the connection (e.g. Lever's OAuth host and granted scopes). */
  config?: Record<string, unknown> | undefined;
}

export interface OpenOptions {
  /** Use this credential instead of the stored one (the CLI's per-run key). */
  credential?: StoredSecret | undefined;
  onApiCall?: (call: ApiCallRecord) => void;
}

export type ConnectionServiceDeps = Pick<
  CoreBasics,
  'db' | 'clock' | 'events' | 'log' | 'audit' | 'redactor'
> & {
  vault: Vault;
  providers: ProviderRegistry;
  /**
   * The syncs going in this process. A connection's run is stopped here before its credential is
   * forgotten or its data deleted, so no run goes on with a key that is gone. This registry is
   * built before both this service and the sync engine (which adds its runs to it), which keeps
   * that rule inside the service that detaches, where no caller can skip it, without the service
   * needing the engine or being completed after it.
   */
  runs: Pick<RunningSyncs, 'stop'>;
  /** HTTP retry/timeout overrides for every provider (tests and benchmarks only). */
  http?: ProviderContext['http'];
  /** The host's fetch, handed to every provider. */
  fetch: ProviderContext['fetch'];
};

export class ConnectionService {
  /** Each connection's rate limit, shared with every other process on the data folder. */
  private readonly limiters: ReturnType<typeof sharedLimiterRegistry>;
  private readonly credentials: StoredCredentials;

  constructor(private readonly deps: ConnectionServiceDeps) {
    this.credentials = new StoredCredentials(deps);
    this.limiters = sharedLimiterRegistry(deps.db);
  }

  list(): ConnectionSummary[] {
    return listConnectionSummaries(this.deps.db, (provider) =>
      this.deps.providers.has(provider) ? this.deps.providers.get(provider).defaultRateLimit : null,
    );
  }

  summary(connectionId: string): ConnectionSummary {
    const found = this.list().find((connection) => connection.id === connectionId);
    if (!found) throw notFound(connectionId);
    return found;
  }

  row(connectionId: string): ConnectionRow {
    const row = getConnectionRow(this.deps.db, connectionId);
    if (!row) throw notFound(connectionId);
    return row;
  }

  /** Checks a credential that is not saved yet. Saves nothing. */
  async check(input: CredentialInput, signal?: AbortSignal): Promise<ConnectionCheck> {
    return (await this.validate(input, signal)).check;
  }

  /**
   * Checks a credential that is not stored yet, and returns it as it stands after the check: an
   * OAuth pair whose access token expires within the renewal margin is renewed during the check,
   * and the ATS rotates the refresh token, so the pair given is dead by then (Lever refuses a
   * rotated-away refresh token and revokes the whole authorization). The caller stores the pair
   * returned, never the one it passed in.
   */
  private async validate(
    input: CredentialInput,
    signal?: AbortSignal,
  ): Promise<{ check: ConnectionCheck; secret: StoredSecret }> {
    const definition = this.deps.providers.get(input.provider);
    const baseUrl = normalizeBaseUrl(input.baseUrl, definition);
    this.deps.vault.registerSecret(input.secret);
    const held = heldCredential(input.secret, (secret) => this.deps.vault.registerSecret(secret));
    const provider = definition.create(
      this.providerContext({
        connectionId: unsavedConnectionId(input.provider),
        baseUrl,
        config: input.config ?? {},
        credentials: held,
        limit: definition.defaultRateLimit,
        onApiCall: () => undefined,
      }),
    );
    try {
      const check = this.scrub(await provider.checkConnection(signal));
      return { check, secret: held.load() };
    } finally {
      provider.close?.();
    }
  }

  /**
   * Validates the credential, then saves the connection and (when `storeCredential`) the
   * credential, encrypted. Without storing, the CLI passes the credential per run.
   */
  async create(
    input: CredentialInput & { label?: string | undefined; storeCredential: boolean },
  ): Promise<{ connection: ConnectionSummary; check: ConnectionCheck }> {
    const definition = this.deps.providers.get(input.provider);
    const baseUrl = normalizeBaseUrl(input.baseUrl, definition);
    if (input.storeCredential) assertVaultAvailable(this.deps.vault);
    const existing = this.list().find(
      (connection) => connection.provider === input.provider && connection.baseUrl === baseUrl,
    );
    if (existing) {
      throw new ConsoleError(
        'CONFLICT',
        `${definition.label} at ${hostOf(baseUrl)} is already connected as “${existing.label}”.`,
        'To use a new key, choose “Reconnect” on that connection; to start over, remove it first.',
      ).needsReconnect({ connectionId: existing.id, provider: existing.provider });
    }
    const { check, secret } = await this.validate({ ...input, baseUrl });
    const id = `${input.provider}-${crypto.randomBytes(4).toString('hex')}`;
    const now = isoNow(this.deps.clock);
    const label =
      input.label?.trim() ||
      (baseUrl === definition.defaultBaseUrl
        ? definition.label
        : `${definition.label} (${hostOf(baseUrl)})`);
    inTransaction(this.deps.db, () => {
      insertConnection(this.deps.db, {
        id,
        provider: input.provider,
        label,
        baseUrl,
        authMode: input.secret.kind,
        ...(input.config ? { config: input.config } : {}),
        now,
      });
      saveConnectionCheck(this.deps.db, id, check, now);
      if (input.storeCredential) this.deps.vault.store(id, secret, now);
    });
    // The check's requests count against the new connection's limit, so a sync started at once
    // does not spend a full burst on top of them.
    carryOverRequests(
      this.deps.db,
      unsavedConnectionId(input.provider),
      id,
      definition.defaultRateLimit,
    );
    this.deps.audit(
      'connection.connect',
      id,
      `Connected ${definition.label} at ${hostOf(baseUrl)}${check.accountLabel ? ` (key “${check.accountLabel}”)` : ''}${input.storeCredential ? '' : '; credential not stored'}.`,
    );
    this.deps.events.changed('connections', 'credentials');
    return { connection: this.summary(id), check };
  }

  /** Re-runs the check with the stored (or given) credential and keeps the result. */
  async recheck(
    connectionId: string,
    credential?: StoredSecret,
    signal?: AbortSignal,
  ): Promise<ConnectionCheck> {
    const { provider } = this.openProvider(connectionId, { credential });
    try {
      const check = this.scrub(await provider.checkConnection(signal));
      saveConnectionCheck(this.deps.db, connectionId, check, isoNow(this.deps.clock));
      this.deps.events.changed('connections');
      return check;
    } finally {
      provider.close?.();
    }
  }

  /**
   * A new credential for an existing connection (reconnect): validated, stored, status reset.
   * `configPatch` updates non-secret settings that come with the credential (Lever's granted
   * scopes); the rest of the connection's settings are kept. The auth mode may change (a Lever
   * connection moving from an API key to OAuth).
   */
  async replaceCredential(
    connectionId: string,
    secret: StoredSecret,
    configPatch: Record<string, unknown> = {},
  ): Promise<ConnectionCheck> {
    const row = this.row(connectionId);
    const definition = this.deps.providers.get(row.provider);
    assertVaultAvailable(this.deps.vault);
    const config = { ...connectionConfig(row), ...configPatch };
    // What was learned about the old credential (its access level) may not hold for the new one.
    delete config.learned;
    const checked = await this.validate({
      provider: row.provider,
      baseUrl: row.base_url,
      secret,
      config,
    });
    const { check } = checked;
    const now = isoNow(this.deps.clock);
    inTransaction(this.deps.db, () => {
      this.deps.vault.store(connectionId, checked.secret, now);
      setConnectionAuthMode(this.deps.db, connectionId, secret.kind, now);
      updateConnectionConfig(this.deps.db, connectionId, config, now);
      setConnectionStatus(this.deps.db, connectionId, 'connected', now);
      saveConnectionCheck(this.deps.db, connectionId, check, now);
    });
    carryOverRequests(
      this.deps.db,
      unsavedConnectionId(row.provider),
      connectionId,
      effectiveRateLimit(row, definition.defaultRateLimit),
    );
    this.deps.audit(
      'connection.reconnect',
      connectionId,
      `New ${definition.label} credential saved.`,
    );
    this.deps.events.changed('connections', 'credentials');
    return check;
  }

  /**
   * Chooses the ATS user the console's writes are attributed to (Lever `perform_as`), from the
   * users the import cached; null clears it. The connection is then checked again, so its saved
   * check shows the choice (a failed re-check keeps the choice and the old check).
   */
  async setWriteUser(connectionId: string, userId: string | null): Promise<ConnectionSummary> {
    const row = this.row(connectionId);
    const config = connectionConfig(row);
    let summary = 'cleared';
    if (userId === null) {
      delete config.performAs;
    } else {
      const user = chooseWriteUser(listAtsUsers(this.deps.db, connectionId), userId);
      config.performAs = user.id;
      summary = `${user.name}${user.email ? ` <${user.email}>` : ''}`;
    }
    updateConnectionConfig(this.deps.db, connectionId, config, isoNow(this.deps.clock));
    this.deps.audit('connection.write-user', connectionId, `Writes attributed to: ${summary}.`);
    this.deps.events.changed('connections');
    if (row.status === 'connected') {
      await this.recheck(connectionId).catch((error: unknown) =>
        this.deps.log.warn('re-check after choosing the write user failed', {
          connectionId,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
    }
    return this.summary(connectionId);
  }

  updateSettings(
    connectionId: string,
    patch: {
      label?: string | undefined;
      rateLimit?: RateLimitSetting | 'off' | 'default' | undefined;
    },
  ): ConnectionSummary {
    const row = this.row(connectionId);
    const now = isoNow(this.deps.clock);
    const changes: string[] = [];
    if (patch.label !== undefined && patch.label.trim() !== row.label) {
      updateConnectionLabel(this.deps.db, connectionId, patch.label.trim(), now);
      changes.push(`label “${row.label}” → “${patch.label.trim()}”`);
    }
    if (patch.rateLimit !== undefined) {
      const config = connectionConfig(row);
      if (patch.rateLimit === 'default') delete config.rateLimit;
      else config.rateLimit = patch.rateLimit;
      updateConnectionConfig(this.deps.db, connectionId, config, now);
      changes.push(
        `request limit → ${
          patch.rateLimit === 'default'
            ? 'default'
            : patch.rateLimit === 'off'
              ? 'off'
              : `${patch.rateLimit.perSecond}/s, bursts of ${patch.rateLimit.burst}`
        }`,
      );
    }
    if (changes.length) {
      this.deps.audit('connection.settings', connectionId, changes.join('; '));
      this.deps.events.changed('connections');
    }
    return this.summary(connectionId);
  }

  /** Stops syncing at once and forgets the credential; cached data stays until removed. */
  async disconnect(connectionId: string): Promise<ConnectionSummary> {
    const row = this.row(connectionId);
    await this.deps.runs.stop(connectionId);
    const now = isoNow(this.deps.clock);
    inTransaction(this.deps.db, () => {
      this.deps.vault.remove(connectionId);
      setConnectionStatus(this.deps.db, connectionId, 'disabled', now);
    });
    this.limiters.forget(connectionId);
    this.deps.audit(
      'connection.disconnect',
      connectionId,
      `Disconnected “${row.label}”; the credential was forgotten, cached data kept.`,
    );
    this.deps.events.changed('connections', 'credentials');
    return this.summary(connectionId);
  }

  /** Deletes the connection, its credential and its cached data (the sync log stays). */
  async remove(connectionId: string): Promise<void> {
    const row = this.row(connectionId);
    await this.deps.runs.stop(connectionId);
    inTransaction(this.deps.db, () => {
      deleteConnection(this.deps.db, connectionId);
      deleteRateLimitBucket(this.deps.db, connectionId);
    });
    this.limiters.forget(connectionId);
    this.deps.audit(
      'connection.remove',
      connectionId,
      `Removed “${row.label}” and its cached data.`,
    );
    this.deps.events.changed(
      'connections',
      'credentials',
      'sync_runs',
      'ats_jobs',
      'ats_candidates',
      'ats_applications',
      'ats_stages',
    );
  }

  /** A provider instance for a saved connection. */
  openProvider(
    connectionId: string,
    options: OpenOptions = {},
  ): { provider: AtsProvider; definition: ProviderDefinition; row: ConnectionRow } {
    const row = this.row(connectionId);
    const definition = this.deps.providers.get(row.provider);
    const baseUrl = checkSavedBaseUrl(row.base_url, definition, row.label);
    if (options.credential) this.deps.vault.registerSecret(options.credential);
    const lease = new DbRefreshLease(this.deps.db, connectionId, this.deps.clock);
    const credentials: CredentialAccess = options.credential
      ? heldCredential(options.credential, (secret) => this.deps.vault.registerSecret(secret))
      : {
          load: () => this.loadCredential(connectionId),
          save: (secret) => this.deps.vault.store(connectionId, secret, isoNow(this.deps.clock)),
          markNeedsReauth: (reason) => this.markNeedsReauth(connectionId, reason),
          lock: (signal) => lease.acquire(signal),
        };
    const provider = definition.create(
      this.providerContext({
        connectionId,
        baseUrl,
        config: connectionConfig(row),
        credentials,
        limit: effectiveRateLimit(row, definition.defaultRateLimit),
        onApiCall: options.onApiCall ?? (() => undefined),
        learn: (values) => this.rememberLearned(connectionId, values),
      }),
    );
    return { provider, definition, row };
  }

  /**
   * The stored credential, decrypted. One that cannot be decrypted here marks the connection
   * "needs reconnect" (syncs pause, nothing is sent with it, queued changes stay) and throws.
   */
  loadCredential(connectionId: string): StoredSecret {
    return this.credentials.load(connectionId);
  }

  /** Connects a "needs reconnect" connection again when its credential decrypts here after all. */
  clearStaleMark(connectionId: string): void {
    this.credentials.clearStaleMark(connectionId);
  }

  /**
   * Checks once (at start-up) that every active connection's stored credential can be decrypted,
   * so one that cannot shows "needs reconnect" before any sync is tried.
   */
  verifyStoredCredentials(): void {
    this.credentials.verifyAll();
  }

  /** The ATS refused the connection's credential: its syncs pause until the admin reconnects. */
  markNeedsReauth(connectionId: string, reason: string): void {
    this.credentials.markNeedsReauth(connectionId, reason);
  }

  /** Merges what a provider learned about the credential into the connection's settings. */
  private rememberLearned(connectionId: string, values: Record<string, unknown>): void {
    const row = getConnectionRow(this.deps.db, connectionId);
    if (!row) return;
    const config = withLearned(connectionConfig(row), values);
    updateConnectionConfig(this.deps.db, connectionId, config, isoNow(this.deps.clock));
    this.deps.events.changed('connections');
  }

  private providerContext(input: {
    connectionId: string;
    baseUrl: string;
    config: Record<string, unknown>;
    credentials: CredentialAccess;
    limit: RateLimitSetting | null;
    onApiCall: (call: ApiCallRecord) => void;
    learn?: (values: Record<string, unknown>) => void;
  }): ProviderContext {
    return {
      connectionId: input.connectionId,
      baseUrl: input.baseUrl,
      config: input.config,
      credentials: input.credentials,
      limiter: this.limiters.get(input.connectionId, input.limit),
      ...(this.deps.http ? { http: this.deps.http } : {}),
      fetch: this.deps.fetch,
      onApiCall: input.onApiCall,
      ...(input.learn ? { learn: input.learn } : {}),
      clock: this.deps.clock,
      log: this.deps.log,
    };
  }

  /**
   * A check's texts come partly from the ATS, which may echo the key it was given: they pass the
   * redactor before they are kept, returned over IPC or printed.
   */
  private scrub(check: ConnectionCheck): ConnectionCheck {
    return this.deps.redactor.value(check) as ConnectionCheck;
  }
}

/**
 * The id a credential is checked under before its connection is saved. Its requests count against
 * a rate limit of their own (one per ATS), carried over to the connection once saved.
 */
function unsavedConnectionId(provider: ProviderKind): string {
  return `unsaved-${provider}`;
}
