import { Eye, EyeOff } from 'lucide-react';
import { useState } from 'react';
import { ApiError, call } from '../../../../lib/api';
import { Button } from '../../../../ui/Button';
import { ErrorBanner } from '../../../../ui/ErrorBanner';
import { TextField } from '../../../../ui/TextField';
import { StepActions } from '../StepActions';
import type { WizardStepProps } from '../types';

/** Paste an API key (masked), with the API host as an advanced field; checked before saving. */
export function PasteKeyStep({ draft, update, next, back }: WizardStepProps) {
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
      <TextField
        label={`${draft.info.label} API key`}
        error={fieldError('apiKey')}
        hint={`Paste the whole key. It is checked with ${draft.info.label} before anything is saved.`}
        type={visible ? 'text' : 'password'}
        autoComplete="off"
        spellCheck={false}
        value={draft.apiKey}
        onChange={(event) => update({ apiKey: event.target.value })}
        trailing={
          <Button
            variant="ghost"
            size="sm"
            aria-label={visible ? 'Hide the key' : 'Show the key'}
            icon={visible ? <EyeOff size={16} aria-hidden /> : <Eye size={16} aria-hidden />}
            onClick={() => setVisible(!visible)}
          />
        }
      />
      <details className="advanced">
        <summary>Advanced</summary>
        <TextField
          label="API host"
          error={fieldError('baseUrl')}
          hint={`Leave empty for ${draft.info.label} (${draft.info.defaultBaseUrl}). Change it only to try the console against a sandbox.`}
          value={draft.baseUrl}
          placeholder={draft.info.defaultBaseUrl}
          spellCheck={false}
          onChange={(event) => update({ baseUrl: event.target.value })}
        />
      </details>
      <ErrorBanner error={error} />
      <StepActions>
        <Button onClick={back}>Back</Button>
        <Button type="submit" variant="primary" busy={busy} disabled={draft.apiKey.trim() === ''}>
          Check the key
        </Button>
      </StepActions>
    </form>
  );
}
