import type {
  ConnectionCheck,
  PermissionCheck,
  ProviderKind,
  SetupCheck,
} from '../../../shared/domain/connections';
import type { Clock } from '../clock';
import type { RetryPolicy } from '../http/backoff';
import type { RequestLimiter } from '../http/rate-limiter';
import type { Logger } from '../logging/logger';
import type { StoredSecret } from '../vault/vault';
import type { EntityKind, RecordBatch } from './records';

/** The check types are DTOs shared with the renderer (shared/domain/connections.ts). */
export type { ConnectionCheck, PermissionCheck, SetupCheck };

/**
 * The one interface the sync engine talks to. Everything Ashby- or Lever-specific (endpoints,
 * envelopes, pagination, auth, error codes) lives behind it, in `providers/<name>/`. The engine
 * never names a provider.
 *
 * Import model: a provider exposes ordered *resources* (e.g. `jobs`, `candidates`). The engine
 * pulls each resource page by page through `fetchPage`, and after every page commits, in one
 * transaction, the page's records and the provider's opaque `next` state. A crash therefore
 * re-fetches at most the page in flight. When a pass completes (`next === null`), the engine keeps
 * `committed` (a sync token, a watermark) for the next, incremental pass. After a complete *full*
 * pass the engine deletes the resource's cached records that the pass did not see.
 */
export interface AtsProvider {
  readonly kind: ProviderKind;

  /** Resources in the order they must be pulled (reference data before the records using it). */
  readonly resources: readonly ResourceSpec[];

  /** Checks the credential and reports what it may do. Never stores anything. */
  checkConnection(signal?: AbortSignal): Promise<ConnectionCheck>;

  /** Fetches one page of a resource. Throws `AtsApiError` on failure (after its own retries). */
  fetchPage(request: PageRequest): Promise<PageResult>;

  /**
   * Releases what the instance holds (keep-alive sockets), so a CLI process exits as soon as its
   * run ends. Optional: a provider without resources need not implement it.
   */
  close?(): void;
}

export interface ResourceSpec {
  /** Stable key, stored with its checkpoint (e.g. `candidates`). */
  name: string;
  /** For progress and logs ("Candidates"). */
  label: string;
  /** The cache entities this resource fills; a full pass sweeps these. */
  entities: readonly EntityKind[];
  /** Whether the resource supports incremental passes (sync token or watermark). */
  incremental: boolean;
}

export interface PageRequest {
  resource: string;
  /** The in-progress state from the previous page of this pass; null to start a pass. */
  cursor: unknown;
  /** What the last complete pass left (`PageResult.committed`); null when there was none. */
  committed: unknown;
  /** Ignore `committed` and run a full pass (admin asked for it, or periodic reconciliation). */
  forceFull: boolean;
  signal: AbortSignal;
}

export interface PageResult {
  batch: RecordBatch;
  /** Records the ATS reported deleted (e.g. Lever's deleted-opportunities list). */
  deletions?: Partial<Record<EntityKind, string[]>>;
  /** Records that could not be read (malformed payload); logged and skipped, never fatal. */
  skipped?: SkippedRecord[];
  /** Whether this page belongs to a full or an incremental pass. */
  mode: 'full' | 'incremental';
  /** True on the first page of a pass (also when a pass restarted after an expired cursor). */
  passStarted: boolean;
  /** State to checkpoint for the next page; null when the pass is complete. */
  next: unknown;
  /** With `next === null`: the state the next pass starts from (sync token, watermark). */
  committed?: unknown;
  /** Fallbacks and restarts worth a log line (e.g. sync token expired → full pass). */
  notices?: ProviderNotice[];
  /** Estimated records in the whole pass, when the ATS says. */
  totalEstimate?: number | null;
}

export interface SkippedRecord {
  entity: EntityKind;
  remoteId: string | null;
  reason: string;
}

export interface ProviderNotice {
  level: 'info' | 'warn';
  /** Machine-readable, e.g. `sync_token_expired`, `cursor_restarted`. */
  code: string;
  message: string;
}

/** What a provider instance is given. */
export interface ProviderContext {
  connectionId: string;
  baseUrl: string;
  /** Non-secret connection settings (e.g. Lever `performAs`, rate limit overrides). */
  config: Record<string, unknown>;
  credentials: CredentialAccess;
  /**
   * The connection's request limiter (http/rate-limiter.ts). Given, not built by the provider, so
   * one budget holds across every instance of the connection (a sync and a re-check at once) and
   * the admin's setting is applied without the provider knowing where it is stored.
   */
  limiter: RequestLimiter;
  /** Overrides of the HTTP layer's retry policy and timeout (tests, benchmarks). */
  http?: { retry?: Partial<RetryPolicy>; timeoutMs?: number };
  /** Receives every API call, for the sync log and the health view. */
  onApiCall: (call: ApiCallRecord) => void;
  clock: Clock;
  log: Logger;
}

/** A provider's handle on its connection's secret (decrypt, rotate, give up). */
export interface CredentialAccess {
  load(): StoredSecret;
  /** Persists a rotated secret (a new refresh token) before it is used. */
  save(secret: StoredSecret): void;
  /** The ATS refused the credential for good: pause syncs, keep queued writes, ask to reconnect. */
  markNeedsReauth(reason: string): void;
  /**
   * The exclusive right to rotate the secret, across every process sharing the data folder (a
   * rotating OAuth refresh token must never be presented twice). Resolves with a release
   * function. Absent for a credential that is not stored (nothing to share).
   */
  lock?(signal?: AbortSignal): Promise<() => void>;
}

export interface ApiCallRecord {
  method: string;
  /** Path without query or secrets, e.g. `/candidate.list`, `/opportunities`. */
  path: string;
  status: number | null;
  requestId: string | null;
  attempts: number;
  durationMs: number;
  /** Error kind of the final attempt, when it failed. */
  errorKind: string | null;
  /** 429s seen across the attempts, and whether any was a partner-wide throttle. */
  rateLimited: number;
  partnerThrottled: boolean;
}
