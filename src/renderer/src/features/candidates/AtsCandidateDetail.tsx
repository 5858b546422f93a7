import { ArrowLeft, ExternalLink, Mail, Phone } from 'lucide-react';
import { useState } from 'react';
import { PROVIDER_LABELS, type ProviderKind } from '../../../../shared/domain/connections';
import { call } from '../../lib/api';
import { dateTime } from '../../lib/format';
import { navigate } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { Badge, type Tone } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { PageHeader } from '../../ui/PageHeader';

const STATUS_TONES: Record<string, Tone> = {
  Lead: 'info',
  Active: 'accent',
  Hired: 'success',
  Archived: 'neutral',
};

/** One candidate with every application: job, stage (and plan), status, source. */
export function CandidateDetailView({
  connectionId,
  candidateId,
}: {
  connectionId: string;
  candidateId: string;
}) {
  const query = useQuery(
    () => call('ats:get-candidate', { connectionId, candidateId }),
    ['ats:get-candidate'],
    [connectionId, candidateId],
  );
  const detail = query.data;
  const [linkRefused, setLinkRefused] = useState(false);

  const ats = detail
    ? (PROVIDER_LABELS[detail.provider as ProviderKind] ?? detail.provider)
    : 'the ATS';
  const openProfile = async () => {
    if (!detail?.profileUrl) return;
    const { opened } = await call('links:open-external', { url: detail.profileUrl });
    setLinkRefused(!opened);
  };

  return (
    <>
      <PageHeader
        title={detail?.name ?? 'Candidate'}
        description={detail?.primaryEmail ?? undefined}
        actions={
          <>
            <Button
              icon={<ArrowLeft size={16} aria-hidden />}
              onClick={() => navigate('/candidates', { source: 'ats' })}
            >
              All ATS candidates
            </Button>
            {detail?.profileUrl ? (
              <Button
                variant="primary"
                icon={<ExternalLink size={16} aria-hidden />}
                aria-label={`Open in ${ats}`}
                title={`Open ${detail.name} in ${ats}`}
                onClick={() => void openProfile()}
              >
                Open in {ats}
              </Button>
            ) : null}
          </>
        }
      />
      <ErrorBanner error={query.error} />
      {linkRefused ? (
        <Banner tone="warning">
          The console opens only addresses of the ATS; this profile link was not one.
        </Banner>
      ) : null}
      {detail ? (
        <div className="stack">
          <Card title="Contact">
            <dl className="facts">
              <dt>Emails</dt>
              <dd>
                {detail.emails.length
                  ? detail.emails.map((email) => (
                      <span key={email} className="contact">
                        <Mail size={14} aria-hidden /> {email}
                      </span>
                    ))
                  : '—'}
              </dd>
              <dt>Phones</dt>
              <dd>
                {detail.phones.length
                  ? detail.phones.map((phone) => (
                      <span key={phone} className="contact">
                        <Phone size={14} aria-hidden /> {phone}
                      </span>
                    ))
                  : '—'}
              </dd>
              <dt>Links</dt>
              <dd>{detail.links.length ? detail.links.join(', ') : '—'}</dd>
              <dt>In {ats} since</dt>
              <dd>{dateTime(detail.createdAt)}</dd>
              <dt>Last change</dt>
              <dd>{dateTime(detail.updatedAt)}</dd>
            </dl>
          </Card>
          <Card title={`Applications (${detail.applications.length})`}>
            {detail.applications.length === 0 ? (
              <p className="muted">
                No application in the cache (confidential jobs are hidden from keys without access).
              </p>
            ) : (
              <table className="table" data-testid="applications-table">
                <thead>
                  <tr>
                    <th>Job</th>
                    <th>Stage</th>
                    <th>Status</th>
                    <th>Source</th>
                    <th>Applied</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.applications.map((application) => (
                    <tr key={application.id}>
                      <td>{application.jobTitle ?? 'Unknown job'}</td>
                      <td>
                        <div>{application.stageTitle ?? '—'}</div>
                        {application.planTitle ? (
                          <div className="muted small">{application.planTitle}</div>
                        ) : null}
                      </td>
                      <td>
                        <Badge tone={STATUS_TONES[application.status] ?? 'neutral'}>
                          {application.status}
                        </Badge>
                        {application.archiveReason ? (
                          <div className="muted small">{application.archiveReason}</div>
                        ) : null}
                      </td>
                      <td>
                        {application.source ?? '—'}
                        {application.createdByConsole ? (
                          <div className="muted small">Created by the console</div>
                        ) : null}
                      </td>
                      <td className="muted">{dateTime(application.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Card>
        </div>
      ) : null}
    </>
  );
}
