import type { OutboxState } from '../../../../shared/domain/outbox';
import type { Tone } from '../../ui/Badge';

/** How each outbox state reads in the UI. */
export const STATE_LABELS: Record<OutboxState, { label: string; tone: Tone }> = {
  pending: { label: 'Waiting', tone: 'info' },
  in_flight: { label: 'Sending', tone: 'accent' },
  done: { label: 'Done', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  skipped: { label: 'Skipped', tone: 'neutral' },
  discarded: { label: 'Discarded', tone: 'neutral' },
  superseded: { label: 'Superseded', tone: 'warning' },
};
