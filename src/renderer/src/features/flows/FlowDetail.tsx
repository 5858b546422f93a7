import { ArrowLeft, UserPlus } from 'lucide-react';
import { useState } from 'react';
import { PROVIDER_LABELS } from '../../../../shared/domain/connections';
import { call, describeError } from '../../lib/api';
import { navigate } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { PageHeader } from '../../ui/PageHeader';
import { TextField } from '../../ui/TextField';
import { CandidateTable } from '../candidates/CandidateTable';
import { jobKey, parseJobKey } from './job-key';
import { OpenJobPicker } from './OpenJobPicker';

/** One flow: its ATS job, its candidates (with their ATS icons), adding more. */
export function FlowDetailView({ flowId }: { flowId: string }) {
  const flow = useQuery(() => call('flows:get', { id: flowId }), ['flows:get'], [flowId]);
  const data = flow.data;
  return (
    <>
      <PageHeader
        title={data?.name ?? 'Flow'}
        description={
          data?.link
            ? `Linked to ${PROVIDER_LABELS[data.link.provider]} job “${data.link.jobTitle}” (${data.link.connectionLabel}). Every candidate added gets an application there.`
            : 'Not linked to an ATS job: candidates stay in Kula.'
        }
        actions={
          <>
            <Button icon={<ArrowLeft size={16} aria-hidden />} onClick={() => navigate('/flows')}>
              All flows
            </Button>
            <Button
              variant="primary"
              icon={<UserPlus size={16} aria-hidden />}
              onClick={() => navigate('/candidates/new', { flow: flowId })}
            >
              Add candidates
            </Button>
          </>
        }
      />
      <ErrorBanner error={flow.error} />
      {data ? (
        <div className="stack">
          {data.link && !data.link.jobOpen ? (
            <Banner tone="warning" title="The linked job is no longer open">
              Candidates added now still get an application on it if the ATS accepts one; link the
              flow to an open job to be safe.
            </Banner>
          ) : null}
          <LinkCard
            flowId={flowId}
            current={data.link ? jobKey(data.link) : ''}
            members={data.candidates}
          />
          <Card
            title={`Candidates (${data.candidates})`}
            actions={
              data.link ? (
                <span className="small muted">
                  {data.inAts} of {data.candidates} in {PROVIDER_LABELS[data.link.provider]}
                  {data.pendingWrites ? ` · ${data.pendingWrites} writes waiting` : ''}
                </span>
              ) : null
            }
          >
            {data.members.length ? (
              <CandidateTable rows={data.members} />
            ) : (
              <p className="muted">No candidates yet.</p>
            )}
            <AddExisting flowId={flowId} memberIds={data.members.map((member) => member.id)} />
          </Card>
        </div>
      ) : null}
    </>
  );
}

function LinkCard({
  flowId,
  current,
  members,
}: {
  flowId: string;
  current: string;
  members: number;
}) {
  const [value, setValue] = useState(current);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      const result = await call('flows:link', { id: flowId, link: parseJobKey(value) });
      setNotice(
        result.applicationsQueued
          ? `Linked. ${result.applicationsQueued} application${result.applicationsQueued === 1 ? ' is' : 's are'} queued for the candidates already in the flow.`
          : value
            ? 'Linked.'
            : 'Unlinked. Applications already created stay in the ATS.',
      );
      setError(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card title="Applicant tracking system job">
      <div className="inline-fields inline-fields-top">
        <OpenJobPicker
          label="Job"
          hint={
            members > 0 && value !== current && value
              ? `The ${members} candidate${members === 1 ? '' : 's'} already in the flow will get an application on this job too.`
              : 'Only open jobs are offered.'
          }
          value={value}
          onChange={setValue}
        />
        <Button onClick={() => void save()} busy={saving} disabled={value === current}>
          Save link
        </Button>
      </div>
      {notice ? (
        <p className="small" role="status">
          {notice}
        </p>
      ) : null}
      <ErrorBanner error={error} />
    </Card>
  );
}

function AddExisting({ flowId, memberIds }: { flowId: string; memberIds: string[] }) {
  const [search, setSearch] = useState('');
  const [messages, setMessages] = useState<string[]>([]);
  const found = useQuery(
    () =>
      search.trim().length >= 2
        ? call('candidates:list', { search: search.trim(), limit: 8 })
        : Promise.resolve(null),
    ['candidates:list'],
    [search],
  );
  const add = async (candidateId: string) => {
    try {
      const outcomes = await call('flows:add-candidates', {
        id: flowId,
        candidateIds: [candidateId],
      });
      setMessages(outcomes.map((outcome) => outcome.message));
    } catch (caught) {
      setMessages([describeError(caught).message]);
    }
  };
  return (
    <div className="add-existing">
      <TextField
        label="Add a Kula candidate already in the workspace"
        type="search"
        placeholder="Name or email"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      <ul className="entries">
        {(found.data?.rows ?? [])
          .filter((row) => !memberIds.includes(row.id))
          .map((row) => (
            <li key={row.id} className="entry entry-row">
              <span>
                {row.name} <span className="small muted">{row.email ?? 'no email'}</span>
              </span>
              <Button size="sm" onClick={() => void add(row.id)}>
                Add to flow
              </Button>
            </li>
          ))}
      </ul>
      {messages.map((message) => (
        <p key={message} className="small" role="status">
          {message}
        </p>
      ))}
      <p className="small muted">To add new people, use “Add candidates” (a form or a CSV file).</p>
    </div>
  );
}
