import { PROVIDER_LABELS, type ConnectionSummary } from '../../../../shared/domain/connections';
import { Select } from '../../ui/Field';

/** Chooses whose cache a view shows; hidden when there is only one connection. */
export function ConnectionPicker({
  connections,
  value,
  onChange,
}: {
  connections: ConnectionSummary[];
  value: string | undefined;
  onChange: (connectionId: string) => void;
}) {
  if (connections.length < 2) return null;
  return (
    <Select
      aria-label="Connection"
      value={value ?? ''}
      onChange={(event) => onChange(event.target.value)}
    >
      {connections.map((connection) => (
        <option key={connection.id} value={connection.id}>
          {connection.label} ({PROVIDER_LABELS[connection.provider]})
        </option>
      ))}
    </Select>
  );
}
