import { Plus, Workflow } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { PROVIDER_LABELS } from '../../../../shared/domain/connections';
import { ApiError, call } from '../../lib/api';
import { navigate, useRoute } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { PageHeader } from '../../ui/PageHeader';
import { TextField } from '../../ui/TextField';
import { FlowDetailView } from './FlowDetail';
import { parseJobKey } from './job-key';
import { OpenJobPicker } from './OpenJobPicker';

/** `#/flows`: Kula outreach flows; `#/flows/<id>`: one flow and its candidates. */
export function FlowsPage() {
  const route = useRoute();
  const id = route.path.split('/')[2];
  if (id) return <FlowDetailView flowId={decodeURIComponent(id)} />;
  return <FlowList />;
}

function FlowList() {
  const flows = useQuery(() => call('flows:list'), ['flows:list'], []);
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
      <ErrorBanner error={flows.error} />
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
  const [name, setName] = useState('');
  const [job, setJob] = useState('');
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    try {
      const flow = await call('flows:create', { name, link: parseJobKey(job) });
      navigate(`/flows/${encodeURIComponent(flow.id)}`);
    } catch (caught) {
      setError(caught);
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
        <TextField
          label="Name"
          error={issues.name}
          value={name}
          autoFocus
          onChange={(event) => setName(event.target.value)}
        />
        <OpenJobPicker
          label="Applicant tracking system job"
          hint="Only open jobs are offered (Ashby: open jobs; Lever: published postings)."
          emptyHint="No open job is in the cache: connect an ATS and sync it first."
          error={issues.jobId}
          value={job}
          onChange={setJob}
        />
        <ErrorBanner error={error} />
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
