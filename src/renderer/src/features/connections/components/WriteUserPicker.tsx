import { UserRoundCheck } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { AtsUserOption, ConnectionSummary } from '../../../../../shared/domain/connections';
import { call } from '../../../lib/api';
import { useAppStore } from '../../../stores/app-store';
import { Banner } from '../../../ui/Banner';
import { Button } from '../../../ui/Button';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { SelectField } from '../../../ui/SelectField';

/**
 * Chooses the ATS user the console's writes are attributed to (Lever `perform_as`), from the
 * users the import cached. Lever shows this user as the creator of every lead, note and file.
 */
export function WriteUserPicker({
  connectionId,
  ats,
  onSaved,
}: {
  connectionId: string;
  ats: string;
  onSaved?: (summary: ConnectionSummary) => void;
}) {
  const current = useAppStore(
    (state) => state.connections.find((connection) => connection.id === connectionId)?.writeUserId,
  );
  const [users, setUsers] = useState<AtsUserOption[] | null>(null);
  // What the admin picked in the list; until then the user already chosen for the connection.
  const [picked, setPicked] = useState<string | null>(null);
  const chosen = picked ?? current ?? '';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void call('connections:users', { connectionId }).then(setUsers, setError);
  }, [connectionId]);

  const save = async () => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const summary = await call('connections:set-write-user', {
        connectionId,
        userId: chosen || null,
      });
      setSaved(true);
      onSaved?.(summary);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const active = (users ?? []).filter((user) => user.active);
  if (users && active.length === 0) {
    return (
      <Banner tone="warning" title={`No ${ats} users are cached yet.`}>
        Sync the connection first; its users then appear here.
      </Banner>
    );
  }
  const name = (id: string | null | undefined) => users?.find((user) => user.id === id)?.name;
  return (
    <div className="stack">
      <SelectField
        label={`${ats} user for writes`}
        hint={`${ats} shows this user as the author of the candidates, applications, notes and files the console adds. A dedicated user (e.g. “Kula integration”) makes them easy to recognise.`}
        value={chosen}
        disabled={!users}
        onChange={(event) => {
          setPicked(event.target.value);
          setSaved(false);
        }}
      >
        <option value="">{users ? 'Choose a user…' : 'Loading users…'}</option>
        {active.map((user) => (
          <option key={user.id} value={user.id}>
            {user.name}
            {user.email ? ` <${user.email}>` : ''}
            {user.role ? ` · ${user.role}` : ''}
          </option>
        ))}
      </SelectField>
      {saved && current ? (
        <Banner
          tone="success"
          title={`Writes will be made as ${name(current) ?? 'the chosen user'}.`}
        />
      ) : null}
      <ErrorBanner error={error} />
      <div>
        <Button
          icon={<UserRoundCheck size={16} aria-hidden />}
          busy={busy}
          disabled={!chosen || chosen === current}
          onClick={() => void save()}
        >
          Use this user
        </Button>
      </div>
    </div>
  );
}
