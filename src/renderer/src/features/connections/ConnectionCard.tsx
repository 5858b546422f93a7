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
import type { ResourceStatus } from '../../../../shared/domain/ats';
import {
  PROVIDER_LABELS,
  type ConnectionSummary,
  type ProviderInfo,
} from '../../../../shared/domain/connections';
import { ApiError, call } from '../../lib/api';
import { count, timeAgo } from '../../lib/format';
import { useAppStore } from '../../stores/app-store';
import { isRunning, useSyncStore } from '../../stores/sync-store';
import { Badge, type Tone } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { Dialog } from '../../ui/Dialog';
import { Field, TextInput } from '../../ui/Field';
import { ScheduleLine } from '../health/ScheduleLine';
import { ImportProgress } from './components/ImportProgress';
import { OAuthWaiting, useOAuthSignIn } from './components/OAuthSignIn';
import { WriteUserPicker } from './components/WriteUserPicker';
import { PermissionList, permissionSummary } from './components/PermissionList';
import { SetupChecklist } from './components/SetupChecklist';
import { ErrorBanner } from './wizard/common-steps';

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

      <Dialog
        open={dialog === 'disconnect'}
        title={`Disconnect “${connection.label}”?`}
        onClose={() => setDialog(null)}
        actions={
          <>
            <Button onClick={() => setDialog(null)}>Cancel</Button>
            <Button
              variant="danger"
              busy={busy === 'disconnect'}
              onClick={() =>
                void act('disconnect', async () => {
                  await call('connections:disconnect', { connectionId: connection.id });
                  setDialog(null);
                })
              }
            >
              Disconnect
            </Button>
          </>
        }
      >
        <p>
          Syncing stops at once and the console forgets the {ats} {oauth ? 'tokens' : 'key'}. The
          cached jobs, candidates and applications stay readable on this computer until you remove
          the connection. To sync again, reconnect.{' '}
          {oauth
            ? `${ats} offers the console no way to withdraw its own access, so it stays authorized in ${ats} until a Super Admin revokes it.`
            : `Nothing changes in ${ats}.`}
        </p>
        {oauth && revokeSteps.length ? <RevokeSteps ats={ats} steps={revokeSteps} /> : null}
      </Dialog>

      <Dialog
        open={dialog === 'remove'}
        tone="danger"
        title={`Remove “${connection.label}” and its cached data?`}
        onClose={() => setDialog(null)}
        actions={
          <>
            <Button onClick={() => setDialog(null)}>Cancel</Button>
            <Button
              variant="danger"
              busy={busy === 'remove'}
              onClick={() =>
                void act('remove', async () => {
                  await call('connections:remove', { connectionId: connection.id });
                  setDialog(null);
                })
              }
            >
              Remove connection and cache
            </Button>
          </>
        }
      >
        <p>
          This deletes the stored key and, from this computer, the {count(cached('jobs'))} jobs,{' '}
          {count(cached('candidates'))} candidates and {count(cached('applications'))} applications
          cached from {ats}. Nothing is deleted in {ats}; the sync log is kept. To keep the cache
          but stop syncing, choose Disconnect instead.
        </p>
      </Dialog>

      {dialog === 'reconnect' ? (
        oauth ? (
          <OAuthReconnectDialog connection={connection} onClose={() => setDialog(null)} />
        ) : (
          <ReconnectDialog connection={connection} onClose={() => setDialog(null)} />
        )
      ) : null}
      {dialog === 'write-user' ? (
        <Dialog
          open
          title={`${ats} user for writes`}
          onClose={() => setDialog(null)}
          actions={<Button onClick={() => setDialog(null)}>Close</Button>}
        >
          <WriteUserPicker connectionId={connection.id} ats={ats} />
        </Dialog>
      ) : null}
      {dialog === 'limit' ? (
        <RateLimitDialog connection={connection} onClose={() => setDialog(null)} />
      ) : null}
    </Card>
  );
}

function ReconnectDialog({
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
      <Field
        label={`${ats} API key`}
        error={error instanceof ApiError ? error.issues?.[0]?.message : undefined}
      >
        {(id, describedBy) => (
          <TextInput
            id={id}
            aria-describedby={describedBy}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={apiKey}
            onChange={(event) => setApiKey(event.target.value)}
          />
        )}
      </Field>
      <ErrorBanner error={error instanceof ApiError && error.issues ? null : error} />
    </Dialog>
  );
}

function RateLimitDialog({
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
        <Field label="Requests per second" error={issue('perSecond')}>
          {(id, describedBy) => (
            <TextInput
              id={id}
              aria-describedby={describedBy}
              inputMode="decimal"
              value={perSecond}
              onChange={(event) => setPerSecond(event.target.value)}
            />
          )}
        </Field>
        <Field label="Burst" error={issue('burst')}>
          {(id, describedBy) => (
            <TextInput
              id={id}
              aria-describedby={describedBy}
              inputMode="numeric"
              value={burst}
              onChange={(event) => setBurst(event.target.value)}
            />
          )}
        </Field>
      </div>
      <ErrorBanner error={error instanceof ApiError && error.issues ? null : error} />
    </Dialog>
  );
}

/** How to revoke the console's access in the ATS (Lever has no API for it). */
function useRevokeSteps(connection: ConnectionSummary): string[] {
  const [steps, setSteps] = useState<string[]>([]);
  const oauth = connection.authMode === 'oauth';
  useEffect(() => {
    if (!oauth) return;
    void call('oauth:describe', { provider: connection.provider })
      .then((description) => setSteps(description.revokeSteps))
      .catch(() => setSteps([]));
  }, [oauth, connection.provider]);
  return steps;
}

function RevokeSteps({ ats, steps }: { ats: string; steps: string[] }) {
  return (
    <div data-testid="revoke-steps">
      <strong>To revoke the console’s access in {ats}:</strong>
      <ol className="revoke-steps">
        {steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
    </div>
  );
}

function OAuthReconnectDialog({
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
          <Field
            label={`New client secret (only if ${ats} issued a new one)`}
            hint="Leave empty to keep the stored secret."
          >
            {(id, describedBy) => (
              <TextInput
                id={id}
                aria-describedby={describedBy}
                type="password"
                autoComplete="off"
                value={clientSecret}
                onChange={(event) => setClientSecret(event.target.value)}
              />
            )}
          </Field>
          <ErrorBanner error={signIn.error} />
        </>
      )}
    </Dialog>
  );
}

const CREDENTIAL_FAILURES: ReadonlySet<string> = new Set(['AUTH_FAILED', 'NEEDS_REAUTH']);

/**
 * Which banner a failed or interrupted last run earns. A run refused for its credential says what
 * the status banner already says while the connection awaits re-authorization, and is stale once
 * the admin reconnected: the status returns to connected only through a new credential.
 */
function lastRunBanner(
  lastRun: { status: string; errorCode?: string | undefined },
  status: ConnectionSummary['status'],
): 'failure' | 'reconnected' | null {
  if (lastRun.status !== 'failed' && lastRun.status !== 'interrupted') return null;
  if (!lastRun.errorCode || !CREDENTIAL_FAILURES.has(lastRun.errorCode)) return 'failure';
  if (status === 'connected') return 'reconnected';
  return status === 'needs_reauth' || status === 'needs_reconnect' ? null : 'failure';
}
