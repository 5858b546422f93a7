import type { LogDirection, LogLevel } from '../../../../shared/domain/runs';
import type { LogFilter } from '../../../../shared/domain/sync-log';

/**
 * The log view's filter lives in the URL (`#/log?levels=error&connection=…`), so a desktop
 * notification, a link from the health page or a bookmark opens the log already filtered, and the
 * back button undoes a filter.
 */

export const LEVEL_CHOICES: Array<{
  value: string;
  label: string;
  levels: LogLevel[] | undefined;
}> = [
  { value: 'error', label: 'Errors', levels: ['error'] },
  { value: 'warn,error', label: 'Warnings and errors', levels: ['warn', 'error'] },
  { value: 'info,warn,error', label: 'Records and events', levels: ['info', 'warn', 'error'] },
  { value: 'all', label: 'Everything', levels: undefined },
];
export const DEFAULT_LEVELS = 'info,warn,error';

export const DIRECTION_CHOICES: Array<{ value: string; label: string }> = [
  { value: '', label: 'Both directions' },
  { value: 'pull', label: 'From the ATS' },
  { value: 'push', label: 'To the ATS' },
  { value: 'none', label: 'Run events' },
];

export const RANGE_CHOICES: Array<{ value: string; label: string; ms: number | null }> = [
  { value: '', label: 'Any time', ms: null },
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { value: 'custom', label: 'Between…', ms: null },
];

/** The URL's parameters as the view keeps them (strings, as typed). */
export interface LogParams {
  q: string;
  connection: string;
  levels: string;
  direction: string;
  entity: string;
  record: string;
  rule: string;
  run: string;
  range: string;
  since: string;
  until: string;
}

export function readParams(params: URLSearchParams): LogParams {
  const get = (key: string) => params.get(key) ?? '';
  return {
    q: get('q'),
    connection: get('connection'),
    levels: get('levels') || DEFAULT_LEVELS,
    direction: get('direction'),
    entity: get('entity'),
    record: get('record'),
    rule: get('rule'),
    run: get('run'),
    range: get('range') || (get('since') || get('until') ? 'custom' : ''),
    since: get('since'),
    until: get('until'),
  };
}

/** The parameters worth keeping in the URL (defaults and empty values left out). */
export function writeParams(params: LogParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params) as Array<[keyof LogParams, string]>) {
    if (!value) continue;
    if (key === 'levels' && value === DEFAULT_LEVELS) continue;
    if ((key === 'since' || key === 'until') && params.range !== 'custom') continue;
    if (key === 'range' && value === 'custom' && !params.since && !params.until) continue;
    out[key] = value;
  }
  return out;
}

const LEVELS = new Set(['debug', 'info', 'warn', 'error']);
const DIRECTIONS = new Set(['pull', 'push', 'none']);

/** What the IPC call gets. Unknown values in a hand-edited URL are dropped, never sent. */
export function toFilter(params: LogParams, now = Date.now()): LogFilter {
  const filter: LogFilter = {};
  if (params.q.trim()) filter.search = params.q.trim().slice(0, 500);
  if (params.connection) filter.connectionId = params.connection;
  if (params.levels !== 'all') {
    const levels = params.levels.split(',').filter((level) => LEVELS.has(level)) as LogLevel[];
    if (levels.length) filter.levels = levels;
  }
  if (DIRECTIONS.has(params.direction)) filter.directions = [params.direction as LogDirection];
  if (params.entity) filter.entity = params.entity;
  if (params.record) filter.entityId = params.record;
  if (params.rule) filter.rule = params.rule;
  const run = Number(params.run);
  if (Number.isInteger(run) && run > 0) filter.runId = run;
  const range = RANGE_CHOICES.find((choice) => choice.value === params.range);
  if (range?.ms) filter.since = new Date(now - range.ms).toISOString();
  if (params.range === 'custom') {
    const since = localToIso(params.since);
    const until = localToIso(params.until);
    if (since) filter.since = since;
    if (until) filter.until = until;
  }
  return filter;
}

/** `datetime-local` values (local time, no zone) to ISO; null when empty or invalid. */
export function localToIso(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
