export interface AuditEntry {
  id: number;
  at: string;
  /** Who did it: the OS user of the app, or `cli:<user>`. */
  actor: string;
  /** e.g. `connection.connect`, `mapping.save`, `sync.manual`, `settings.update`. */
  action: string;
  /** What it was done to, e.g. a connection id. */
  target: string | null;
  /** A short human summary; never a secret. */
  summary: string;
}

/**
 * How the audit trail names the actions it records, by family (the filter menu groups them).
 * Unknown actions (a newer version's) are shown by their code.
 */
export const AUDIT_FAMILIES: Array<{ prefix: string; label: string }> = [
  { prefix: 'connection.', label: 'Connections' },
  { prefix: 'mapping.', label: 'Stage mapping' },
  { prefix: 'kula-stage.', label: 'Kula pipeline' },
  { prefix: 'flow.', label: 'Flows' },
  { prefix: 'sync.', label: 'Syncs' },
  { prefix: 'schedule.', label: 'Schedules' },
  { prefix: 'outbox.', label: 'Write-back queue' },
  { prefix: 'settings.', label: 'Settings' },
  { prefix: 'log.', label: 'Sync log' },
];

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'connection.connect': 'Connected',
  'connection.reconnect': 'Reconnected',
  'connection.disconnect': 'Disconnected',
  'connection.remove': 'Removed a connection',
  'connection.settings': 'Changed connection settings',
  'connection.write-user': 'Chose who writes are attributed to',
  'mapping.save': 'Changed the stage mapping',
  'mapping.reset': 'Reset the stage mapping',
  'mapping.import': 'Imported a stage mapping',
  'mapping.set': 'Changed the stage mapping (CLI)',
  'mapping.confirm': 'Confirmed the stage mapping',
  'kula-stage.add': 'Added a Kula stage',
  'kula-stage.rename': 'Renamed a Kula stage',
  'kula-stage.reorder': 'Reordered Kula stages',
  'kula-stage.remove': 'Removed a Kula stage',
  'flow.create': 'Created a flow',
  'flow.link': 'Linked a flow to a job',
  'sync.manual': 'Started a sync by hand',
  'sync.cancel': 'Stopped a sync',
  'schedule.update': 'Changed a sync schedule',
  'outbox.retry': 'Retried a queued write',
  'outbox.discard': 'Discarded a queued write',
  'settings.update': 'Changed settings',
  'log.export': 'Exported the sync log',
};
