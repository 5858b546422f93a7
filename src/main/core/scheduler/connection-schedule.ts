import type { CoreBasics } from '../basics';
import { isoNow } from '../clock';
import {
  connectionConfig,
  getConnectionRow,
  updateConnectionConfig,
  type ConnectionRow,
} from '../db/repos/connections';
import { ConsoleError } from '../errors';

/**
 * A connection's own schedule, kept in its `config_json.schedule`: an interval that overrides the
 * app-wide `syncIntervalMinutes`, and whether automatic syncs are on. Absent means the defaults.
 */
export interface ScheduleConfig {
  intervalMinutes?: number;
  enabled?: boolean;
}

export const MIN_INTERVAL_MINUTES = 5;
export const MAX_INTERVAL_MINUTES = 1440;

export function scheduleConfig(row: ConnectionRow): ScheduleConfig {
  const value = connectionConfig(row).schedule;
  if (!value || typeof value !== 'object') return {};
  const { intervalMinutes, enabled } = value as Record<string, unknown>;
  const out: ScheduleConfig = {};
  if (
    typeof intervalMinutes === 'number' &&
    Number.isInteger(intervalMinutes) &&
    intervalMinutes >= MIN_INTERVAL_MINUTES &&
    intervalMinutes <= MAX_INTERVAL_MINUTES
  )
    out.intervalMinutes = intervalMinutes;
  if (typeof enabled === 'boolean') out.enabled = enabled;
  return out;
}

export function connectionSchedule(
  row: ConnectionRow,
  defaultIntervalMinutes: number,
): { intervalMinutes: number; intervalIsDefault: boolean; enabled: boolean } {
  const config = scheduleConfig(row);
  return {
    intervalMinutes: config.intervalMinutes ?? defaultIntervalMinutes,
    intervalIsDefault: config.intervalMinutes === undefined,
    enabled: config.enabled ?? true,
  };
}

/**
 * Changes a connection's schedule (interval override, on/off), audited. `intervalMinutes: null`
 * returns to the app-wide interval.
 */
export function updateConnectionSchedule(
  ctx: Pick<CoreBasics, 'db' | 'clock' | 'audit' | 'events'>,
  connectionId: string,
  patch: { intervalMinutes?: number | null | undefined; enabled?: boolean | undefined },
): void {
  const row = getConnectionRow(ctx.db, connectionId);
  if (!row) {
    throw new ConsoleError(
      'NOT_FOUND',
      `There is no connection “${connectionId}”.`,
      'List the connections to see their ids; it may have been removed.',
    );
  }
  const before = scheduleConfig(row);
  const next: ScheduleConfig = { ...before };
  if (patch.intervalMinutes === null) delete next.intervalMinutes;
  else if (patch.intervalMinutes !== undefined) next.intervalMinutes = patch.intervalMinutes;
  if (patch.enabled !== undefined) next.enabled = patch.enabled;
  const changes: string[] = [];
  if (before.intervalMinutes !== next.intervalMinutes) {
    changes.push(
      `interval ${before.intervalMinutes ? `${before.intervalMinutes} min` : 'default'} → ${
        next.intervalMinutes ? `${next.intervalMinutes} min` : 'default'
      }`,
    );
  }
  if ((before.enabled ?? true) !== (next.enabled ?? true)) {
    changes.push(next.enabled === false ? 'automatic syncs off' : 'automatic syncs on');
  }
  if (changes.length === 0) return;
  const config = connectionConfig(row);
  if (next.intervalMinutes === undefined && next.enabled === undefined) delete config.schedule;
  else config.schedule = next;
  updateConnectionConfig(ctx.db, connectionId, config, isoNow(ctx.clock));
  ctx.audit('schedule.update', connectionId, `“${row.label}”: ${changes.join('; ')}.`);
  ctx.events.changed('connections');
}
