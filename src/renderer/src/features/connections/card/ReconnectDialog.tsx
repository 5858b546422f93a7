import { useState } from 'react';
import { PROVIDER_LABELS, type ConnectionSummary } from '../../../../../shared/domain/connections';
import { ApiError, call } from '../../../lib/api';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { TextField } from '../../../ui/TextField';

/** Reconnecting with an API key: the new key is checked before it replaces the stored one. */
export function ReconnectDialog({
  connection,
  onClose,
}: {
  connection: ConnectionSummary;
  onClose: () => void;
}) {
  const ats = PROVIDER_LABELS[connection.provider];
  const [apiKey, setApiKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('connections:reconnect', {
        connectionId: connection.id,
        credential: { kind: 'api_key', apiKey },
      });
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      title={`Reconnect “${connection.label}”`}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            busy={busy}
            disabled={!apiKey.trim()}
            onClick={() => void submit()}
          >
            Check and save the key
          </Button>
        </>
      }
    >
      <p>
        Paste a new {ats} API key (Admin → Integrations → Kula → + Create API key; {ats} shows it
        only once). It is checked before it replaces the stored one.
      </p>
      <TextField
        label={`${ats} API key`}
        error={error instanceof ApiError ? error.issues?.[0]?.message : undefined}
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={apiKey}
        onChange={(event) => setApiKey(event.target.value)}
      />
      <ErrorBanner error={error instanceof ApiError && error.issues ? null : error} />
    </Dialog>
  );
}
