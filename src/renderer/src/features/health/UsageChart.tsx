import { useId } from 'react';
import type { UsageMinute } from '../../../../shared/domain/health';

/**
 * The last hour of one connection's API use, a bar per minute (requests sent), with the 429s of
 * that minute stacked on top in two colours: the key's own limit (red) and the ATS throttling
 * every customer of the integration (amber). A burst of 429s shows as a block of colour. The
 * minutes with requests are also a table folded under the chart, for the keyboard and screen
 * readers (the picture's per-minute tooltips reach only a mouse).
 */
const WIDTH = 360;
const HEIGHT = 84;
const TOP = 6;
const BOTTOM = 16;

export function UsageChart({
  minutes,
  limitPerMinute,
}: {
  minutes: UsageMinute[];
  /** The client-side limit as requests per minute (a dashed line), when there is one. */
  limitPerMinute: number | null;
}) {
  const peak = Math.max(1, ...minutes.map((minute) => minute.requests), limitPerMinute ?? 0);
  const plot = HEIGHT - TOP - BOTTOM;
  const slot = WIDTH / minutes.length;
  const y = (value: number) => TOP + plot - (value / peak) * plot;
  const tableId = useId();
  const throttled = minutes.reduce(
    (sum, minute) => sum + minute.rateLimited + minute.partnerThrottled,
    0,
  );
  return (
    <>
      <svg
        className="usage-chart"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Requests per minute over the last hour; ${throttled} answered with 429`}
        aria-describedby={tableId}
        data-testid="usage-chart"
      >
        <line className="chart-grid" x1={0} x2={WIDTH} y1={TOP + plot} y2={TOP + plot} />
        {limitPerMinute !== null ? (
          <line
            className="chart-limit"
            x1={0}
            x2={WIDTH}
            y1={y(limitPerMinute)}
            y2={y(limitPerMinute)}
          >
            <title>{`Request limit: ${limitPerMinute} per minute`}</title>
          </line>
        ) : null}
        {minutes.map((minute, index) => {
          const x = index * slot + 0.5;
          const w = Math.max(1, slot - 1.5);
          const requests = minute.requests - minute.rateLimited - minute.partnerThrottled;
          const okTop = y(Math.max(0, requests));
          const ownTop = y(Math.max(0, requests) + minute.rateLimited);
          const partnerTop = y(
            Math.max(0, requests) + minute.rateLimited + minute.partnerThrottled,
          );
          const time = minuteTime(minute.at);
          return (
            <g key={minute.at}>
              <title>
                {`${time}: ${minute.requests} requests` +
                  (minute.rateLimited
                    ? `, ${minute.rateLimited} limited by this key’s limit`
                    : '') +
                  (minute.partnerThrottled
                    ? `, ${minute.partnerThrottled} throttled partner-wide`
                    : '')}
              </title>
              <rect className="usage-ok" x={x} y={okTop} width={w} height={TOP + plot - okTop} />
              <rect className="usage-own" x={x} y={ownTop} width={w} height={okTop - ownTop} />
              <rect
                className="usage-partner"
                x={x}
                y={partnerTop}
                width={w}
                height={ownTop - partnerTop}
              />
            </g>
          );
        })}
        <text className="chart-tick" x={0} y={HEIGHT - 3}>
          60 min ago
        </text>
        <text className="chart-tick" x={WIDTH} y={HEIGHT - 3} textAnchor="end">
          now
        </text>
      </svg>
      <UsageTable id={tableId} minutes={minutes} />
    </>
  );
}

function minuteTime(at: string): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

function UsageTable({ id, minutes }: { id: string; minutes: UsageMinute[] }) {
  const busy = minutes.filter((minute) => minute.requests > 0);
  return (
    <details className="chart-data" id={id}>
      <summary>
        {busy.length === 0
          ? 'No requests in the last hour'
          : `The ${busy.length} minutes with requests as a table`}
      </summary>
      {busy.length > 0 ? (
        <table className="table compact" data-testid="usage-data">
          <caption className="sr-only">Requests per minute in the last hour, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Minute</th>
              <th scope="col" className="num">
                Requests
              </th>
              <th scope="col" className="num">
                429 from this key’s limit
              </th>
              <th scope="col" className="num">
                429 partner-wide
              </th>
            </tr>
          </thead>
          <tbody>
            {busy.map((minute) => (
              <tr key={minute.at}>
                <td className="nowrap">{minuteTime(minute.at)}</td>
                <td className="num">{minute.requests}</td>
                <td className="num">{minute.rateLimited}</td>
                <td className="num">{minute.partnerThrottled}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </details>
  );
}
