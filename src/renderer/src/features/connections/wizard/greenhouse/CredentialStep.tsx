import { Eye, EyeOff } from 'lucide-react';
import { useState } from 'react';
import { ApiError, call } from '../../../../lib/api';
import { Button } from '../../../../ui/Button';
import { ErrorBanner } from '../../../../ui/ErrorBanner';
import { TextField } from '../../../../ui/TextField';
import { StepActions } from '../StepActions';
import type { WizardStepProps } from '../types';

/**
 * The client id, the client secret (masked) and the Site Admin the console acts as, checked with
 * Greenhouse before anything is saved. The pair travels as `<client id>:<client secret>`.
 */
export function CredentialStep({ draft, update, next, back }: WizardStepProps) {
  const colon = draft.apiKey.indexOf(':');
  const [clientId, setClientId] = useState(colon > 0 ? draft.apiKey.slice(0, colon) : '');
  const [secret, setSecret] = useState(colon > 0 ? draft.apiKey.slice(colon + 1) : '');
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
    const apiKey = `${clientId.trim()}:${secret.trim()}`;
    const writeUserId = (draft.writeUserId ?? '').trim();
    try {
      const check = await call('connections:check', {
        provider: draft.provider,
        ...(draft.baseUrl.trim() ? { baseUrl: draft.baseUrl.trim() } : {}),
        credential: { kind: 'api_key', apiKey },
        ...(writeUserId ? { writeUserId } : {}),
      });
      update({ check, apiKey, writeUserId });
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
        label="Client id"
        hint="Shown under Configure → Dev Center → API Credentials; it ends in a dash and a number."
        autoComplete="off"
        spellCheck={false}
        value={clientId}
        onChange={(event) => setClientId(event.target.value)}
      />
      <TextField
        label="Client secret"
        error={fieldError('apiKey')}
        hint="Checked with Greenhouse before anything is saved; stored encrypted, never shown again."
        type={visible ? 'text' : 'password'}
        autoComplete="off"
        spellCheck={false}
        value={secret}
        onChange={(event) => setSecret(event.target.value)}
        trailing={
          <Button
            variant="ghost"
            size="sm"
            aria-label={visible ? 'Hide the secret' : 'Show the secret'}
            icon={visible ? <EyeOff size={16} aria-hidden /> : <Eye size={16} aria-hidden />}
            onClick={() => setVisible(!visible)}
          />
        }
      />
      <TextField
        label="Site Admin to act as (user id)"
        error={fieldError('writeUserId')}
        hint="Every read and write is made as this Greenhouse user. Leave empty to act as the credential’s service user and choose someone after the import."
        inputMode="numeric"
        spellCheck={false}
        value={draft.writeUserId ?? ''}
        onChange={(event) => update({ writeUserId: event.target.value })}
      />
      <details className="advanced">
        <summary>Advanced</summary>
        <TextField
          label="API host"
          error={fieldError('baseUrl')}
          hint={`Leave empty for Greenhouse (${draft.info.defaultBaseUrl}). Change it only to try the console against a sandbox.`}
          value={draft.baseUrl}
          placeholder={draft.info.defaultBaseUrl}
          spellCheck={false}
          onChange={(event) => update({ baseUrl: event.target.value })}
        />
      </details>
      <ErrorBanner error={error} />
      <StepActions>
        <Button onClick={back}>Back</Button>
        <Button
          type="submit"
          variant="primary"
          busy={busy}
          disabled={clientId.trim() === '' || secret.trim() === ''}
        >
          Check the credential
        </Button>
      </StepActions>
    </form>
  );
}
