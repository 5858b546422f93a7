import { CheckCircle2, CircleAlert, ScrollText } from 'lucide-react';
import type { ConnectionHealth } from '../../../../shared/domain/health';
import { PROVIDER_LABELS } from '../../../../shared/domain/connections';
import { count, dateTime } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Card } from '../../ui/Card';
import { ApiVersionNote } from './ApiVersionNote';
import { scheduleText, since, TOKEN_LABELS } from './labels';
import { ScheduleControls } from './ScheduleControls';
import { UsageChart } from './UsageChart';

const STATUS: Record<
  string,
  { tone: 'success' | 'danger' | 'warning' | 'neutral'; label: string }
> = {
  connected: { tone: 'success', label: 'Connected' },
  needs_reauth: { tone: 'danger', label: 'Needs re-authorization' },
  needs_reconnect: { tone: 'warning', label: 'Needs reconnect' },
  disabled: { tone: 'neutral', label: 'Disconnected' },
};

/**
 * One connection's health: its schedule and last result, each resource's incremental-sync token,
 * its rate-limit use and 429s (its own limit apart from the ATS throttling all its partners), the
 * write-back backlog and the permissions the last check found.
 */
export function ConnectionHealthCard({
  health,
  now,
  defaultInterval,
}: {
  health: ConnectionHealth;
  now: number;
  defaultInterval: number;
}) {
  const ats = PROVIDER_LABELS[health.provider];
  const status = STATUS[health.status] ?? { tone: 'neutral', label: health.status };
  const schedule = scheduleText(health.schedule, now);
  const { rateLimit } = health;
  const limitPerMinute = rateLimit.limit ? Math.round(rateLimit.limit.perSecond * 60) : null;
  const use =
    rateLimit.limit && rateLimit.lastHour.peakPerSecond > 0
      ? Math.min(
          999,
          Math.round((rateLimit.lastHour.peakPerSecond / rateLimit.limit.perSecond) * 100),
        )
      : null;
  const missing = health.check?.permissions.filter((permission) => permission.granted === false);
  const logLink = `#/log?connection=${encodeURIComponent(health.connectionId)}`;

  return (
    <Card
      className="health-card"
      title={`${health.label} · ${ats}`}
      actions={<Badge tone={status.tone}>{status.label}</Badge>}
      data-testid={`health-${health.connectionId}`}
    >
      <div className="health-grid">
        <section className="health-section" aria-label="Schedule">
          <h3>Schedule</h3>
          <p>
            <Badge tone={schedule.tone}>{schedule.text}</Badge>
          </p>
          <dl className="facts">
            <dt>Last success</dt>
            <dd>{since(health.lastSuccessAt)}</dd>
            <dt>Last run</dt>
            <dd>
              {health.lastRun ? (
                <a href={`#/log?run=${health.lastRun.id}&levels=all`}>
                  #{health.lastRun.id} {health.lastRun.status}, {since(health.lastRun.startedAt)}
                </a>
              ) : (
                'none yet'
              )}
            </dd>
            {health.schedule.consecutiveFailures > 0 ? (
              <>
                <dt>Failed in a row</dt>
                <dd>{health.schedule.consecutiveFailures}</dd>
              </>
            ) : null}
          </dl>
          {health.lastRun?.status === 'failed' && health.lastRun.message ? (
            <Banner tone="danger">{health.lastRun.message}</Banner>
          ) : null}
          <ScheduleControls
            schedule={health.schedule}
            label={health.label}
            defaultInterval={defaultInterval}
          />
        </section>

        <section className="health-section" aria-label="Rate limit">
          <h3>Rate limit</h3>
          <p className="health-lead">
            {rateLimit.limit
              ? `${rateLimit.limit.perSecond} requests/s, bursts of ${rateLimit.limit.burst}${
                  rateLimit.limitIsDefault ? ` (${ats}’s default)` : ' (set for this connection)'
                }`
              : 'No client-side limit (throttling off)'}
          </p>
          {use !== null ? (
            <div className="gauge" aria-label={`Busiest minute used ${use}% of the limit`}>
              <div className="gauge-track">
                <div
                  className={`gauge-fill ${use >= 90 ? 'gauge-hot' : ''}`}
                  style={{ width: `${Math.min(100, use)}%` }}
                />
              </div>
              <span className="muted">
                Busiest minute: {rateLimit.lastHour.peakPerSecond} req/s ({use}% of the limit)
              </span>
            </div>
          ) : (
            <p className="muted">
              {rateLimit.lastHour.requests > 0
                ? `${count(rateLimit.lastHour.requests)} requests in the last hour; busiest minute ${rateLimit.lastHour.peakPerSecond} req/s.`
                : 'No requests in the last hour.'}
            </p>
          )}
          <UsageChart minutes={rateLimit.minutes} limitPerMinute={limitPerMinute} />
          <div className="throttle-facts" data-testid="throttle-facts">
            <p>
              <span className="swatch usage-own" aria-hidden />{' '}
              <strong>{count(rateLimit.last24h.rateLimited)}</strong> 429s from this key’s own limit
              in 24 h
              {rateLimit.lastRateLimitedAt ? `, last ${since(rateLimit.lastRateLimitedAt)}` : ''}
            </p>
            <p>
              <span className="swatch usage-partner" aria-hidden />{' '}
              <strong>{count(rateLimit.last24h.partnerThrottled)}</strong> 429s from {ats}{' '}
              throttling every customer of the integration (partner-wide)
              {rateLimit.lastPartnerThrottledAt
                ? `, last ${since(rateLimit.lastPartnerThrottledAt)}`
                : ''}
            </p>
          </div>
          {rateLimit.last24h.partnerThrottled > 0 ? (
            <p className="muted small">
              Partner-wide throttling is {ats} limiting the Kula integration across all its
              customers: nothing to change on your side; syncs continue, more slowly.
            </p>
          ) : null}
          {rateLimit.last24h.rateLimited > 0 ? (
            <p className="muted small">
              Limits of this key: the console waits as {ats} asks. If it keeps happening, lower the
              request limit in the connection’s settings (other tools may share the key).
            </p>
          ) : null}
        </section>

        <section className="health-section health-wide" aria-label="Incremental sync">
          <h3>Incremental sync</h3>
          {health.resources.length === 0 ? (
            <p className="muted">Nothing has been read yet.</p>
          ) : (
            <table className="table compact">
              <thead>
                <tr>
                  <th>Resource</th>
                  <th>Token</th>
                  <th>Last complete</th>
                  <th>Last full read</th>
                  <th>Last notice</th>
                </tr>
              </thead>
              <tbody>
                {health.resources.map((resource) => {
                  const state = TOKEN_LABELS[resource.state];
                  return (
                    <tr key={resource.resource}>
                      <td>{resource.label}</td>
                      <td title={state.hint}>
                        <Badge tone={state.tone}>{state.label}</Badge>
                      </td>
                      <td>{since(resource.lastCompleteAt)}</td>
                      <td>{since(resource.lastFullAt)}</td>
                      <td className="health-notice">
                        {resource.lastNotice ? (
                          <span
                            title={resource.lastNotice.at ? dateTime(resource.lastNotice.at) : ''}
                          >
                            {resource.lastNotice.message ?? resource.lastNotice.code}
                          </span>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>

        <section className="health-section" aria-label="Write-back queue">
          <h3>Write-back queue</h3>
          <dl className="facts">
            <dt>Waiting</dt>
            <dd>{count(health.outbox.pending + health.outbox.inFlight)}</dd>
            <dt>Failed</dt>
            <dd>
              {health.outbox.failed > 0 ? (
                <Badge tone="danger">{count(health.outbox.failed)} need you</Badge>
              ) : (
                0
              )}
            </dd>
            <dt>Oldest waiting</dt>
            <dd>{health.outbox.oldestOpenAt ? since(health.outbox.oldestOpenAt) : '—'}</dd>
          </dl>
          {health.outbox.held ? (
            <Banner tone="warning" title="Writes are on hold">
              {health.outbox.held.reason} {health.outbox.held.action}
            </Banner>
          ) : null}
          {health.outbox.failed > 0 ? (
            <p className="muted small">
              Failed writes are not tried again on their own: retry or discard each one.
            </p>
          ) : null}
        </section>

        <section className="health-section" aria-label="Permissions">
          <h3>Permissions</h3>
          {health.check ? (
            <>
              <p className="health-lead">
                {missing && missing.length > 0 ? (
                  <>
                    <CircleAlert size={15} aria-hidden className="icon-warning" /> {missing.length}{' '}
                    missing of {health.check.permissions.length}
                  </>
                ) : (
                  <>
                    <CheckCircle2 size={15} aria-hidden className="icon-success" /> All{' '}
                    {health.check.permissions.length} the console uses are granted
                  </>
                )}
                <span className="muted"> · checked {since(health.checkedAt)}</span>
              </p>
              {missing && missing.length > 0 ? (
                <ul className="health-missing">
                  {missing.map((permission) => (
                    <li key={permission.name}>
                      <strong>{permission.label ?? permission.name}</strong>
                      {permission.features.length ? `: ${permission.features.join(', ')}` : ''}
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : (
            <p className="muted">Not checked yet.</p>
          )}
          {health.apiVersion ? <ApiVersionNote ats={ats} version={health.apiVersion} /> : null}
          <a className="health-log-link" href={logLink}>
            <ScrollText size={14} aria-hidden /> Open this connection’s log
          </a>
        </section>
      </div>
    </Card>
  );
}
