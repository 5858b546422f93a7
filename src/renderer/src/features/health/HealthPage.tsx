import { Activity } from 'lucide-react';
import { useMemo } from 'react';
import { count, dateTime, duration } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { useAppStore } from '../../stores/app-store';
import { Badge, type Tone } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { ConnectionHealthCard } from './ConnectionHealthCard';
import { RunHistoryChart } from './RunHistoryChart';
import { useHealth } from './useHealth';

const RUN_TONES: Record<string, Tone> = {
  running: 'info',
  succeeded: 'success',
  failed: 'danger',
  cancelled: 'neutral',
  interrupted: 'warning',
};

/** Run history and each connection's health: schedule, tokens, rate limits, queue, permissions. */
export function HealthPage() {
  const runs = useAppStore((state) => state.recentRuns);
  const connections = useAppStore((state) => state.connections);
  const settings = useAppStore((state) => state.settings);
  const { health, error } = useHealth();
  const now = useNow(5000);
  const labels = useMemo(
    () => new Map(connections.map((connection) => [connection.id, connection.label])),
    [connections],
  );
  const labelOf = (id: string) => labels.get(id) ?? id;

  return (
    <>
      <PageHeader
        title="Sync health"
        description="How the syncs have gone, and what each connection needs: its schedule, sync tokens, rate limits, queued writes and permissions."
      />
      {error ? <Banner tone="danger">{error}</Banner> : null}
      <div className="stack">
        <Card title="Recent runs">
          {runs.length === 0 ? (
            <EmptyState icon={<Activity size={28} />} title="No syncs have run yet">
              <p>
                Runs appear here with their duration, the records pulled and pushed, and errors.
                Click a run to read its lines in the log.
              </p>
            </EmptyState>
          ) : (
            <>
              <RunHistoryChart runs={runs} labelOf={labelOf} now={now} />
              <table className="table compact" data-testid="runs-table">
                <thead>
                  <tr>
                    <th>Run</th>
                    <th>Connection</th>
                    <th>Started</th>
                    <th>Trigger</th>
                    <th>Status</th>
                    <th>Duration</th>
                    <th className="num">Pulled</th>
                    <th className="num">Pushed</th>
                    <th className="num">Errors</th>
                  </tr>
                </thead>
                <tbody>
                  {runs.slice(0, 12).map((run) => (
                    <tr key={run.id}>
                      <td>
                        <a href={`#/log?run=${run.id}&levels=all`}>#{run.id}</a>
                      </td>
                      <td>{labelOf(run.connectionId)}</td>
                      <td>{dateTime(run.startedAt)}</td>
                      <td>{run.trigger}</td>
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
            </>
          )}
        </Card>
        {health?.map((connection) => (
          <ConnectionHealthCard
            key={connection.connectionId}
            health={connection}
            now={now}
            defaultInterval={settings?.syncIntervalMinutes ?? 30}
          />
        ))}
      </div>
    </>
  );
}
