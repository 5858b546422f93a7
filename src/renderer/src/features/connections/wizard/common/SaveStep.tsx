import { useState } from 'react';
import { call } from '../../../../lib/api';
import { Button } from '../../../../ui/Button';
import { ErrorBanner } from '../../../../ui/ErrorBanner';
import { TextField } from '../../../../ui/TextField';
import { StepActions } from '../StepActions';
import type { WizardStepProps } from '../types';

/** Names the connection and saves it with the checked key. */
export function SaveStep({ draft, update, next, back }: WizardStepProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const { connection } = await call('connections:create', {
        provider: draft.provider,
        ...(draft.baseUrl ? { baseUrl: draft.baseUrl } : {}),
        ...(draft.label.trim() ? { label: draft.label.trim() } : {}),
        credential: { kind: 'api_key', apiKey: draft.apiKey },
        ...(draft.writeUserId ? { writeUserId: draft.writeUserId } : {}),
      });
      // The key now lives only in the main process, encrypted; forget it here.
      update({ connectionId: connection.id, apiKey: '' });
      next();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <p>
        The console stores the key encrypted by this computer’s keychain. It never shows it again,
        never sends it anywhere but {draft.info.label}, and never writes it to a log.
      </p>
      <TextField
        label="Name of this connection"
        hint={`Shown on the Connections page, e.g. “${draft.info.label}”.`}
        value={draft.label}
        placeholder={draft.info.label}
        maxLength={80}
        onChange={(event) => update({ label: event.target.value })}
      />
      <dl className="facts">
        <dt>API host</dt>
        <dd className="mono">{draft.baseUrl || draft.info.defaultBaseUrl}</dd>
        {draft.check?.accountLabel ? (
          <>
            <dt>Key</dt>
            <dd>{draft.check.accountLabel}</dd>
          </>
        ) : null}
      </dl>
      <ErrorBanner error={error} />
      <StepActions>
        <Button onClick={back}>Back</Button>
        <Button variant="primary" busy={busy} onClick={() => void save()}>
          Save and start the import
        </Button>
      </StepActions>
    </>
  );
}
