import type { SyncProgress } from './runs';

/**
 * Where a connection stands with the scheduler:
 * - `scheduled`: the next automatic sync is at `nextRunAt`;
 * - `running`: a sync is going (started by anyone: schedule, button, CLI);
 * - `retrying`: the last automatic sync failed for a reason that may pass (the ATS was
 *   unavailable or asked to slow down); it is tried again at `nextRunAt`, backing off;
 * - `offline`: the network is down (the computer says so, or the ATS could not be reached); the
 *   next try is at `nextRunAt` when known, else as soon as the network returns;
 * - `needs-reauth`: the ATS refused the credential; automatic syncs wait for a reconnect;
 * - `disconnected`: the admin disconnected it;
 * - `asleep`: the computer is going to sleep or just woke up;
 * - `off`: the admin turned automatic syncs off for this connection;
 * - `not-running`: no scheduler runs in this process (the CLI, except `watch`).
 */
export const SCHEDULE_STATES = [
  'scheduled',
  'running',
  'retrying',
  'offline',
  'needs-reauth',
  'disconnected',
  'asleep',
  'off',
  'not-running',
] as const;
export type ScheduleState = (typeof SCHEDULE_STATES)[number];

export interface ConnectionSchedule {
  connectionId: string;
  state: ScheduleState;
  nextRunAt: string | null;
  /** Minutes between automatic syncs of this connection. */
  intervalMinutes: number;
  /** Whether the interval is the app-wide setting (no override for this connection). */
  intervalIsDefault: boolean;
  /** Automatic syncs on for this connection. */
  enabled: boolean;
  /** Automatic syncs that failed in a row (reset by any successful sync). */
  consecutiveFailures: number;
  /** Why the last automatic sync failed, when it did. */
  lastFailure: string | null;
  runId: number | null;
  /** The latest progress of the running sync. */
  progress: SyncProgress | null;
}
