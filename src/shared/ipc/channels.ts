/**
 * The allowlist of IPC channels and events. Runtime-free on purpose: the sandboxed preload imports
 * it, so it must not pull in zod or anything else. `contract/index.ts` pairs every channel with an
 * input schema and an output type; a test keeps the three lists equal.
 */

export const CHANNELS = [
  'app:get-info',
  'app:check-updates',
  'app:report-error',
  'settings:get',
  'settings:update',
  'connections:list',
  'connections:providers',
  'connections:check',
  'connections:create',
  'connections:recheck',
  'connections:reconnect',
  'connections:update',
  'connections:disconnect',
  'connections:remove',
  'runs:list',
  'connections:users',
  'connections:set-write-user',
  'sync:start',
  'sync:cancel',
  'sync:status',
  'ats:list-jobs',
  'ats:list-candidates',
  'ats:get-candidate',
  'ats:list-stages',
  'audit:list',
  'audit:actions',
  'log:query',
  'log:count',
  'log:detail',
  'log:facets',
  'log:export',
  'log:retention',
  'health:list',
  'schedule:list',
  'schedule:update',
  'schedule:report-online',
  'links:open-external',
  'oauth:describe',
  'oauth:begin',
  'oauth:complete',
  'oauth:cancel',
  'kula-stages:list',
  'kula-stages:add',
  'kula-stages:rename',
  'kula-stages:reorder',
  'kula-stages:remove',
  'mapping:get',
  'mapping:save',
  'mapping:confirm',
  'mapping:export',
  'mapping:preview-import',
  'flows:list',
  'flows:get',
  'flows:create',
  'flows:link',
  'flows:add-candidates',
  'flows:open-jobs',
  'candidates:list',
  'candidates:get',
  'candidates:add',
  'candidates:move',
  'candidates:preview-csv',
  'candidates:import-csv',
  'notes:add',
  'messages:log',
  'resumes:upload',
  'referrals:create',
  'outbox:list',
  'outbox:counts',
  'outbox:retry',
  'outbox:discard',
  'outbox:send',
  'outbox:preview',
] as const;

export type Channel = (typeof CHANNELS)[number];

export const EVENTS = [
  'sync:progress',
  'sync:log',
  'sync:schedule',
  'db:changed',
  'app:notice',
  'app:navigate',
  'app:shortcuts',
] as const;

export type EventName = (typeof EVENTS)[number];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENTS as readonly string[]).includes(value);
}
