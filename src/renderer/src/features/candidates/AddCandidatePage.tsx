import { ArrowLeft } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { ApiError, call } from '../../lib/api';
import { navigate, useRoute } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { PageHeader } from '../../ui/PageHeader';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import { CsvImport } from './CsvImport';

/** `#/candidates/new[?flow=<id>]`: add one candidate with a form, or many from a CSV file. */
export function AddCandidatePage() {
  const route = useRoute();
  const flowParam = route.params.get('flow');
  const flows = useQuery(() => call('flows:list'), ['flows:list'], []);
  const stages = useQuery(() => call('kula-stages:list'), ['kula-stages:list'], []);
  const [name, setName] = useState('');
  const [emails, setEmails] = useState('');
  const [phone, setPhone] = useState('');
  const [links, setLinks] = useState('');
  const [stage, setStage] = useState('');
  const [chosenFlows, setChosenFlows] = useState<string[]>(flowParam ? [flowParam] : []);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const back = flowParam ? `/flows/${encodeURIComponent(flowParam)}` : '/candidates';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    try {
      const created = await call('candidates:add', {
        candidate: {
          name,
          emails: emails.split(/[\s,;]+/).filter(Boolean),
          phone: phone.trim() || null,
          links: links.split(/[\s,;]+/).filter(Boolean),
          kulaStageId: stage || null,
        },
        flowIds: chosenFlows,
      });
      navigate(`/candidates/kula/${encodeURIComponent(created.id)}`);
    } catch (caught) {
      setError(caught);
      setIssues(
        caught instanceof ApiError
          ? Object.fromEntries(
              (caught.issues ?? []).map((issue) => [
                issue.path.split('.').pop() ?? '',
                issue.message,
              ]),
            )
          : {},
      );
    } finally {
      setSaving(false);
    }
  };

  const linkedFlows = (flows.data ?? []).filter(
    (flow) => chosenFlows.includes(flow.id) && flow.link,
  );
  return (
    <>
      <PageHeader
        title="Add candidates"
        description="Add one person with the form, or many from a CSV file. In a flow linked to an ATS job, each gets an application there at the next sync."
        actions={
          <Button icon={<ArrowLeft size={16} aria-hidden />} onClick={() => navigate(back)}>
            Back
          </Button>
        }
      />
      <div className="two-columns">
        <Card title="One candidate">
          <form onSubmit={(event) => void submit(event)} className="form-grid" noValidate>
            <ErrorBanner error={error} />
            <TextField
              label="Name"
              error={issues.name}
              value={name}
              onChange={(event) => setName(event.target.value)}
              autoFocus
            />
            <TextField
              label="Email"
              hint="Several? Separate them with commas; the first is the main one. The ATS matches people by email."
              error={issues.emails}
              type="email"
              multiple
              value={emails}
              onChange={(event) => setEmails(event.target.value)}
            />
            <TextField
              label="Phone"
              error={issues.phone}
              type="tel"
              value={phone}
              onChange={(event) => setPhone(event.target.value)}
            />
            <TextField
              label="Links"
              hint="LinkedIn, GitHub or a website; separate several with spaces."
              error={issues.links}
              value={links}
              onChange={(event) => setLinks(event.target.value)}
            />
            <SelectField
              label="Kula stage"
              error={issues.kulaStageId}
              value={stage}
              onChange={(event) => setStage(event.target.value)}
            >
              <option value="">{stages.data?.[0]?.name ?? 'First stage'} (the first stage)</option>
              {(stages.data ?? []).slice(1).map((item) => (
                <option key={item.id} value={item.id}>
                  {item.name}
                </option>
              ))}
            </SelectField>
            <fieldset className="flow-choices">
              <legend>Flows</legend>
              {(flows.data ?? []).length === 0 ? (
                <p className="muted small">No flows yet.</p>
              ) : null}
              {(flows.data ?? []).map((flow) => (
                <label key={flow.id} className="check">
                  <input
                    type="checkbox"
                    checked={chosenFlows.includes(flow.id)}
                    onChange={(event) =>
                      setChosenFlows(
                        event.target.checked
                          ? [...chosenFlows, flow.id]
                          : chosenFlows.filter((item) => item !== flow.id),
                      )
                    }
                  />
                  {flow.name}
                  {flow.link ? (
                    <span className="muted small">
                      {' '}
                      · {flow.link.connectionLabel}: {flow.link.jobTitle}
                    </span>
                  ) : null}
                </label>
              ))}
            </fieldset>
            {linkedFlows.length ? (
              <p className="small muted">
                Saving queues an application on{' '}
                {linkedFlows.map((flow) => `“${flow.link!.jobTitle}”`).join(', ')}; the ATS
                candidate is found by email or created first.
              </p>
            ) : null}
            <div className="form-actions">
              <Button type="submit" variant="primary" busy={saving}>
                Add candidate
              </Button>
            </div>
          </form>
        </Card>
        <CsvImport flowId={chosenFlows[0] ?? flowParam ?? null} flows={flows.data ?? []} />
      </div>
    </>
  );
}
