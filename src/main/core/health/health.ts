import type {
  ApiVersionHealth,
  ConnectionHealth,
  OutboxHealth,
  RateLimitHealth,
  ResourceHealth,
  TokenState,
  UsageMinute,
} from '../../../shared/domain/health';
import type { CoreBasics } from '../basics';
import type { ConnectionService } from '../connections/service';
import { lastMinuteWith, usageSince } from '../db/repos/api-usage';
import { connectionConfig, getConnectionRow, type ConnectionRow } from '../db/repos/connections';
import { latestLineWithRule } from '../db/repos/sync-log';
import { listRuns } from '../db/repos/sync-runs';
import { listResourceStates, type ResourceState } from '../db/repos/sync-state';
import type { ResourceSpec } from '../providers/provider';
import type { ProviderRegistry } from '../providers/registry';
import type { SyncScheduler } from '../scheduler/scheduler';
import type { WriteBackService } from '../writeback/service';

/**
 * The health view's model of a connection, from what is already recorded: the connection and its
 * last check (permissions), its runs, each resource's sync state (token, checkpoint, last notice
 * and the log line that explained it), the per-minute API usage, the scheduler's plan and the
 * outbox backlog. Provider-neutral: resources come from the provider's definition, notices are
 * the provider's own codes.
 */

/** What the health view reads: the records, and the services' view of each connection. */
export type HealthDeps = Pick<CoreBasics, 'db' | 'clock'> & {
  connections: Pick<ConnectionService, 'list' | 'summary' | 'openProvider'>;
  scheduler: Pick<SyncScheduler, 'describe'>;
  writeBack: Pick<WriteBackService, 'counts' | 'held'>;
  providers: Pick<ProviderRegistry, 'has' | 'get'>;
};

const MINUTE = 60_000;

export function connectionHealth(ctx: HealthDeps, connectionId: string): ConnectionHealth {
  const summary = ctx.connections.summary(connectionId);
  const row = getConnectionRow(ctx.db, connectionId)!;
  return {
    connectionId,
    label: summary.label,
    provider: summary.provider,
    status: summary.status,
    lastSuccessAt: summary.lastSuccessAt,
    lastRun: listRuns(ctx.db, { connectionId, limit: 1 })[0] ?? null,
    schedule: ctx.scheduler.describe(row),
    resources: resourceHealth(ctx, connectionId),
    rateLimit: rateLimitHealth(ctx, connectionId, summary.rateLimit, summary.rateLimitIsDefault),
    outbox: outboxHealth(ctx, connectionId),
    check: summary.check,
    checkedAt: summary.checkedAt,
    apiVersion: apiVersionHealth(ctx, row),
  };
}

/** The pinned API version of the connection's ATS, with what the ATS last said it answered. */
function apiVersionHealth(ctx: HealthDeps, row: ConnectionRow): ApiVersionHealth | null {
  const pinned = ctx.providers.has(row.provider)
    ? ctx.providers.get(row.provider).apiVersion
    : undefined;
  if (!pinned) return null;
  const learned = connectionConfig(row).learned as { apiVersion?: unknown } | undefined;
  const answered = (learned?.apiVersion ?? {}) as { version?: unknown; status?: unknown };
  return {
    pinned,
    answered: typeof answered.version === 'string' ? answered.version : null,
    status: typeof answered.status === 'string' ? answered.status : null,
  };
}

export function allHealth(ctx: HealthDeps): ConnectionHealth[] {
  return ctx.connections.list().map((connection) => connectionHealth(ctx, connection.id));
}

/** The provider's resources in pull order (building an instance reads no credential, sends nothing). */
function resourceSpecs(ctx: HealthDeps, connectionId: string): readonly ResourceSpec[] {
  try {
    const { provider } = ctx.connections.openProvider(connectionId);
    provider.close?.();
    return provider.resources;
  } catch {
    return []; // an ATS this version no longer knows: the states alone are shown
  }
}

function resourceHealth(ctx: HealthDeps, connectionId: string): ResourceHealth[] {
  const states = new Map(
    listResourceStates(ctx.db, connectionId).map((state) => [state.resource, state]),
  );
  const specs = resourceSpecs(ctx, connectionId);
  // Resources the provider names, in its order; then any the database knows that it no longer does.
  const names = [
    ...specs.map((spec) => spec.name),
    ...[...states.keys()].filter((name) => !specs.some((spec) => spec.name === name)),
  ];
  return names.map((name) => {
    const spec = specs.find((candidate) => candidate.name === name);
    const state = states.get(name) ?? null;
    const notice = state?.lastNotice ? noticeLine(ctx, connectionId, state.lastNotice) : null;
    return {
      resource: name,
      label: spec?.label ?? humanize(name),
      state: tokenState(spec, state, notice?.level ?? null),
      passMode: state?.cursor !== null && state?.cursor !== undefined ? state.passMode : null,
      lastCompleteAt: state?.lastCompleteAt ?? null,
      lastFullAt: state?.lastFullAt ?? null,
      lastNotice: state?.lastNotice
        ? {
            code: state.lastNotice,
            level: notice?.level ?? 'info',
            message: notice?.message ?? null,
            at: notice?.at ?? null,
          }
        : null,
    };
  });
}

function tokenState(
  spec: ResourceSpec | undefined,
  state: ResourceState | null,
  noticeLevel: string | null,
): TokenState {
  if (!state || (state.lastCompleteAt === null && state.cursor === null)) return 'never';
  if (state.cursor !== null && state.cursor !== undefined) return 'in-progress';
  if (spec && !spec.incremental) return 'full-only';
  if (state.committed === null || state.committed === undefined) return 'missing';
  // A warning notice is a fallback (token refused); the full read it caused has completed.
  if (
    noticeLevel === 'warn' &&
    state.lastFullAt !== null &&
    state.lastFullAt === state.lastCompleteAt
  )
    return 'fell-back';
  return 'valid';
}

function noticeLine(
  ctx: HealthDeps,
  connectionId: string,
  code: string,
): { level: string; message: string; at: string } | null {
  return latestLineWithRule(ctx.db, connectionId, code) ?? null;
}

function rateLimitHealth(
  ctx: HealthDeps,
  connectionId: string,
  limit: RateLimitHealth['limit'],
  limitIsDefault: boolean,
): RateLimitHealth {
  const nowMinute = Math.floor(ctx.clock.now() / MINUTE);
  const rows = usageSince(ctx.db, connectionId, nowMinute - 24 * 60);
  const lastHour = rows.filter((row) => row.minute > nowMinute - 60);
  const byMinute = new Map(lastHour.map((row) => [row.minute, row]));
  const minutes: UsageMinute[] = [];
  for (let minute = nowMinute - 59; minute <= nowMinute; minute++) {
    const row = byMinute.get(minute);
    minutes.push({
      at: new Date(minute * MINUTE).toISOString(),
      requests: row?.requests ?? 0,
      rateLimited: row?.rate_limited ?? 0,
      partnerThrottled: row?.partner_throttled ?? 0,
    });
  }
  const sum = (
    list: typeof rows,
    key: 'requests' | 'calls' | 'failures' | 'rate_limited' | 'partner_throttled',
  ) => list.reduce((total, row) => total + row[key], 0);
  const lastWith = (key: 'rate_limited' | 'partner_throttled') => {
    const minute = lastMinuteWith(ctx.db, connectionId, key);
    return minute === null ? null : new Date(minute * MINUTE).toISOString();
  };
  return {
    limit,
    limitIsDefault,
    lastHour: {
      requests: sum(lastHour, 'requests'),
      calls: sum(lastHour, 'calls'),
      failures: sum(lastHour, 'failures'),
      peakPerSecond:
        Math.round((Math.max(0, ...lastHour.map((row) => row.requests)) / 60) * 100) / 100,
    },
    last24h: {
      requests: sum(rows, 'requests'),
      rateLimited: sum(rows, 'rate_limited'),
      partnerThrottled: sum(rows, 'partner_throttled'),
    },
    lastRateLimitedAt: lastWith('rate_limited'),
    lastPartnerThrottledAt: lastWith('partner_throttled'),
    minutes,
  };
}

function outboxHealth(ctx: HealthDeps, connectionId: string): OutboxHealth {
  const counts = ctx.writeBack.counts(connectionId)[0];
  let held: OutboxHealth['held'] = null;
  try {
    held = ctx.writeBack.held(connectionId);
  } catch {
    held = null; // an ATS this version no longer knows: the counts alone are shown
  }
  return {
    pending: counts?.pending ?? 0,
    inFlight: counts?.inFlight ?? 0,
    failed: counts?.failed ?? 0,
    oldestOpenAt: counts?.oldestOpenAt ?? null,
    held,
  };
}

function humanize(name: string): string {
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
