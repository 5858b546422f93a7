import type {
  ConnectionCheck,
  ConnectionStatus,
  ProviderKind,
  RateLimitSetting,
} from './connections';
import type { SyncRunSummary } from './runs';
import type { ConnectionSchedule } from './schedule';

/**
 * How a resource's incremental reads stand:
 * - `valid`: the last complete read left a sync token or watermark; the next sync reads changes;
 * - `fell-back`: the ATS refused the token (expired, too large) and the console fell back to a
 *   full read (see `lastNotice`), which then completed;
 * - `in-progress`: a read is under way or was interrupted; the next sync resumes from its
 *   checkpoint;
 * - `missing`: the last read completed without a token; the next sync reads it in full;
 * - `full-only`: the ATS offers no incremental read for it; every sync reads it in full;
 * - `never`: not read yet.
 */
export const TOKEN_STATES = [
  'valid',
  'fell-back',
  'in-progress',
  'missing',
  'full-only',
  'never',
] as const;
export type TokenState = (typeof TOKEN_STATES)[number];

export interface ResourceHealth {
  resource: string;
  label: string;
  state: TokenState;
  /** The mode of the read in progress (`in-progress` only). */
  passMode: 'full' | 'incremental' | null;
  lastCompleteAt: string | null;
  lastFullAt: string | null;
  /** The last fallback or restart the ATS caused, with the log line that told of it. */
  lastNotice: { code: string; level: string; message: string | null; at: string | null } | null;
}

export interface UsageMinute {
  /** Start of the minute (ISO). */
  at: string;
  requests: number;
  rateLimited: number;
  partnerThrottled: number;
}

export interface RateLimitHealth {
  /** The client-side limit in force; null when throttling is off. */
  limit: RateLimitSetting | null;
  limitIsDefault: boolean;
  /** Requests sent in the last hour and the busiest minute's rate, against the limit. */
  lastHour: { requests: number; calls: number; failures: number; peakPerSecond: number };
  /** 429s in the last 24 hours: the key's own limit, and the ATS throttling all its partners. */
  last24h: { rateLimited: number; partnerThrottled: number; requests: number };
  lastRateLimitedAt: string | null;
  lastPartnerThrottledAt: string | null;
  /** The last 60 minutes, oldest first, one entry per minute (zeros included). */
  minutes: UsageMinute[];
}

/** The write-back queue of a connection (the outbox): what waits, what needs the admin. */
export interface OutboxHealth {
  /** Waiting to be sent (or retried after a backoff). */
  pending: number;
  inFlight: number;
  /** Gave up: the admin retries or discards them (outbox view, `kula-console outbox`). */
  failed: number;
  oldestOpenAt: string | null;
  /** Why writes would not go out now (mapping not confirmed, needs reconnecting…), if so. */
  held: { reason: string; action: string } | null;
}

export interface ConnectionHealth {
  connectionId: string;
  label: string;
  provider: ProviderKind;
  status: ConnectionStatus;
  lastSuccessAt: string | null;
  lastRun: SyncRunSummary | null;
  schedule: ConnectionSchedule;
  resources: ResourceHealth[];
  rateLimit: RateLimitHealth;
  outbox: OutboxHealth;
  /** The permissions found by the last connection check, and when it ran. */
  check: ConnectionCheck | null;
  checkedAt: string | null;
  /** The API version the console pins (where the ATS versions its API), and what it answered. */
  apiVersion: ApiVersionHealth | null;
}

export interface ApiVersionHealth {
  /** The version the console asks for on every call, the one its mappers read. */
  pinned: string;
  /** The version the ATS said it answered with, and its status (`active`, `deprecated`…). */
  answered: string | null;
  status: string | null;
}
