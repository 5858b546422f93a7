import type { SyncRunSummary } from '../../../../shared/domain/runs';
import { count, dateTime, duration } from '../../lib/format';

/**
 * The run history chart's runs as a table, folded under the chart: what the picture and its hover
 * tooltips say, in a form the keyboard and screen readers reach, each run a link to its lines.
 */
export function RunHistoryTable({
  id,
  runs,
  labelOf,
  now,
}: {
  id: string;
  /** Newest first. */
  runs: SyncRunSummary[];
  labelOf: (connectionId: string) => string;
  now: number;
}) {
  return (
    <details className="chart-data" id={id}>
      <summary>The chart’s {runs.length} runs as a table</summary>
      <table className="table compact" data-testid="run-history-data">
        <caption className="sr-only">Runs in the run history chart, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Connection</th>
            <th scope="col">Started</th>
            <th scope="col">Trigger</th>
            <th scope="col">Status</th>
            <th scope="col">Duration</th>
            <th scope="col" className="num">
              Pulled
            </th>
            <th scope="col" className="num">
              Pushed
            </th>
            <th scope="col" className="num">
              Errors
            </th>
            <th scope="col" className="num">
              Requests
            </th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <td>
                <a href={`#/log?run=${run.id}&levels=all`}>#{run.id}</a>
              </td>
              <td>{labelOf(run.connectionId)}</td>
              <td>{dateTime(run.startedAt)}</td>
              <td>{run.trigger}</td>
              <td>{run.status}</td>
              <td className="nowrap">
                {run.finishedAt
                  ? duration(run.startedAt, run.finishedAt)
                  : `${duration(run.startedAt, new Date(now).toISOString())} so far`}
              </td>
              <td className="num">{count(run.recordsPulled)}</td>
              <td className="num">{count(run.recordsPushed)}</td>
              <td className="num">{count(run.errors)}</td>
              <td className="num">{count(run.requests)}</td>
              <td className="chart-data-message">{run.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
