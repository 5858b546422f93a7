import { PROVIDER_LABELS, type ConnectionSummary } from '../../../../../shared/domain/connections';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';
import { RevokeSteps } from './RevokeSteps';

/**
 * Asks before disconnecting: syncing stops and the credential is forgotten, the cache stays.
 * `onConfirm` disconnects (the card shows a failure); `revokeSteps` say how to withdraw an OAuth
 * authorization in the ATS, which the console cannot do itself.
 */
export function DisconnectDialog({
  open,
  connection,
  revokeSteps,
  busy,
  onConfirm,
  onClose,
}: {
  open: boolean;
  connection: ConnectionSummary;
  revokeSteps: string[];
  busy: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const ats = PROVIDER_LABELS[connection.provider];
  const oauth = connection.authMode === 'oauth';
  return (
    <Dialog
      open={open}
      title={`Disconnect “${connection.label}”?`}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="danger" busy={busy} onClick={onConfirm}>
            Disconnect
          </Button>
        </>
      }
    >
      <p>
        Syncing stops at once and the console forgets the {ats} {oauth ? 'tokens' : 'key'}. The
        cached jobs, candidates and applications stay readable on this computer until you remove the
        connection. To sync again, reconnect.{' '}
        {oauth
          ? `${ats} offers the console no way to withdraw its own access, so it stays authorized in ${ats} until a Super Admin revokes it.`
          : revokeSteps.length
            ? `${ats} offers the console no way to withdraw its credential, so it keeps working in ${ats} until an admin deletes it.`
            : `Nothing changes in ${ats}.`}
      </p>
      {revokeSteps.length ? <RevokeSteps ats={ats} steps={revokeSteps} /> : null}
    </Dialog>
  );
}
