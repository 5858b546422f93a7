import { ScrollText } from 'lucide-react';
import { dateTime, duration, count } from '../../lib/format';
import { useAppStore } from '../../stores/app-store';
import { Badge, type Tone } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';

const RUN_TONES: Record<string, Tone> = {
  running: 'info',
  succeeded: 'success',
  failed: 'danger',
  cancelled: 'neutral',
  interrupted: 'warning',
};

export function SyncLogPage() {
  const runs = useAppStore((state) => state.recentRuns);
  return (
    <>
      <PageHeader
        title="Sync log"
        description="Every sync run and what it did to each record, kept on this computer."
      />
      <Card title="Recent runs">
        {runs.length === 0 ? (
          <EmptyState icon={<ScrollText size={28} />} title="No syncs have run yet">
            <p>
              The first run starts when you connect an ATS. After that, runs appear here with their
              duration, the records pulled and pushed, and any errors with what to do.
            </p>
          </EmptyState>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Started</th>
                <th>Trigger</th>
                <th>Mode</th>
                <th>Status</th>
                <th>Duration</th>
                <th className="num">Pulled</th>
                <th className="num">Pushed</th>
                <th className="num">Errors</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id}>
                  <td>{dateTime(run.startedAt)}</td>
                  <td>{run.trigger}</td>
                  <td>{run.mode}</td>
                  <td>
                    <Badge tone={RUN_TONES[run.status] ?? 'neutral'}>{run.status}</Badge>
                  </td>
                  <td>{duration(run.startedAt, run.finishedAt)}</td>
                  <td className="num">{count(run.recordsPulled)}</td>
                  <td className="num">{count(run.recordsPushed)}</td>
                  <td className="num">{count(run.errors)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
