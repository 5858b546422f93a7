import { Plus, Workflow } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { PROVIDER_LABELS } from '../../../../shared/domain/connections';
import { ApiError, call, describeError } from '../../lib/api';
import { navigate, useRoute } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { Badge } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { Field, TextInput } from '../../ui/Field';
import { PageHeader } from '../../ui/PageHeader';
import { FlowDetailView } from './FlowDetail';
import { JobPicker, parseJobKey } from './JobPicker';

export const FLOW_TABLES = [
  'kula_flows',
  'kula_candidates',
  'kula_ats_applications',
  'outbox',
  'ats_jobs',
];

/** `#/flows`: Kula outreach flows; `#/flows/<id>`: one flow and its candidates. */
export function FlowsPage() {
  const route = useRoute();
  const id = route.path.split('/')[2];
  if (id) return <FlowDetailView flowId={decodeURIComponent(id)} />;
  return <FlowList />;
}

function FlowList() {
  const flows = useQuery(() => call('flows:list'), FLOW_TABLES, []);
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title="Flows"
        description="Kula outreach flows. A flow linked to an open ATS job creates an application there for every candidate you add."
        actions={
          <Button
            variant="primary"
            icon={<Plus size={16} aria-hidden />}
            onClick={() => setCreating(true)}
          >
            New flow
          </Button>
        }
      />
      {flows.error ? (
        <Banner tone="danger" title={flows.error.message}>
          {flows.error.action}
        </Banner>
      ) : null}
      {creating ? <NewFlowForm onCancel={() => setCreating(false)} /> : null}
      {flows.data && flows.data.length === 0 && !creating ? (
        <Card>
          <EmptyState
            icon={<Workflow size={28} />}
            title="No flows yet"
            actions={
              <Button variant="primary" onClick={() => setCreating(true)}>
                New flow
              </Button>
            }
          >
            <p>
              Create a flow and link it to an open job of a connected ATS (sync first to see its
              jobs).
            </p>
          </EmptyState>
        </Card>
      ) : flows.data && flows.data.length > 0 ? (
        <Card className="list-card">
          <table className="table" data-testid="flows">
            <thead>
              <tr>
                <th>Flow</th>
                <th>Linked ATS job</th>
                <th className="num">Candidates</th>
                <th className="num">In the ATS</th>
                <th>Writes</th>
              </tr>
            </thead>
            <tbody>
              {flows.data.map((flow) => (
                <tr key={flow.id}>
                  <td>
                    <a
                      href={`#/flows/${encodeURIComponent(flow.id)}`}
                      onClick={(event) => {
                        event.preventDefault();
                        navigate(`/flows/${encodeURIComponent(flow.id)}`);
                      }}
                    >
                      {flow.name}
                    </a>
                  </td>
                  <td>
                    {flow.link ? (
                      <>
                        <Badge tone="accent">{PROVIDER_LABELS[flow.link.provider]}</Badge>{' '}
                        {flow.link.jobTitle}
                        {!flow.link.jobOpen ? <Badge tone="warning">no longer open</Badge> : null}
                        <div className="small muted">{flow.link.connectionLabel}</div>
                      </>
                    ) : (
                      <span className="muted">Not linked</span>
                    )}
                  </td>
                  <td className="num">{flow.candidates}</td>
                  <td className="num">{flow.link ? flow.inAts : '—'}</td>
                  <td>
                    {flow.failedWrites ? (
                      <Badge tone="danger">{flow.failedWrites} failed</Badge>
                    ) : null}{' '}
                    {flow.pendingWrites ? (
                      <Badge tone="info">{flow.pendingWrites} waiting</Badge>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      ) : null}
    </>
  );
}

function NewFlowForm({ onCancel }: { onCancel: () => void }) {
  const jobs = useQuery(() => call('flows:open-jobs', {}), ['ats_jobs', 'connections'], []);
  const [name, setName] = useState('');
  const [job, setJob] = useState('');
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<{ message: string; action?: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    try {
      const flow = await call('flows:create', { name, link: parseJobKey(job) });
      navigate(`/flows/${encodeURIComponent(flow.id)}`);
    } catch (caught) {
      setError(describeError(caught));
      setIssues(
        caught instanceof ApiError
          ? Object.fromEntries((caught.issues ?? []).map((issue) => [issue.path, issue.message]))
          : {},
      );
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card title="New flow">
      <form className="form-grid" onSubmit={(event) => void submit(event)} noValidate>
        <Field label="Name" error={issues.name}>
          {(id, describedBy) => (
            <TextInput
              id={id}
              aria-describedby={describedBy}
              value={name}
              autoFocus
              onChange={(event) => setName(event.target.value)}
            />
          )}
        </Field>
        <Field
          label="Applicant tracking system job"
          hint={
            jobs.data && jobs.data.length === 0
              ? 'No open job is in the cache: connect an ATS and sync it first.'
              : 'Only open jobs are offered (Ashby: open jobs; Lever: published postings).'
          }
          error={issues.jobId}
        >
          {(id, describedBy) => (
            <JobPicker
              id={id}
              describedBy={describedBy}
              jobs={jobs.data ?? []}
              value={job}
              onChange={setJob}
            />
          )}
        </Field>
        {error ? (
          <Banner tone="danger" title={error.message}>
            {error.action}
          </Banner>
        ) : null}
        <div className="form-actions">
          <Button onClick={onCancel}>Cancel</Button>
          <Button type="submit" variant="primary" busy={saving}>
            Create flow
          </Button>
        </div>
      </form>
    </Card>
  );
}
