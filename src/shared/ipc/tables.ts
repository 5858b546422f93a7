import type { Channel } from './channels';

/**
 * What a `db:changed` event names: the tables whose rows changed. Runtime-free, like
 * `channels.ts`, so every layer can use it. `stage_mapping` stands for the mapping's own tables
 * (both directions and their review state), which change together.
 */
export const TABLES = [
  'connections',
  'credentials',
  'sync_runs',
  'sync_state',
  'sync_log',
  'audit_log',
  'ats_jobs',
  'ats_plans',
  'ats_stages',
  'ats_candidates',
  'ats_applications',
  'ats_users',
  'ats_sources',
  'ats_archive_reasons',
  'stage_mapping',
  'kula_stages',
  'kula_flows',
  'kula_candidates',
  'kula_notes',
  'kula_messages',
  'kula_resumes',
  'kula_referrals',
  'kula_ats_candidates',
  'kula_ats_applications',
  'outbox',
] as const;

export type TableName = (typeof TABLES)[number];

const CONNECTION_STATE = ['connections', 'credentials', 'sync_runs', 'sync_state'] as const;
const ATS_CACHE = [
  'ats_jobs',
  'ats_plans',
  'ats_stages',
  'ats_candidates',
  'ats_applications',
  'ats_users',
  'ats_sources',
  'ats_archive_reasons',
] as const;
const KULA_SIDE = [
  'kula_stages',
  'kula_flows',
  'kula_candidates',
  'kula_notes',
  'kula_messages',
  'kula_resumes',
  'kula_referrals',
  'kula_ats_candidates',
  'kula_ats_applications',
  'outbox',
] as const;

/** What decides whether writes to a connection are held: its state, its mapping, its ATS setup. */
const WRITE_READINESS = [
  'connections',
  'stage_mapping',
  'ats_sources',
  'ats_stages',
  'ats_archive_reasons',
] as const;

/**
 * What each read channel's answer is made of: a view that shows a channel's answer loads it
 * again when a `db:changed` event names one of these tables. Channels that change data, and reads
 * of nothing in the database (settings, OAuth descriptions), are absent.
 */
export const CHANNEL_READS = {
  'connections:list': CONNECTION_STATE,
  'connections:users': ['connections', 'ats_users'],
  'runs:list': ['sync_runs'],
  'sync:status': [...CONNECTION_STATE, ...ATS_CACHE],
  'ats:list-jobs': ['ats_jobs', 'ats_applications'],
  'ats:list-candidates': ['ats_candidates', 'ats_applications'],
  'ats:get-candidate': ['ats_candidates', 'ats_applications', 'ats_jobs', 'ats_stages'],
  'ats:list-stages': ['ats_stages', 'ats_plans'],
  'audit:list': ['audit_log'],
  'audit:actions': ['audit_log'],
  'log:query': ['sync_log'],
  'log:count': ['sync_log'],
  'log:facets': ['sync_log', 'connections'],
  'log:retention': ['sync_log'],
  'health:list': CONNECTION_STATE,
  'schedule:list': ['connections', 'sync_runs'],
  'kula-stages:list': ['kula_stages'],
  'mapping:get': [
    'stage_mapping',
    'kula_stages',
    'ats_stages',
    'ats_plans',
    'ats_archive_reasons',
    'ats_jobs',
    'sync_runs',
  ],
  'flows:list': ['kula_flows', 'kula_candidates', 'kula_ats_applications', 'outbox', 'ats_jobs'],
  'flows:get': [
    'kula_flows',
    'kula_candidates',
    'kula_ats_applications',
    'outbox',
    'ats_jobs',
    'kula_stages',
    'kula_ats_candidates',
  ],
  'flows:open-jobs': ['ats_jobs', 'connections'],
  'candidates:list': KULA_SIDE,
  'candidates:get': [...KULA_SIDE, 'ats_applications', 'ats_stages', 'sync_log'],
  'outbox:list': ['outbox', 'kula_candidates', ...WRITE_READINESS],
  'outbox:counts': ['outbox'],
  'outbox:preview': [...KULA_SIDE, ...WRITE_READINESS, 'ats_candidates', 'ats_applications'],
} as const satisfies Partial<Record<Channel, readonly TableName[]>>;

export type ReadChannel = keyof typeof CHANNEL_READS;

/** The tables behind the answers of these channels, each once. */
export function readsOf(...channels: ReadChannel[]): TableName[] {
  return [...new Set(channels.flatMap((channel) => CHANNEL_READS[channel]))];
}
