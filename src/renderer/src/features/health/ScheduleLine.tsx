import { Activity, ScrollText } from 'lucide-react';
import type { ConnectionSummary } from '../../../../shared/domain/connections';
import { useNow } from '../../lib/use-now';
import { useAppStore } from '../../stores/app-store';
import { useSyncStore } from '../../stores/sync-store';
import { Badge } from '../../ui/Badge';
import { intervalLabel, scheduleText } from './labels';

/**
 * On a connection's card: its automatic syncs (next one, or why they are paused), the last run's
 * summary, and links to its log and health.
 */
export function ScheduleLine({ connection }: { connection: ConnectionSummary }) {
  const schedule = useSyncStore((state) => state.schedules[connection.id]);
  const lastRun = useAppStore((state) =>
    state.recentRuns.find((run) => run.connectionId === connection.id),
  );
  const now = useNow(15_000);
  const text = schedule ? scheduleText(schedule, now) : null;
  return (
    <div className="schedule-line" data-testid={`schedule-${connection.id}`}>
      {schedule && text ? (
        <p>
          <Badge tone={text.tone}>{text.text}</Badge>
          {schedule.enabled && schedule.state !== 'disconnected' ? (
            <span className="muted"> · every {intervalLabel(schedule.intervalMinutes)}</span>
          ) : null}
        </p>
      ) : null}
      {lastRun && lastRun.status === 'succeeded' && lastRun.message ? (
        <p className="schedule-summary muted" title={lastRun.message}>
          Last run: {lastRun.message}
        </p>
      ) : null}
      <p className="schedule-links">
        <a href={`#/log?connection=${encodeURIComponent(connection.id)}`}>
          <ScrollText size={13} aria-hidden /> Log
        </a>
        <a href="#/health">
          <Activity size={13} aria-hidden /> Health and schedule
        </a>
      </p>
    </div>
  );
}
