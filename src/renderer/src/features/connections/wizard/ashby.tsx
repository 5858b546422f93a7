import { Eye, EyeOff, KeyRound } from 'lucide-react';
import { useState } from 'react';
import { ApiError, call } from '../../../lib/api';
import { Banner } from '../../../ui/Banner';
import { Button } from '../../../ui/Button';
import { Field, TextInput } from '../../../ui/Field';
import { COMMON_STEPS, ErrorBanner } from './common-steps';
import type { WizardDefinition, WizardStepProps } from './types';

/** Ashby's first steps: where the key comes from, then paste and check it. */

function CreateKeyStep({ next, back }: WizardStepProps) {
  return (
    <>
      <p>The console connects to Ashby with an API key made for Kula. To create it in Ashby:</p>
      <ol className="steps-list">
        <li>
          Sign in to Ashby and click <strong>Admin</strong> in the top bar.
        </li>
        <li>
          In the left panel click <strong>Integrations</strong>, then <strong>Integrations</strong>{' '}
          again to open the marketplace.
        </li>
        <li>
          Select <strong>Kula</strong> and click <strong>+ Create API key</strong>. Give it these
          permissions: Jobs: Read; Candidates: Read and Write; Interviews: Read; Hiring Process
          Metadata: Read; Organization: Read; API Keys: Read.
        </li>
        <li>Copy the key.</li>
      </ol>
      <Banner tone="warning" title="Ashby shows the key only once.">
        Copy it before you close Ashby’s dialog. The console keeps it encrypted on this computer and
        never shows it again; if it is lost, create a new one.
      </Banner>
      <div className="wizard-actions">
        <Button onClick={back}>Cancel</Button>
        <Button variant="primary" icon={<KeyRound size={16} aria-hidden />} onClick={next}>
          I have the key
        </Button>
      </div>
    </>
  );
}

function PasteKeyStep({ draft, update, next, back }: WizardStepProps) {
  const [visible, setVisible] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fieldError = (path: string) =>
    error instanceof ApiError
      ? error.issues?.find((issue) => issue.path.endsWith(path))?.message
      : undefined;
  const validate = async () => {
    setBusy(true);
    setError(null);
    try {
      const check = await call('connections:check', {
        provider: draft.provider,
        ...(draft.baseUrl.trim() ? { baseUrl: draft.baseUrl.trim() } : {}),
        credential: { kind: 'api_key', apiKey: draft.apiKey },
      });
      update({ check });
      next();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        void validate();
      }}
    >
      <Field
        label="Ashby API key"
        error={fieldError('apiKey')}
        hint="Paste the whole key. It is checked with Ashby before anything is saved."
      >
        {(id, describedBy) => (
          <div className="input-with-button">
            <TextInput
              id={id}
              aria-describedby={describedBy}
              type={visible ? 'text' : 'password'}
              autoComplete="off"
              spellCheck={false}
              value={draft.apiKey}
              onChange={(event) => update({ apiKey: event.target.value })}
            />
            <Button
              variant="ghost"
              size="sm"
              aria-label={visible ? 'Hide the key' : 'Show the key'}
              icon={visible ? <EyeOff size={16} aria-hidden /> : <Eye size={16} aria-hidden />}
              onClick={() => setVisible(!visible)}
            />
          </div>
        )}
      </Field>
      <details className="advanced">
        <summary>Advanced</summary>
        <Field
          label="API host"
          error={fieldError('baseUrl')}
          hint={`Leave empty for Ashby (${draft.info.defaultBaseUrl}). Change it only to try the console against a sandbox.`}
        >
          {(id, describedBy) => (
            <TextInput
              id={id}
              aria-describedby={describedBy}
              value={draft.baseUrl}
              placeholder={draft.info.defaultBaseUrl}
              spellCheck={false}
              onChange={(event) => update({ baseUrl: event.target.value })}
            />
          )}
        </Field>
      </details>
      <ErrorBanner error={error} />
      <div className="wizard-actions">
        <Button onClick={back}>Back</Button>
        <Button type="submit" variant="primary" busy={busy} disabled={draft.apiKey.trim() === ''}>
          Check the key
        </Button>
      </div>
    </form>
  );
}

export const ashbyWizard: WizardDefinition = {
  provider: 'ashby',
  title: 'Connect Ashby',
  steps: [
    { id: 'create-key', title: 'Create a key', Component: CreateKeyStep },
    { id: 'paste-key', title: 'Paste the key', Component: PasteKeyStep },
    ...COMMON_STEPS,
  ],
};
