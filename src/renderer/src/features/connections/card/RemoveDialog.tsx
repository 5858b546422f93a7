import { PROVIDER_LABELS, type ConnectionSummary } from '../../../../../shared/domain/connections';
import { count } from '../../../lib/format';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';

/**
 * Asks before removing a connection with its cache, saying how much cached data goes. `onConfirm`
 * removes it (the card shows a failure).
 */
export function RemoveDialog({
  open,
  connection,
  cached,
  busy,
  onConfirm,
  onClose,
}: {
  open: boolean;
  connection: ConnectionSummary;
  cached: { jobs: number; candidates: number; applications: number };
  busy: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const ats = PROVIDER_LABELS[connection.provider];
  return (
    <Dialog
      open={open}
      tone="danger"
      title={`Remove “${connection.label}” and its cached data?`}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="danger" busy={busy} onClick={onConfirm}>
            Remove connection and cache
          </Button>
        </>
      }
    >
      <p>
        This deletes the stored key and, from this computer, the {count(cached.jobs)} jobs,{' '}
        {count(cached.candidates)} candidates and {count(cached.applications)} applications cached
        from {ats}. Nothing is deleted in {ats}; the sync log is kept. To keep the cache but stop
        syncing, choose Disconnect instead.
      </p>
    </Dialog>
  );
}
