import { ArrowRight, Eye, EyeOff, GitCompareArrows, LogIn } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { OAuthDescription } from '../../../../../shared/domain/connections';
import type { MappingStatus } from '../../../../../shared/domain/mapping';
import { ApiError, call } from '../../../lib/api';
import { navigate } from '../../../lib/router';
import { Banner } from '../../../ui/Banner';
import { Button } from '../../../ui/Button';
import { Field, TextInput } from '../../../ui/Field';
import {
  OAuthWaiting,
  RequestedPermissions,
  useOAuthSignIn,
  type OAuthResult,
} from '../components/OAuthSignIn';
import { permissionSummary } from '../components/PermissionList';
import { WriteUserPicker } from '../components/WriteUserPicker';
import { COMMON_STEPS, ErrorBanner, PasteKeyStep } from './common-steps';
import type { WizardDefinition, WizardStep, WizardStepProps } from './types';

/**
 * Lever: sign in through the company's Lever OAuth app (a Super Admin accepts the permissions in
 * the browser), or paste an API key. After the common steps and the import, the admin chooses the
 * Lever user writes are attributed to and is reminded that writes wait for a confirmed mapping.
 */

function MethodStep({ draft, update, next, back }: WizardStepProps) {
  const choices = [
    {
      mode: 'oauth' as const,
      title: 'Sign in with Lever (recommended)',
      text: 'A Lever Super Admin authorizes the console in the browser and can revoke it in Lever at any time. Needs the client id and secret of your company’s Lever OAuth app.',
    },
    {
      mode: 'api_key' as const,
      title: 'Use an API key',
      text: 'For accounts without an OAuth app: a key made in Lever’s settings (Integrations and API → API Credentials).',
    },
  ];
  return (
    <>
      <div className="choice-list" role="radiogroup" aria-label="How to connect Lever">
        {choices.map((choice) => (
          <label
            key={choice.mode}
            className={`choice ${draft.authMode === choice.mode ? 'choice-selected' : ''}`}
          >
            <input
              type="radio"
              name="lever-method"
              checked={draft.authMode === choice.mode}
              onChange={() => update({ authMode: choice.mode })}
            />
            <span>
              <strong>{choice.title}</strong>
              <span className="choice-text">{choice.text}</span>
            </span>
          </label>
        ))}
      </div>
      <div className="wizard-actions">
        <Button onClick={back}>Back</Button>
        <Button variant="primary" onClick={next}>
          Continue
        </Button>
      </div>
    </>
  );
}

function AuthorizeStep({ draft, update, next, back }: WizardStepProps) {
  const [description, setDescription] = useState<OAuthDescription | null>(null);
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [showSecret, setShowSecret] = useState(false);
  const [callbackUrl, setCallbackUrl] = useState('');
  const [authBaseUrl, setAuthBaseUrl] = useState('');
  const [connected, setConnected] = useState<OAuthResult | null>(null);
  const signIn = useOAuthSignIn((result) => {
    // The secret now lives only in the main process, encrypted; forget it here.
    setClientSecret('');
    update({ connectionId: result.connection.id, check: result.check });
    setConnected(result);
  });
  useEffect(() => {
    void call('oauth:describe', { provider: draft.provider }).then((found) => {
      setDescription(found);
      setCallbackUrl((current) => current || found.defaultCallbackUrl);
    });
  }, [draft.provider]);
  const fieldError = (path: string) =>
    signIn.error instanceof ApiError
      ? signIn.error.issues?.find((issue) => issue.path.endsWith(path))?.message
      : undefined;

  if (connected) {
    const summary = permissionSummary(connected.check.permissions);
    return (
      <>
        <Banner tone="success" title={`${draft.info.label} is now successfully connected to Kula.`}>
          {connected.check.accountLabel ? `${connected.check.accountLabel}. ` : ''}
          {summary.granted} of {connected.check.permissions.length} permissions granted. The tokens
          are stored encrypted on this computer; the console renews them by itself.
        </Banner>
        <div className="wizard-actions">
          <Button variant="primary" icon={<ArrowRight size={16} aria-hidden />} onClick={next}>
            Continue
          </Button>
        </div>
      </>
    );
  }
  if (signIn.state === 'waiting') {
    return <OAuthWaiting ats={draft.info.label} url={signIn.url} onCancel={signIn.cancel} />;
  }
  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        void signIn.start({
          provider: draft.provider,
          clientId: clientId.trim(),
          clientSecret,
          callbackUrl: callbackUrl.trim(),
          ...(draft.baseUrl.trim() ? { baseUrl: draft.baseUrl.trim() } : {}),
          ...(authBaseUrl.trim() ? { authBaseUrl: authBaseUrl.trim() } : {}),
          ...(draft.label.trim() ? { label: draft.label.trim() } : {}),
        });
      }}
    >
      {/* On top: after a denial the admin comes back here and must see why at once. */}
      <ErrorBanner
        error={signIn.error instanceof ApiError && signIn.error.issues ? null : signIn.error}
      />
      <p>
        Lever registers an OAuth app for your company through its partner program and gives a client
        id and a client secret. The app’s registered callback URL must be exactly the one below.
      </p>
      <div className="form-grid">
        <Field label="Client ID" error={fieldError('clientId')}>
          {(id, describedBy) => (
            <TextInput
              id={id}
              aria-describedby={describedBy}
              autoComplete="off"
              spellCheck={false}
              value={clientId}
              onChange={(event) => setClientId(event.target.value)}
            />
          )}
        </Field>
        <Field
          label="Client secret"
          error={fieldError('clientSecret')}
          hint="Stored encrypted on this computer; never shown again."
        >
          {(id, describedBy) => (
            <div className="input-with-button">
              <TextInput
                id={id}
                aria-describedby={describedBy}
                type={showSecret ? 'text' : 'password'}
                autoComplete="off"
                spellCheck={false}
                value={clientSecret}
                onChange={(event) => setClientSecret(event.target.value)}
              />
              <Button
                variant="ghost"
                size="sm"
                aria-label={showSecret ? 'Hide the secret' : 'Show the secret'}
                icon={showSecret ? <EyeOff size={16} aria-hidden /> : <Eye size={16} aria-hidden />}
                onClick={() => setShowSecret(!showSecret)}
              />
            </div>
          )}
        </Field>
      </div>
      <Field
        label="Callback URL"
        error={fieldError('callbackUrl')}
        hint="The console listens here, on this computer only, for Lever’s answer. It must match the app’s registered callback URL exactly."
      >
        {(id, describedBy) => (
          <TextInput
            id={id}
            aria-describedby={describedBy}
            className="input mono"
            spellCheck={false}
            value={callbackUrl}
            onChange={(event) => setCallbackUrl(event.target.value)}
          />
        )}
      </Field>
      <details className="advanced">
        <summary>Advanced</summary>
        <div className="form-grid">
          <Field
            label="API host"
            error={fieldError('baseUrl')}
            hint={`Leave empty for Lever (${draft.info.defaultBaseUrl}); change it only for a sandbox.`}
          >
            {(id, describedBy) => (
              <TextInput
                id={id}
                aria-describedby={describedBy}
                spellCheck={false}
                placeholder={draft.info.defaultBaseUrl}
                value={draft.baseUrl}
                onChange={(event) => update({ baseUrl: event.target.value })}
              />
            )}
          </Field>
          <Field
            label="OAuth host"
            error={fieldError('authBaseUrl')}
            hint="Leave empty to use the one that goes with the API host."
          >
            {(id, describedBy) => (
              <TextInput
                id={id}
                aria-describedby={describedBy}
                spellCheck={false}
                placeholder={description?.defaultAuthBaseUrl}
                value={authBaseUrl}
                onChange={(event) => setAuthBaseUrl(event.target.value)}
              />
            )}
          </Field>
        </div>
      </details>
      {description ? (
        <section aria-label="Requested permissions">
          <h3 className="section-title">Lever will ask you to accept these permissions</h3>
          <RequestedPermissions description={description} />
        </section>
      ) : null}
      <div className="wizard-actions">
        <Button onClick={back}>Back</Button>
        <Button
          type="submit"
          variant="primary"
          icon={<LogIn size={16} aria-hidden />}
          disabled={!clientId.trim() || !clientSecret}
        >
          Open Lever to authorize
        </Button>
      </div>
    </form>
  );
}

function ApiKeyStep(props: WizardStepProps) {
  return (
    <>
      <p>To create the key in Lever:</p>
      <ol className="steps-list">
        <li>
          Sign in to Lever as an admin and open <strong>Settings → Integrations and API</strong>.
        </li>
        <li>
          On the <strong>API Credentials</strong> tab, click <strong>Generate New Key</strong> and
          name it “Kula”.
        </li>
        <li>
          Allow: opportunities (read and write), postings, stages, users, sources, archive reasons,
          notes, files and resumes. Allow confidential data if confidential postings should be
          imported: Lever asks only now.
        </li>
        <li>Copy the key.</li>
      </ol>
      <PasteKeyStep {...props} />
    </>
  );
}

function CredentialStep(props: WizardStepProps) {
  return props.draft.authMode === 'oauth' ? (
    <AuthorizeStep {...props} />
  ) : (
    <ApiKeyStep {...props} />
  );
}

function BeforeWritesStep({ draft, next }: WizardStepProps) {
  const connectionId = draft.connectionId!;
  const [mapping, setMapping] = useState<MappingStatus | null>(null);
  useEffect(() => {
    void call('mapping:get', { connectionId })
      .then((view) => setMapping(view.status))
      .catch(() => setMapping(null));
  }, [connectionId]);
  const confirmed = Boolean(mapping?.confirmedAt);
  return (
    <>
      <p>
        Lever attributes everything the console writes to one of its users, and writes only go out
        once the stage mapping is confirmed. Both can wait; until then the console only reads.
      </p>
      <WriteUserPicker connectionId={connectionId} ats={draft.info.label} />
      <Banner
        tone={confirmed ? 'success' : 'warning'}
        title={
          confirmed
            ? 'The stage mapping is confirmed.'
            : 'Stage mapping is required before any write to Lever.'
        }
        action={
          <Button
            size="sm"
            icon={<GitCompareArrows size={14} aria-hidden />}
            onClick={() => navigate('/mapping', { connection: connectionId })}
          >
            Open stage mapping
          </Button>
        }
      >
        {confirmed
          ? 'Stage changes will be synced both ways as mapped.'
          : 'Map each Kula stage to Lever and each Lever stage to Kula, then confirm the mapping. Until then the console moves nothing in Lever.'}
      </Banner>
      <div className="wizard-actions">
        <Button variant="primary" icon={<ArrowRight size={16} aria-hidden />} onClick={next}>
          Continue
        </Button>
      </div>
    </>
  );
}

const done = COMMON_STEPS.find((step) => step.id === 'done') as WizardStep;

export const leverWizard: WizardDefinition = {
  provider: 'lever',
  title: 'Connect Lever',
  steps: [
    { id: 'method', title: 'Sign-in method', Component: MethodStep },
    {
      id: 'credential',
      title: (draft) => (draft.authMode === 'oauth' ? 'Authorize in Lever' : 'API key'),
      Component: CredentialStep,
    },
    ...COMMON_STEPS.filter((step) => step !== done),
    { id: 'writes', title: 'Before writing', Component: BeforeWritesStep },
    done,
  ],
};
