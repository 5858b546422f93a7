import {
  KeyRound,
  RefreshCw,
  Settings2,
  ShieldCheck,
  Trash2,
  Unplug,
  UserRoundCheck,
} from 'lucide-react';
import { useEffect, useState } from 'react';
import type { ResourceStatus } from '../../../../../shared/domain/ats';
import {
  PROVIDER_LABELS,
  type ConnectionSummary,
  type ProviderInfo,
} from '../../../../../shared/domain/connections';
import { call } from '../../../lib/api';
import { count, timeAgo } from '../../../lib/format';
import { useAppStore } from '../../../stores/app-store';
import { isRunning, useSyncStore } from '../../../stores/sync-store';
import { Badge, type Tone } from '../../../ui/Badge';
import { Banner } from '../../../ui/Banner';
import { Button } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { ScheduleLine } from '../../health/ScheduleLine';
import { ImportProgress } from '../components/ImportProgress';
import { PermissionList, permissionSummary } from '../components/PermissionList';
import { SetupChecklist } from '../components/SetupChecklist';
import { DisconnectDialog } from './DisconnectDialog';
import { lastRunBanner } from './last-run';
import { OAuthReconnectDialog } from './OAuthReconnectDialog';
import { RateLimitDialog } from './RateLimitDialog';
import { ReconnectDialog } from './ReconnectDialog';
import { RemoveDialog } from './RemoveDialog';
import { RevokeSteps, useRevokeSteps } from './RevokeSteps';
import { WriteUserDialog } from './WriteUserDialog';

const STATUS: Record<string, { tone: Tone; label: string }> = {
  connected: { tone: 'success', label: 'Connected' },
  needs_reauth: { tone: 'danger', label: 'Needs re-authorization' },
  needs_reconnect: { tone: 'warning', label: 'Needs reconnect' },
  disabled: { tone: 'neutral', label: 'Disconnected' },
};

type DialogName = 'disconnect' | 'remove' | 'reconnect' | 'limit' | 'write-user' | null;

/** One connection: status, last sync, permissions, setup, live progress, and what can be done. */
export function ConnectionCard({
  connection,
  provider,
}: {
  connection: ConnectionSummary;
  /** What the ATS needs (e.g. a user for writes); absent while the list loads. */
  provider?: ProviderInfo | undefined;
}) {
  const run = useSyncStore((state) => state.runs[connection.id]);
  const lastRun = useAppStore((state) =>
    state.recentRuns.find((candidate) => candidate.connectionId === connection.id),
  );
  const running = isRunning(run);
  const [resources, setResources] = useState<ResourceStatus[]>([]);
  const [dialog, setDialog] = useState<DialogName>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const ats = PROVIDER_LABELS[connection.provider];
  const status = STATUS[connection.status] ?? { tone: 'neutral' as Tone, label: connection.status };

  useEffect(() => {
    void call('sync:status', { connectionId: connection.id })
      .then((result) => setResources(result.resources))
      .catch(() => setResources([]));
  }, [connection.id, connection.lastSyncAt, running]);

  const act = async (name: string, work: () => Promise<unknown>) => {
    setBusy(name);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  // By entity, not by resource: ATSs group them differently (Lever reads candidates and
  // applications from one list of opportunities).
  const cached = (entity: string) =>
    resources.reduce((total, resource) => total + (resource.counts[entity] ?? 0), 0);
  const check = connection.check;
  const summary = check ? permissionSummary(check.permissions) : null;
  const inactive = connection.status === 'disabled';
  const oauth = connection.authMode === 'oauth';
  const revokeSteps = useRevokeSteps(connection);

  return (
    <Card
      title={connection.label}
      actions={<Badge tone={status.tone}>{status.label}</Badge>}
      data-testid={`connection-${connection.id}`}
    >
      {connection.status === 'needs_reauth' ? (
        oauth ? (
          <Banner
            tone="danger"
            title={`${ats} no longer accepts the console’s authorization, so syncing is paused.`}
          >
            It was revoked in {ats}, expired, or was used twice. Reconnect: sign in to {ats} again.
            Cached data and queued changes are kept.
          </Banner>
        ) : (
          <Banner tone="danger" title={`${ats} refused the stored key, so syncing is paused.`}>
            Reconnect with a valid key; cached data and queued changes are kept.
          </Banner>
        )
      ) : null}
      {connection.status === 'needs_reconnect' ? (
        <Banner
          tone="warning"
          title="The stored key cannot be decrypted on this computer, so syncing is paused."
        >
          The keyring or passphrase changed, or the stored copy was damaged. Reconnect with the{' '}
          {ats} key; cached data and queued changes are kept.
        </Banner>
      ) : null}
      {!running && lastRun && lastRunBanner(lastRun, connection.status) === 'failure' ? (
        <Banner
          tone="danger"
          title={`The last sync ${lastRun.status === 'failed' ? 'failed' : 'was interrupted'}.`}
        >
          {lastRun.message}
        </Banner>
      ) : null}
      {!running && lastRun && lastRunBanner(lastRun, connection.status) === 'reconnected' ? (
        <Banner tone="info" title={`Reconnected since ${ats} refused the last sync.`}>
          The next sync uses the new authorization; choose Sync now to catch up before it.
        </Banner>
      ) : null}
      {inactive ? (
        <Banner
          tone="info"
          title={`Disconnected: the ${oauth ? 'tokens were' : 'key was'} forgotten and nothing syncs.`}
        >
          The cached data stays readable here. Reconnect to sync again, or remove the connection to
          delete the cache.
          {oauth && revokeSteps.length ? <RevokeSteps ats={ats} steps={revokeSteps} /> : null}
        </Banner>
      ) : null}
      <dl className="facts">
        <dt>ATS</dt>
        <dd>{ats}</dd>
        <dt>API host</dt>
        <dd className="mono">{connection.baseUrl}</dd>
        {check?.accountLabel ? (
          <>
            <dt>{oauth ? 'Authorization' : 'Key'}</dt>
            <dd>{check.accountLabel}</dd>
          </>
        ) : null}
        <dt>Last sync</dt>
        <dd>{timeAgo(connection.lastSyncAt)}</dd>
        <dt>Last success</dt>
        <dd>{timeAgo(connection.lastSuccessAt)}</dd>
        <dt>Cached</dt>
        <dd>
          {count(cached('jobs'))} jobs · {count(cached('candidates'))} candidates ·{' '}
          {count(cached('applications'))} applications
        </dd>
        <dt>Request limit</dt>
        <dd>
          {connection.rateLimit
            ? `${connection.rateLimit.perSecond}/s, bursts of ${connection.rateLimit.burst}`
            : 'Off'}
          {connection.rateLimitIsDefault ? ' (default)' : ''}
        </dd>
      </dl>

      <ScheduleLine connection={connection} />
      {running ? <ImportProgress resources={resources} run={run} /> : null}

      {check && summary ? (
        <details className="card-section" open={summary.missing > 0}>
          <summary>
            <ShieldCheck size={16} aria-hidden /> Permissions: {summary.granted} of{' '}
            {check.permissions.length} granted
            {summary.missing ? `, ${summary.missing} missing` : ''}
            {connection.checkedAt ? ` · checked ${timeAgo(connection.checkedAt)}` : ''}
          </summary>
          <PermissionList permissions={check.permissions} />
        </details>
      ) : null}
      {check && check.setup.length ? <SetupChecklist items={check.setup} /> : null}

      <ErrorBanner error={error} />
      <div className="card-buttons">
        <Button
          variant="primary"
          size="sm"
          icon={<RefreshCw size={14} aria-hidden />}
          busy={busy === 'sync' || running}
          disabled={
            inactive ||
            connection.status === 'needs_reauth' ||
            connection.status === 'needs_reconnect'
          }
          onClick={() =>
            void act('sync', () => call('sync:start', { connectionId: connection.id }))
          }
        >
          {running ? 'Syncing' : 'Sync now'}
        </Button>
        {running ? (
          <Button
            size="sm"
            onClick={() =>
              void act('stop', () => call('sync:cancel', { connectionId: connection.id }))
            }
          >
            Stop
          </Button>
        ) : null}
        <Button
          size="sm"
          icon={<ShieldCheck size={14} aria-hidden />}
          busy={busy === 'check'}
          disabled={inactive || !connection.hasCredential}
          onClick={() =>
            void act('check', () => call('connections:recheck', { connectionId: connection.id }))
          }
        >
          Check again
        </Button>
        <Button
          size="sm"
          variant={connection.status === 'connected' ? 'secondary' : 'primary'}
          icon={<KeyRound size={14} aria-hidden />}
          onClick={() => setDialog('reconnect')}
        >
          Reconnect
        </Button>
        <Button
          size="sm"
          icon={<Settings2 size={14} aria-hidden />}
          onClick={() => setDialog('limit')}
        >
          Request limit
        </Button>
        {provider?.writeUserRequired ? (
          <Button
            size="sm"
            icon={<UserRoundCheck size={14} aria-hidden />}
            onClick={() => setDialog('write-user')}
          >
            User for writes
          </Button>
        ) : null}
        <span className="status-spacer" />
        {!inactive ? (
          <Button
            size="sm"
            variant="ghost"
            icon={<Unplug size={14} aria-hidden />}
            onClick={() => setDialog('disconnect')}
          >
            Disconnect
          </Button>
        ) : null}
        <Button
          size="sm"
          variant="danger"
          icon={<Trash2 size={14} aria-hidden />}
          onClick={() => setDialog('remove')}
        >
          Remove
        </Button>
      </div>

      <DisconnectDialog
        open={dialog === 'disconnect'}
        connection={connection}
        revokeSteps={oauth ? revokeSteps : (provider?.revokeSteps ?? [])}
        busy={busy === 'disconnect'}
        onConfirm={() =>
          void act('disconnect', async () => {
            await call('connections:disconnect', { connectionId: connection.id });
            setDialog(null);
          })
        }
        onClose={() => setDialog(null)}
      />
      <RemoveDialog
        open={dialog === 'remove'}
        connection={connection}
        cached={{
          jobs: cached('jobs'),
          candidates: cached('candidates'),
          applications: cached('applications'),
        }}
        busy={busy === 'remove'}
        onConfirm={() =>
          void act('remove', async () => {
            await call('connections:remove', { connectionId: connection.id });
            setDialog(null);
          })
        }
        onClose={() => setDialog(null)}
      />

      {dialog === 'reconnect' ? (
        oauth ? (
          <OAuthReconnectDialog connection={connection} onClose={() => setDialog(null)} />
        ) : (
          <ReconnectDialog connection={connection} onClose={() => setDialog(null)} />
        )
      ) : null}
      {dialog === 'write-user' ? (
        <WriteUserDialog connection={connection} onClose={() => setDialog(null)} />
      ) : null}
      {dialog === 'limit' ? (
        <RateLimitDialog connection={connection} onClose={() => setDialog(null)} />
      ) : null}
    </Card>
  );
}
