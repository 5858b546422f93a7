import { useId } from 'react';
import type { SyncRunSummary } from '../../../../shared/domain/runs';
import { count, dateTime, duration } from '../../lib/format';
import { navigate } from '../../lib/router';
import { RunHistoryTable } from './RunHistoryTable';

/**
 * Recent runs at a glance, drawn as plain SVG (no chart library, nothing injected into the page):
 * above, each run's duration, coloured by outcome; below, records pulled and pushed (log scale,
 * so a 20-record incremental run still shows beside a 200,000-record import), with a red mark and
 * count where a run had errors. The picture is one image to assistive technology, so it holds
 * nothing focusable: a click on a run opens its lines in the log (with a tooltip on hover), and the
 * same runs, each with its link, are a table under the chart for the keyboard and screen readers.
 */
const WIDTH = 760;
const LEFT = 52;
const RIGHT = 12;
const TOP = 14;
const DURATION_H = 104;
const GAP = 26;
const RECORDS_H = 70;
const AXIS_H = 22;
const HEIGHT = TOP + DURATION_H + GAP + RECORDS_H + AXIS_H;

const STATUS_CLASS: Record<string, string> = {
  succeeded: 'chart-ok',
  failed: 'chart-failed',
  cancelled: 'chart-cancelled',
  interrupted: 'chart-interrupted',
  running: 'chart-running',
};

export function RunHistoryChart({
  runs,
  labelOf,
  now,
}: {
  /** Newest first, as the store holds them. */
  runs: SyncRunSummary[];
  labelOf: (connectionId: string) => string;
  /** For runs still going. */
  now: number;
}) {
  const tableId = useId();
  const shown = [...runs].slice(0, 40).reverse();
  if (shown.length === 0) return null;
  const seconds = shown.map((run) => runSeconds(run, now));
  const maxSeconds = niceCeil(Math.max(1, ...seconds));
  const maxRecords = Math.max(1, ...shown.map((run) => run.recordsPulled + run.recordsPushed));
  const logMax = Math.log10(maxRecords + 1);
  const slot = (WIDTH - LEFT - RIGHT) / Math.max(shown.length, 12);
  const bar = Math.max(4, Math.min(22, slot * 0.62));
  const recordsTop = TOP + DURATION_H + GAP;
  const recordY = (value: number) =>
    recordsTop + RECORDS_H - (Math.log10(value + 1) / logMax) * RECORDS_H;
  const ticks = [0, maxSeconds / 2, maxSeconds];

  return (
    <figure className="run-chart" data-testid="run-history-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`The last ${shown.length} sync runs: duration, records pulled and pushed, and errors`}
        aria-describedby={tableId}
      >
        {ticks.map((tick) => {
          const y = TOP + DURATION_H - (tick / maxSeconds) * DURATION_H;
          return (
            <g key={tick}>
              <line className="chart-grid" x1={LEFT} x2={WIDTH - RIGHT} y1={y} y2={y} />
              <text className="chart-tick" x={LEFT - 6} y={y + 4} textAnchor="end">
                {formatSeconds(tick)}
              </text>
            </g>
          );
        })}
        <text className="chart-axis-label" x={LEFT} y={TOP - 4}>
          Duration
        </text>
        <line
          className="chart-grid"
          x1={LEFT}
          x2={WIDTH - RIGHT}
          y1={recordsTop + RECORDS_H}
          y2={recordsTop + RECORDS_H}
        />
        <text className="chart-axis-label" x={LEFT} y={recordsTop - 6}>
          Records pulled and pushed (log scale)
        </text>
        <text className="chart-tick" x={LEFT - 6} y={recordsTop + 8} textAnchor="end">
          {compact(maxRecords)}
        </text>
        {shown.map((run, index) => {
          const x = LEFT + slot * index + (slot - bar) / 2;
          const durationHeight = Math.max(2, (seconds[index]! / maxSeconds) * DURATION_H);
          const pulledTop = recordY(run.recordsPulled);
          const totalTop = recordY(run.recordsPulled + run.recordsPushed);
          const base = recordsTop + RECORDS_H;
          return (
            <g
              key={run.id}
              className="chart-run"
              data-run={run.id}
              onClick={() => navigate('/log', { run: String(run.id), levels: 'all' })}
            >
              <title>{describe(run, labelOf(run.connectionId), now)}</title>
              <rect
                className={`chart-duration ${STATUS_CLASS[run.status] ?? ''}`}
                x={x}
                y={TOP + DURATION_H - durationHeight}
                width={bar}
                height={durationHeight}
                rx={2}
              />
              <rect
                className="chart-pulled"
                x={x}
                y={pulledTop}
                width={bar}
                height={Math.max(run.recordsPulled ? 1 : 0, base - pulledTop)}
              />
              <rect
                className="chart-pushed"
                x={x}
                y={totalTop}
                width={bar}
                height={Math.max(run.recordsPushed ? 1 : 0, pulledTop - totalTop)}
              />
              {run.errors > 0 || run.status === 'failed' ? (
                <g className="chart-errors">
                  <circle cx={x + bar / 2} cy={recordsTop - 10} r={7} />
                  <text x={x + bar / 2} y={recordsTop - 6.5} textAnchor="middle">
                    {run.errors > 0 ? (run.errors > 99 ? '99+' : run.errors) : '!'}
                  </text>
                </g>
              ) : null}
              {/* A wide invisible target, so thin bars are easy to point at. */}
              <rect
                className="chart-hit"
                x={LEFT + slot * index}
                y={TOP}
                width={slot}
                height={HEIGHT - TOP - AXIS_H}
              />
            </g>
          );
        })}
        <text className="chart-tick" x={LEFT} y={HEIGHT - 6}>
          {dateTime(shown[0]!.startedAt)}
        </text>
        <text className="chart-tick" x={WIDTH - RIGHT} y={HEIGHT - 6} textAnchor="end">
          {dateTime(shown.at(-1)!.startedAt)}
        </text>
      </svg>
      <figcaption className="chart-legend">
        <span className="legend-item">
          <span className="legend-swatch chart-ok" /> Succeeded
        </span>
        <span className="legend-item">
          <span className="legend-swatch chart-failed" /> Failed
        </span>
        <span className="legend-item">
          <span className="legend-swatch chart-cancelled" /> Stopped or interrupted
        </span>
        <span className="legend-item">
          <span className="legend-swatch chart-pulled" /> Pulled
        </span>
        <span className="legend-item">
          <span className="legend-swatch chart-pushed" /> Pushed
        </span>
        <span className="legend-item">
          <span className="legend-dot" /> Errors
        </span>
      </figcaption>
      <RunHistoryTable id={tableId} runs={[...shown].reverse()} labelOf={labelOf} now={now} />
    </figure>
  );
}

function runSeconds(run: SyncRunSummary, now: number): number {
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now;
  return Math.max(0, (end - Date.parse(run.startedAt)) / 1000);
}

function describe(run: SyncRunSummary, label: string, now: number): string {
  const time = run.finishedAt
    ? duration(run.startedAt, run.finishedAt)
    : `${formatSeconds(runSeconds(run, now))} so far`;
  return [
    `Run #${run.id} of ${label}, ${run.trigger}, ${run.status}`,
    `${dateTime(run.startedAt)}, ${time}`,
    `${count(run.recordsPulled)} pulled, ${count(run.recordsPushed)} pushed, ${count(run.errors)} errors, ${count(run.requests)} requests`,
    run.message ?? '',
  ]
    .filter(Boolean)
    .join('\n');
}

function niceCeil(value: number): number {
  const steps = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200];
  return steps.find((step) => step >= value) ?? Math.ceil(value / 3600) * 3600;
}

function formatSeconds(value: number): string {
  if (value < 60) return `${Math.round(value)} s`;
  if (value < 3600) return `${Math.round(value / 60)} min`;
  return `${Math.round((value / 3600) * 10) / 10} h`;
}

function compact(value: number): string {
  if (value >= 1_000_000) return `${Math.round(value / 100_000) / 10}M`;
  if (value >= 1000) return `${Math.round(value / 100) / 10}k`;
  return String(value);
}
