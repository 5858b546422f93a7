import { useState } from 'react';
import { PROVIDER_LABELS, type ConnectionSummary } from '../../../../../shared/domain/connections';
import { ApiError, call } from '../../../lib/api';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { TextField } from '../../../ui/TextField';

/** How fast the console may call the ATS for one connection: a limit, the default, or none. */
export function RateLimitDialog({
  connection,
  onClose,
}: {
  connection: ConnectionSummary;
  onClose: () => void;
}) {
  const [perSecond, setPerSecond] = useState(String(connection.rateLimit?.perSecond ?? 5));
  const [burst, setBurst] = useState(String(connection.rateLimit?.burst ?? 10));
  const [error, setError] = useState<unknown>(null);
  const save = async (rateLimit: 'off' | 'default' | { perSecond: number; burst: number }) => {
    setError(null);
    try {
      await call('connections:update', { connectionId: connection.id, rateLimit });
      onClose();
    } catch (caught) {
      setError(caught);
    }
  };
  const issue = (path: string) =>
    error instanceof ApiError
      ? error.issues?.find((item) => item.path.endsWith(path))?.message
      : undefined;
  return (
    <Dialog
      open
      title="Request limit"
      onClose={onClose}
      actions={
        <>
          <Button onClick={() => void save('default')}>Use the default</Button>
          <Button onClick={() => void save('off')}>Turn off</Button>
          <Button
            variant="primary"
            onClick={() => void save({ perSecond: Number(perSecond), burst: Number(burst) })}
          >
            Save
          </Button>
        </>
      }
    >
      <p>
        How fast the console may call {PROVIDER_LABELS[connection.provider]} for this connection.
        Lower it if other tools share the API’s limit; turn it off only for a sandbox.
      </p>
      <div className="form-grid">
        <TextField
          label="Requests per second"
          error={issue('perSecond')}
          inputMode="decimal"
          value={perSecond}
          onChange={(event) => setPerSecond(event.target.value)}
        />
        <TextField
          label="Burst"
          error={issue('burst')}
          inputMode="numeric"
          value={burst}
          onChange={(event) => setBurst(event.target.value)}
        />
      </div>
      <ErrorBanner error={error instanceof ApiError && error.issues ? null : error} />
    </Dialog>
  );
}
