import {
  ArrowRight,
  Briefcase,
  Eye,
  EyeOff,
  GitCompareArrows,
  RefreshCw,
  Users,
} from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { ResourceStatus } from '../../../../../shared/domain/ats';
import { ApiError, call, describeError } from '../../../lib/api';
import { count } from '../../../lib/format';
import { navigate } from '../../../lib/router';
import { useSyncStore } from '../../../stores/sync-store';
import { Banner } from '../../../ui/Banner';
import { Button } from '../../../ui/Button';
import { Field, TextInput } from '../../../ui/Field';
import { ImportProgress } from '../components/ImportProgress';
import { PermissionList, permissionSummary } from '../components/PermissionList';
import { SetupChecklist } from '../components/SetupChecklist';
import type { WizardStep, WizardStepProps } from './types';

/** An error as the wizard shows it: what happened, then what to do. */
export function ErrorBanner({ error }: { error: unknown }) {
  if (!error) return null;
  const { message, action } = describeError(error);
  return (
    <Banner tone="danger" title={message}>
      {action}
    </Banner>
  );
}

function StepActions({ children }: { children: React.ReactNode }) {
  return <div className="wizard-actions">{children}</div>;
}

/** Paste an API key (masked), with the API host as an advanced field; checked before saving. */
export function PasteKeyStep({ draft, update, next, back }: WizardStepProps) {
  const [visible, setVisible] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fieldError = (path: string) =>
    error instanceof ApiError
      ? error.issues?.find((issue) => issue.path.endsWith(path))?.message
      : undefined;
  const validate = async () => {
    setBusy(true);
    setError(null);
    try {
      const check = await call('connections:check', {
        provider: draft.provider,
        ...(draft.baseUrl.trim() ? { baseUrl: draft.baseUrl.trim() } : {}),
        credential: { kind: 'api_key', apiKey: draft.apiKey },
      });
      update({ check });
      next();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        void validate();
      }}
    >
      <Field
        label={`${draft.info.label} API key`}
        error={fieldError('apiKey')}
        hint={`Paste the whole key. It is checked with ${draft.info.label} before anything is saved.`}
      >
        {(id, describedBy) => (
          <div className="input-with-button">
            <TextInput
              id={id}
              aria-describedby={describedBy}
              type={visible ? 'text' : 'password'}
              autoComplete="off"
              spellCheck={false}
              value={draft.apiKey}
              onChange={(event) => update({ apiKey: event.target.value })}
            />
            <Button
              variant="ghost"
              size="sm"
              aria-label={visible ? 'Hide the key' : 'Show the key'}
              icon={visible ? <EyeOff size={16} aria-hidden /> : <Eye size={16} aria-hidden />}
              onClick={() => setVisible(!visible)}
            />
          </div>
        )}
      </Field>
      <details className="advanced">
        <summary>Advanced</summary>
        <Field
          label="API host"
          error={fieldError('baseUrl')}
          hint={`Leave empty for ${draft.info.label} (${draft.info.defaultBaseUrl}). Change it only to try the console against a sandbox.`}
        >
          {(id, describedBy) => (
            <TextInput
              id={id}
              aria-describedby={describedBy}
              value={draft.baseUrl}
              placeholder={draft.info.defaultBaseUrl}
              spellCheck={false}
              onChange={(event) => update({ baseUrl: event.target.value })}
            />
          )}
        </Field>
      </details>
      <ErrorBanner error={error} />
      <div className="wizard-actions">
        <Button onClick={back}>Back</Button>
        <Button type="submit" variant="primary" busy={busy} disabled={draft.apiKey.trim() === ''}>
          Check the key
        </Button>
      </div>
    </form>
  );
}
/** Re-runs the check with the draft's credential
 (the admin fixed something in the ATS). */
function useRecheck({ draft, update }: WizardStepProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const recheck = async () => {
    setBusy(true);
    setError(null);
    try {
      const check = draft.connectionId
        ? await call('connections:recheck', { connectionId: draft.connectionId })
        : await call('connections:check', {
            provider: draft.provider,
            ...(draft.baseUrl ? { baseUrl: draft.baseUrl } : {}),
            credential: { kind: 'api_key', apiKey: draft.apiKey },
          });
      update({ check });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, recheck };
}

/** Back, Check again (after the admin fixed something in the ATS), Continue. */
function RecheckFooter({
  error,
  busy,
  recheck,
  back,
  next,
}: {
  error: unknown;
  busy: boolean;
  recheck: () => Promise<void>;
  back: () => void;
  next: () => void;
}) {
  return (
    <>
      <ErrorBanner error={error} />
      <StepActions>
        <Button onClick={back}>Back</Button>
        <Button
          icon={<RefreshCw size={16} aria-hidden />}
          busy={busy}
          onClick={() => void recheck()}
        >
          Check again
        </Button>
        <Button variant="primary" onClick={next}>
          Continue
        </Button>
      </StepActions>
    </>
  );
}

function PermissionsStep(props: WizardStepProps) {
  const { draft, next, back } = props;
  const { busy, error, recheck } = useRecheck(props);
  const check = draft.check;
  if (!check) return null;
  const summary = permissionSummary(check.permissions);
  const oauth = draft.authMode === 'oauth';
  return (
    <>
      {summary.missing === 0 && summary.unknown === 0 ? (
        <Banner
          tone="success"
          title={
            oauth
              ? `${draft.info.label} granted every permission the console uses.`
              : 'The key has every permission the console uses.'
          }
        >
          {check.accountLabel
            ? oauth
              ? `${check.accountLabel}.`
              : `${draft.info.label} calls this key “${check.accountLabel}”.`
            : null}
        </Banner>
      ) : (
        <Banner
          tone="warning"
          title={
            summary.missing > 0
              ? `${summary.missing} permission${summary.missing === 1 ? ' is' : 's are'} missing${summary.unknown ? `, ${summary.unknown} could not be confirmed` : ''}.`
              : `${summary.unknown} permission${summary.unknown === 1 ? '' : 's'} could not be confirmed.`
          }
        >
          {oauth
            ? `You can continue: the features below stay off until a ${draft.info.label} Super Admin reconnects and accepts every permission.`
            : `You can continue: the features below stay off until a ${draft.info.label} admin enables the permission on the key. Then choose “Check again” (here or later on the Connections page).`}
        </Banner>
      )}
      {check.notes?.map((note) => (
        <p key={note} className="muted">
          {note}
        </p>
      ))}
      <PermissionList permissions={check.permissions} />
      <RecheckFooter error={error} busy={busy} recheck={recheck} back={back} next={next} />
    </>
  );
}

function SetupStep(props: WizardStepProps) {
  const { draft, next, back } = props;
  const { busy, error, recheck } = useRecheck(props);
  const items = draft.check?.setup ?? [];
  const pending = items.filter((item) => !item.ok).length;
  return (
    <>
      {pending === 0 ? (
        <Banner
          tone="success"
          title={`Everything is set up in ${draft.info.label} for the console.`}
        >
          Applications the console creates will be tagged so recruiters can see where they came
          from.
        </Banner>
      ) : (
        <Banner tone="warning" title={`Something to set up in ${draft.info.label} first.`}>
          Do it now and choose “Check again”, or continue and do it later: until then the console
          imports and shows data, but does not create candidates or applications in{' '}
          {draft.info.label}.
        </Banner>
      )}
      <SetupChecklist items={items} />
      <RecheckFooter error={error} busy={busy} recheck={recheck} back={back} next={next} />
    </>
  );
}

function SaveStep({ draft, update, next, back }: WizardStepProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const { connection } = await call('connections:create', {
        provider: draft.provider,
        ...(draft.baseUrl ? { baseUrl: draft.baseUrl } : {}),
        ...(draft.label.trim() ? { label: draft.label.trim() } : {}),
        credential: { kind: 'api_key', apiKey: draft.apiKey },
      });
      // The key now lives only in the main process, encrypted; forget it here.
      update({ connectionId: connection.id, apiKey: '' });
      next();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <p>
        The console stores the key encrypted by this computer’s keychain. It never shows it again,
        never sends it anywhere but {draft.info.label}, and never writes it to a log.
      </p>
      <Field
        label="Name of this connection"
        hint={`Shown on the Connections page, e.g. “${draft.info.label}”.`}
      >
        {(id, describedBy) => (
          <TextInput
            id={id}
            aria-describedby={describedBy}
            value={draft.label}
            placeholder={draft.info.label}
            maxLength={80}
            onChange={(event) => update({ label: event.target.value })}
          />
        )}
      </Field>
      <dl className="facts">
        <dt>API host</dt>
        <dd className="mono">{draft.baseUrl || draft.info.defaultBaseUrl}</dd>
        {draft.check?.accountLabel ? (
          <>
            <dt>Key</dt>
            <dd>{draft.check.accountLabel}</dd>
          </>
        ) : null}
      </dl>
      <ErrorBanner error={error} />
      <StepActions>
        <Button onClick={back}>Back</Button>
        <Button variant="primary" busy={busy} onClick={() => void save()}>
          Save and start the import
        </Button>
      </StepActions>
    </>
  );
}

function ImportStep({ draft, update, next }: WizardStepProps) {
  const connectionId = draft.connectionId!;
  const run = useSyncStore((state) => state.runs[connectionId]);
  const [resources, setResources] = useState<ResourceStatus[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [runMessage, setRunMessage] = useState<string | null>(null);
  const started = useRef(false);

  const start = async () => {
    setError(null);
    setRunMessage(null);
    try {
      const result = await call('sync:start', { connectionId, trigger: 'initial-import' });
      update({ runId: result.started[0]?.runId ?? null });
    } catch (caught) {
      setError(caught);
    }
  };

  useEffect(() => {
    void call('sync:status', { connectionId }).then((status) => setResources(status.resources));
    if (!started.current) {
      started.current = true;
      void start();
    }
    // Starts once per wizard; `start` is stable enough for that.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connectionId]);

  const finished = run?.finished && run.runId === draft.runId;
  useEffect(() => {
    if (!finished) return;
    void call('runs:list', { connectionId, limit: 1 }).then(([last]) => {
      if (last?.status === 'succeeded') next();
      else setRunMessage(last?.message ?? 'The import stopped.');
    });
  }, [finished, connectionId, next]);

  return (
    <>
      <p>
        The console now copies jobs, stages, candidates and applications (and what they refer to)
        into this computer’s cache. It saves every page as it goes: you can stop, close the console
        or lose the network, and the next sync continues where this one stopped.
      </p>
      <ImportProgress resources={resources} run={run?.runId === draft.runId ? run : undefined} />
      {runMessage ? (
        <Banner tone="danger" title="The import did not finish.">
          {runMessage}
        </Banner>
      ) : null}
      <ErrorBanner error={error} />
      <StepActions>
        {runMessage || error ? (
          <Button
            variant="primary"
            icon={<RefreshCw size={16} aria-hidden />}
            onClick={() => void start()}
          >
            Resume the import
          </Button>
        ) : (
          <Button
            disabled={!draft.runId || Boolean(finished)}
            onClick={() => void call('sync:cancel', { connectionId })}
          >
            Stop (resumes at the next sync)
          </Button>
        )}
      </StepActions>
    </>
  );
}

const ENTITY_WORDS: Record<string, string> = {
  plans: 'plans',
  stages: 'stages',
  archiveReasons: 'archive reasons',
};

function DoneStep({ draft }: WizardStepProps) {
  const [resources, setResources] = useState<ResourceStatus[]>([]);
  useEffect(() => {
    if (draft.connectionId)
      void call('sync:status', { connectionId: draft.connectionId }).then((status) =>
        setResources(status.resources),
      );
  }, [draft.connectionId]);
  return (
    <>
      <Banner tone="success" title={`${draft.info.label} is connected and imported.`}>
        Later syncs read only what changed. Next, check how {draft.info.label}’s stages map to
        Kula’s.
      </Banner>
      <dl className="facts" data-testid="import-summary">
        {resources.map((resource) => (
          <div key={resource.name} className="facts-row">
            <dt>{resource.label}</dt>
            <dd>
              {Object.keys(resource.counts).length > 1
                ? Object.entries(resource.counts)
                    .map(([entity, value]) => `${count(value)} ${ENTITY_WORDS[entity] ?? entity}`)
                    .join(' · ')
                : count(resource.cached)}
            </dd>
          </div>
        ))}
      </dl>
      <StepActions>
        <Button icon={<Briefcase size={16} aria-hidden />} onClick={() => navigate('/jobs')}>
          Jobs
        </Button>
        <Button icon={<Users size={16} aria-hidden />} onClick={() => navigate('/candidates')}>
          Candidates
        </Button>
        <Button
          icon={<GitCompareArrows size={16} aria-hidden />}
          onClick={() => navigate('/mapping')}
        >
          Stage mapping
        </Button>
        <Button
          variant="primary"
          icon={<ArrowRight size={16} aria-hidden />}
          onClick={() => navigate('/connections')}
        >
          Done
        </Button>
      </StepActions>
    </>
  );
}

/** Steps every ATS wizard ends with, after its own credential steps. */
export const COMMON_STEPS: WizardStep[] = [
  { id: 'permissions', title: 'Permissions', Component: PermissionsStep },
  { id: 'setup', title: 'Setup in the ATS', Component: SetupStep },
  // Signing in through an OAuth app saves the connection when the ATS answers.
  { id: 'save', title: 'Save', Component: SaveStep, skip: (draft) => draft.connectionId !== null },
  { id: 'import', title: 'Import', Component: ImportStep },
  { id: 'done', title: 'Done', Component: DoneStep },
];
