import type { TokenState } from '../../../../shared/domain/health';
import type { ConnectionSchedule } from '../../../../shared/domain/schedule';
import type { Tone } from '../../ui/Badge';
import { timeAgo } from '../../lib/format';

export const TOKEN_LABELS: Record<TokenState, { label: string; tone: Tone; hint: string }> = {
  valid: {
    label: 'Incremental',
    tone: 'success',
    hint: 'The next sync reads only what changed.',
  },
  'fell-back': {
    label: 'Fell back to full',
    tone: 'warning',
    hint: 'The ATS refused the sync token; the console read everything again and has a fresh token.',
  },
  'in-progress': {
    label: 'In progress',
    tone: 'info',
    hint: 'A read is under way or was interrupted; the next sync resumes from its checkpoint.',
  },
  missing: {
    label: 'Full next time',
    tone: 'warning',
    hint: 'The last read ended without a sync token; the next sync reads it in full.',
  },
  'full-only': {
    label: 'Always full',
    tone: 'neutral',
    hint: 'The ATS offers no way to read only changes here; every sync reads it (it is small).',
  },
  never: { label: 'Not read yet', tone: 'neutral', hint: 'The first sync reads it in full.' },
};

/** "Next sync in 12 min" / "Paused: offline…" for a connection's schedule. */
export function scheduleText(
  schedule: ConnectionSchedule,
  now: number,
): {
  text: string;
  tone: Tone;
} {
  const next = schedule.nextRunAt ? inTime(schedule.nextRunAt, now) : null;
  switch (schedule.state) {
    case 'running':
      return { text: 'Syncing now', tone: 'info' };
    case 'scheduled':
      return { text: next ? `Next sync ${next}` : 'Scheduled', tone: 'success' };
    case 'retrying':
      return {
        text: `Last sync failed; trying again ${next ?? 'soon'}`,
        tone: 'warning',
      };
    case 'offline':
      return {
        text: next
          ? `Offline: trying again ${next}`
          : 'Offline: syncs resume when the network is back',
        tone: 'warning',
      };
    case 'needs-reauth':
      return { text: 'Paused until it is reconnected', tone: 'danger' };
    case 'disconnected':
      return { text: 'Disconnected: no automatic syncs', tone: 'neutral' };
    case 'asleep':
      return { text: 'Paused while the computer sleeps', tone: 'neutral' };
    case 'off':
      return { text: 'Automatic syncs are off', tone: 'neutral' };
    case 'not-running':
      return { text: 'Automatic syncs run while the app runs', tone: 'neutral' };
  }
}

function inTime(iso: string, now: number): string {
  const ms = Date.parse(iso) - now;
  if (ms <= 30_000) return 'in a moment';
  const at = new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (ms < 3_600_000) return `in ${Math.round(ms / 60_000)} min (${at})`;
  return `at ${at}`;
}

export function since(iso: string | null): string {
  return iso ? timeAgo(iso) : 'never';
}

export const INTERVAL_CHOICES = [5, 10, 15, 30, 60, 120, 240, 480, 720, 1440];

export function intervalLabel(minutes: number): string {
  if (minutes < 60) return `${minutes} minutes`;
  if (minutes === 60) return '1 hour';
  if (minutes < 1440) return `${minutes / 60} hours`;
  return 'day';
}
