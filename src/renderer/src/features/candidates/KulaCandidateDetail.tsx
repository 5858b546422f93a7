import { ArrowLeft } from 'lucide-react';
import { useState } from 'react';
import type { CandidateDetail } from '../../../../shared/domain/kula';
import { call } from '../../lib/api';
import { dateTime } from '../../lib/format';
import { navigate } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { PageHeader } from '../../ui/PageHeader';
import { SelectField } from '../../ui/SelectField';
import { OutboxTable } from '../outbox/OutboxTable';
import { AtsLinks } from './AtsLinks';
import { ConversationSection, NotesSection } from './NotesSections';
import { ReferralSection, ResumeSection } from './FileSections';

/** `#/candidates/kula/<id>`: one Kula candidate, their ATS links and everything synced for them. */
export function KulaCandidateDetail({ candidateId }: { candidateId: string }) {
  const detail = useQuery(
    () => call('candidates:get', { id: candidateId }),
    ['candidates:get'],
    [candidateId],
  );
  const candidate = detail.data;
  return (
    <>
      <PageHeader
        title={candidate?.name ?? 'Candidate'}
        description={candidate?.email ?? undefined}
        actions={
          <>
            <Button
              icon={<ArrowLeft size={16} aria-hidden />}
              onClick={() => navigate('/candidates')}
            >
              All candidates
            </Button>
            {candidate ? <AtsLinks name={candidate.name} links={candidate.atsLinks} /> : null}
          </>
        }
      />
      <ErrorBanner error={detail.error} />
      {candidate ? (
        <div className="detail-grid">
          <div className="stack">
            <PipelineCard candidate={candidate} />
            <NotesSection candidate={candidate} />
            <ConversationSection candidate={candidate} />
          </div>
          <div className="stack">
            <ContactCard candidate={candidate} />
            <ResumeSection candidate={candidate} />
            <ReferralSection candidate={candidate} />
          </div>
          <div className="detail-wide stack">
            <Card title="Writes to the ATS" data-testid="candidate-writes">
              <OutboxTable
                items={candidate.writes}
                showCandidate={false}
                empty="Nothing was written to an ATS for this candidate yet."
              />
            </Card>
            <HistoryCard candidate={candidate} />
          </div>
        </div>
      ) : null}
    </>
  );
}

function PipelineCard({ candidate }: { candidate: CandidateDetail }) {
  const stages = useQuery(() => call('kula-stages:list'), ['kula-stages:list'], []);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const move = async (kulaStageId: string) => {
    try {
      const result = await call('candidates:move', { id: candidate.id, kulaStageId });
      setError(null);
      setNote(
        result.movesQueued
          ? `Moved. ${result.movesQueued} ATS application${result.movesQueued === 1 ? '' : 's'} will follow per the Kula → ATS table at the next sync.`
          : 'Moved in Kula.',
      );
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <Card title="Pipeline">
      <SelectField
        label="Kula stage"
        hint="Linked ATS applications move per the Kula → ATS table."
        value={candidate.kulaStageId}
        onChange={(event) => void move(event.target.value)}
      >
        {(stages.data ?? [{ id: candidate.kulaStageId, name: candidate.kulaStageName }]).map(
          (stage) => (
            <option key={stage.id} value={stage.id}>
              {stage.name}
            </option>
          ),
        )}
      </SelectField>
      {note ? (
        <p className="small muted" role="status">
          {note}
        </p>
      ) : null}
      <ErrorBanner error={error} />
      <h3 className="section-title">Applications</h3>
      {candidate.applications.length === 0 ? (
        <p className="muted small">
          None yet: add the candidate to a flow linked to an ATS job, or refer them to a job.
        </p>
      ) : (
        <table className="table" data-testid="candidate-applications">
          <thead>
            <tr>
              <th>Job</th>
              <th>From</th>
              <th>ATS stage</th>
            </tr>
          </thead>
          <tbody>
            {candidate.applications.map((application) => (
              <tr key={application.id}>
                <td>
                  {application.jobTitle}
                  <div className="small muted">{application.connectionLabel}</div>
                </td>
                <td className="small">
                  {application.origin === 'referral'
                    ? 'Referral'
                    : `Flow ${application.flowName ?? ''}`}
                  <div>
                    {application.atsApplicationId ? (
                      application.createdByConsole ? (
                        <Badge tone="success">Created by the console</Badge>
                      ) : (
                        <Badge tone="neutral">Linked (existed)</Badge>
                      )
                    ) : (
                      <Badge tone="info">Being created</Badge>
                    )}
                  </div>
                </td>
                <td>
                  {application.atsStage ?? '—'}
                  {application.archived ? <div className="small muted">archived</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

function ContactCard({ candidate }: { candidate: CandidateDetail }) {
  return (
    <Card title="Contact">
      <dl className="facts">
        <dt>Emails</dt>
        <dd>{candidate.emails.join(', ') || '—'}</dd>
        <dt>Phone</dt>
        <dd>{candidate.phone ?? '—'}</dd>
        <dt>Links</dt>
        <dd className="break">{candidate.links.join(' ') || '—'}</dd>
        <dt>Flows</dt>
        <dd>{candidate.flows.map((flow) => flow.name).join(', ') || '—'}</dd>
        <dt>Added</dt>
        <dd>{dateTime(candidate.createdAt)}</dd>
      </dl>
      {candidate.caveats.length ? (
        <ul className="caveat-list small">
          {candidate.caveats.map((caveat) => (
            <li key={`${caveat.connectionLabel}-${caveat.text}`}>
              <strong>{caveat.connectionLabel}:</strong> {caveat.text}
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}

function HistoryCard({ candidate }: { candidate: CandidateDetail }) {
  return (
    <Card title="History of what was synced" data-testid="candidate-history">
      {candidate.history.length === 0 ? (
        <p className="muted">No sync has touched this candidate yet.</p>
      ) : (
        <ol className="history">
          {candidate.history.map((item, index) => (
            <li key={index} className={`history-${item.level}`}>
              <span className="small muted">
                {dateTime(item.at)}
                {item.connectionLabel ? ` · ${item.connectionLabel}` : ''}
              </span>
              <div>{item.title}</div>
              {item.detail ? <div className="small">{item.detail}</div> : null}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
