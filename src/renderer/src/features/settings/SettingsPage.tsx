import { useEffect, useState } from 'react';
import type { AuditEntry } from '../../../../shared/domain/audit';
import type { SettingsPatch, Theme } from '../../../../shared/domain/settings';
import { ApiError, call, describeError, errorText, onStale } from '../../lib/api';
import { dateTime } from '../../lib/format';
import { useAppStore } from '../../stores/app-store';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { Toggle } from '../../ui/Field';
import { PageHeader } from '../../ui/PageHeader';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { TextField } from '../../ui/TextField';
import { UpdatesCard } from './UpdatesCard';

const THEME_OPTIONS: Array<{ value: Theme; label: string }> = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function SettingsPage() {
  const settings = useAppStore((state) => state.settings);
  const info = useAppStore((state) => state.info);
  const updateSettings = useAppStore((state) => state.updateSettings);
  const refreshInfo = useAppStore((state) => state.refreshInfo);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: 'success' | 'danger'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async (patch: SettingsPatch) => {
    setSaving(true);
    setMessage(null);
    setFieldErrors({});
    try {
      await updateSettings(patch);
      await refreshInfo();
      setMessage({ tone: 'success', text: 'Settings saved.' });
    } catch (error) {
      if (error instanceof ApiError && error.issues) {
        setFieldErrors(
          Object.fromEntries(error.issues.map((issue) => [issue.path, issue.message])),
        );
      }
      setMessage({ tone: 'danger', text: errorText(error) });
    } finally {
      setSaving(false);
    }
  };

  if (!settings) return <PageHeader title="Settings" />;
  const vault = info?.vault;

  return (
    <>
      <PageHeader
        title="Settings"
        description="Preferences for this computer. Credentials are never stored here."
      />
      {message ? <Banner tone={message.tone}>{message.text}</Banner> : null}
      <div className="stack">
        <Card title="Sync">
          <SyncForm
            key={`${settings.syncIntervalMinutes}-${settings.logRetentionMb}`}
            initialInterval={settings.syncIntervalMinutes}
            initialRetention={settings.logRetentionMb}
            errors={fieldErrors}
            saving={saving}
            onSave={(patch) => void save(patch)}
          />
          <Toggle
            label="Desktop notifications"
            description="Tell me when a scheduled sync fails or a connection needs to be re-authorized."
            checked={settings.desktopNotifications}
            onChange={(checked) => void save({ desktopNotifications: checked })}
          />
          <Toggle
            label="Open at login"
            description="Start the console in the background when you sign in to this computer, so scheduled syncs run without opening it. While automatic syncs are on, closing the window keeps them running; the console's icon in the menu bar or notification area has Sync now, Open and Quit."
            checked={settings.openAtLogin}
            onChange={(checked) => void save({ openAtLogin: checked })}
          />
        </Card>

        <Card title="Appearance">
          <div className="settings-row">
            <div>
              <p className="toggle-label">Theme</p>
              <p className="field-hint">System follows your computer's light or dark setting.</p>
            </div>
            <SegmentedControl
              label="Theme"
              value={settings.theme}
              options={THEME_OPTIONS}
              onChange={(theme) => void save({ theme })}
            />
          </div>
        </Card>

        <Card title="Credential storage">
          {vault?.available ? (
            <Banner tone="success" title="Credentials are encrypted on this computer">
              Protected by {vault.backend}. API keys and tokens never leave the console's main
              process and never appear in logs.
            </Banner>
          ) : (
            <Banner tone="warning" title="Credentials cannot be stored safely right now">
              {vault?.reason ?? 'Checking…'}
            </Banner>
          )}
          {vault?.canOptIn || settings.allowBasicTextStorage ? (
            <Toggle
              label="Allow unprotected credential storage"
              description="Without a system keyring, stored credentials are only obfuscated: anyone who can read your files could recover them. Prefer starting GNOME Keyring or KWallet."
              checked={settings.allowBasicTextStorage}
              onChange={(checked) => void save({ allowBasicTextStorage: checked })}
            />
          ) : null}
        </Card>

        <UpdatesCard
          automatic={settings.autoUpdateChecks}
          onAutomaticChange={(checked) => void save({ autoUpdateChecks: checked })}
        />

        <AuditTrailCard />

        <Card title="Support">
          <p className="muted">
            If something goes wrong, choose <strong>Help → Save Diagnostics…</strong> and attach the
            file to your support request: it holds versions, connection states, recent runs and
            their errors, and the end of the log, never a key, token or note.{' '}
            <strong>Help → Open Logs Folder</strong> shows the log files themselves.
          </p>
        </Card>

        <Card title="About">
          <dl className="facts">
            <dt>Version</dt>
            <dd>{info?.version ?? '—'}</dd>
            <dt>Data folder</dt>
            <dd className="mono">{info?.dataDir ?? '—'}</dd>
            <dt>Data version</dt>
            <dd>{info?.schemaVersion ?? '—'}</dd>
            <dt>Platform</dt>
            <dd>{info?.platform ?? '—'}</dd>
          </dl>
        </Card>
      </div>
    </>
  );
}

/** Keyed on the saved values, so it restarts from them after every save. */
function SyncForm({
  initialInterval,
  initialRetention,
  errors,
  saving,
  onSave,
}: {
  initialInterval: number;
  initialRetention: number;
  errors: Record<string, string>;
  saving: boolean;
  onSave: (patch: SettingsPatch) => void;
}) {
  const [interval, setInterval] = useState(String(initialInterval));
  const [retention, setRetention] = useState(String(initialRetention));
  return (
    <form
      className="form-grid"
      onSubmit={(event) => {
        event.preventDefault();
        onSave({ syncIntervalMinutes: Number(interval), logRetentionMb: Number(retention) });
      }}
    >
      <TextField
        label="Sync every (minutes)"
        hint="Each connection pulls from and pushes to its ATS this often. 5 to 1440."
        error={errors.syncIntervalMinutes}
        inputMode="numeric"
        value={interval}
        onChange={(event) => setInterval(event.target.value)}
      />
      <TextField
        label="Keep the sync log up to (MB)"
        hint="The oldest lines are removed first once the log grows past this size."
        error={errors.logRetentionMb}
        inputMode="numeric"
        value={retention}
        onChange={(event) => setRetention(event.target.value)}
      />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={saving}>
          Save
        </Button>
      </div>
    </form>
  );
}

function AuditTrailCard() {
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const load = () =>
      call('audit:list', { limit: 5 })
        .then((list) => setEntries(list))
        .catch((caught: unknown) => setError(describeError(caught).message));
    void load();
    return onStale(['audit:list'], () => void load());
  }, []);

  return (
    <Card
      title="Audit trail"
      data-testid="audit-trail"
      actions={<a href="#/audit">Open the audit trail</a>}
    >
      {error ? <Banner tone="danger">{error}</Banner> : null}
      {entries && entries.length === 0 ? (
        <p className="muted">
          Nothing yet. Connecting, disconnecting, mapping changes, manual syncs and settings changes
          are recorded here with who made them and when.
        </p>
      ) : null}
      {entries && entries.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>What</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{dateTime(entry.at)}</td>
                <td>{entry.actor}</td>
                <td className="mono">{entry.action}</td>
                <td>{entry.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Card>
  );
}
