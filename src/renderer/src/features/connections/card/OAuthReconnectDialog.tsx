import { KeyRound } from 'lucide-react';
import { useState } from 'react';
import { PROVIDER_LABELS, type ConnectionSummary } from '../../../../../shared/domain/connections';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { TextField } from '../../../ui/TextField';
import { OAuthWaiting, useOAuthSignIn } from '../components/OAuthSignIn';

/**
 * Reconnecting through the ATS's OAuth app: a Super Admin signs in again; a new client secret is
 * asked only if the ATS issued one.
 */
export function OAuthReconnectDialog({
  connection,
  onClose,
}: {
  connection: ConnectionSummary;
  onClose: () => void;
}) {
  const ats = PROVIDER_LABELS[connection.provider];
  const [clientSecret, setClientSecret] = useState('');
  const signIn = useOAuthSignIn(() => onClose());
  const start = () =>
    void signIn.start({
      provider: connection.provider,
      connectionId: connection.id,
      ...(clientSecret ? { clientSecret } : {}),
    });
  return (
    <Dialog
      open
      title={`Reconnect “${connection.label}”`}
      onClose={() => {
        signIn.cancel();
        onClose();
      }}
      actions={
        signIn.state === 'waiting' ? null : (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="primary" icon={<KeyRound size={16} aria-hidden />} onClick={start}>
              Open {ats} to authorize
            </Button>
          </>
        )
      }
    >
      {signIn.state === 'waiting' ? (
        <OAuthWaiting ats={ats} url={signIn.url} onCancel={signIn.cancel} />
      ) : (
        <>
          <p>
            Sign in to {ats} again as a Super Admin and accept the permissions. The console uses the
            OAuth app it already knows; cached data and queued changes are kept.
          </p>
          <TextField
            label={`New client secret (only if ${ats} issued a new one)`}
            hint="Leave empty to keep the stored secret."
            type="password"
            autoComplete="off"
            value={clientSecret}
            onChange={(event) => setClientSecret(event.target.value)}
          />
          <ErrorBanner error={signIn.error} />
        </>
      )}
    </Dialog>
  );
}
