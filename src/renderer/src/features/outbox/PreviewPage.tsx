import { ArrowLeft, EyeOff, RefreshCw } from 'lucide-react';
import type { PreviewAction } from '../../../../shared/domain/outbox';
import { call } from '../../lib/api';
import { dateTime } from '../../lib/format';
import { navigate } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { Badge, type Tone } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { PageHeader } from '../../ui/PageHeader';

const VERBS: Record<PreviewAction['verb'], { label: string; tone: Tone }> = {
  create: { label: 'Create', tone: 'accent' },
  link: { label: 'Link', tone: 'info' },
  move: { label: 'Move', tone: 'info' },
  note: { label: 'Note', tone: 'neutral' },
  upload: { label: 'Upload', tone: 'neutral' },
  skip: { label: 'Skip', tone: 'neutral' },
  blocked: { label: 'Blocked', tone: 'danger' },
};

/** What the next sync would write, per candidate, and what would become visible in each ATS. */
export function PreviewPage() {
  const preview = useQuery(() => call('outbox:preview', {}), ['outbox:preview'], []);
  const data = preview.data;
  return (
    <>
      <PageHeader
        title="Preview sync"
        description="What the next sync would send to each ATS, per candidate. Nothing is sent from this screen. Matches by email come from the local cache; the console checks them again, live, when it sends."
        actions={
          <>
            <Button icon={<ArrowLeft size={16} aria-hidden />} onClick={() => navigate('/outbox')}>
              Outbox
            </Button>
            <Button icon={<RefreshCw size={16} aria-hidden />} onClick={preview.reload}>
              Refresh
            </Button>
          </>
        }
      />
      <ErrorBanner error={preview.error} />
      {data ? (
        <div className="stack" data-testid="sync-preview">
          {data.connections.map((connection) =>
            connection.held ? (
              <Banner
                key={connection.connectionId}
                tone="warning"
                title={`${connection.connectionLabel}: nothing would be sent now`}
              >
                {connection.held.reason} {connection.held.action}
              </Banner>
            ) : null,
          )}
          <div className="preview-totals" aria-label="Totals">
            {(Object.keys(VERBS) as Array<PreviewAction['verb']>).map((verb) => (
              <span key={verb} className="preview-total">
                <Badge tone={VERBS[verb].tone}>{VERBS[verb].label}</Badge>
                <strong>{data.totals[verb]}</strong>
              </span>
            ))}
            <span className="small muted">as of {dateTime(data.generatedAt)}</span>
          </div>
          {data.candidates.length === 0 ? (
            <Card>
              <EmptyState icon={<EyeOff size={28} />} title="The next sync would send nothing">
                <p>Every change made in Kula has reached its ATS.</p>
              </EmptyState>
            </Card>
          ) : (
            data.candidates.map((candidate) => (
              <Card
                key={candidate.candidateId}
                title={candidate.name}
                data-candidate={candidate.email ?? candidate.candidateId}
                actions={
                  <>
                    {candidate.email ? <span className="muted">{candidate.email}</span> : null}
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() =>
                        navigate(`/candidates/kula/${encodeURIComponent(candidate.candidateId)}`)
                      }
                    >
                      Open
                    </Button>
                  </>
                }
              >
                <ol className="preview-actions">
                  {candidate.actions.map((action, index) => (
                    <li key={action.outboxId ?? `then-${index}`} data-verb={action.verb}>
                      <Badge tone={VERBS[action.verb].tone}>{VERBS[action.verb].label}</Badge>
                      <div>
                        <div>{action.summary}</div>
                        <div className="small muted">
                          {action.connectionLabel}
                          {action.detail ? ` · ${action.detail}` : ''}
                        </div>
                      </div>
                    </li>
                  ))}
                </ol>
              </Card>
            ))
          )}
          <Card title="Privacy: what becomes visible in the ATS" data-testid="privacy-preview">
            <p className="small">
              <strong>{data.privacy.privateNotesKept}</strong>{' '}
              {data.privacy.privateNotesKept === 1
                ? 'private note stays in Kula: it is never sent, logged or queued.'
                : 'private notes stay in Kula: they are never sent, logged or queued.'}
            </p>
            {data.privacy.visible.length === 0 ? (
              <p className="muted">No note or message text would be sent by the next sync.</p>
            ) : (
              <ul className="privacy-list">
                {data.privacy.visible.map((item, index) => (
                  <li key={index}>
                    <div className="small muted">
                      {item.kind === 'note' ? 'Note' : 'Message'} on {item.candidateName} in{' '}
                      {item.connectionLabel}, visible to everyone there who can see the candidate:
                    </div>
                    <pre className="privacy-text">{item.text}</pre>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          {data.connections.some((connection) => connection.caveats.length) ? (
            <Card title="How each ATS takes these writes">
              <ul className="caveat-list">
                {data.connections.flatMap((connection) =>
                  connection.caveats.map((caveat) => (
                    <li key={`${connection.connectionId}-${caveat}`}>
                      <strong>{connection.connectionLabel}:</strong> {caveat}
                    </li>
                  )),
                )}
              </ul>
            </Card>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
