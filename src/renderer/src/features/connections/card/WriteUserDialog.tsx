import { PROVIDER_LABELS, type ConnectionSummary } from '../../../../../shared/domain/connections';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';
import { WriteUserPicker } from '../components/WriteUserPicker';

/** Chooses the ATS user the console's writes for this connection are made as. */
export function WriteUserDialog({
  connection,
  onClose,
}: {
  connection: ConnectionSummary;
  onClose: () => void;
}) {
  const ats = PROVIDER_LABELS[connection.provider];
  return (
    <Dialog
      open
      title={`${ats} user for writes`}
      onClose={onClose}
      actions={<Button onClick={onClose}>Close</Button>}
    >
      <WriteUserPicker connectionId={connection.id} ats={ats} />
    </Dialog>
  );
}
