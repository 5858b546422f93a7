import { ArrowRight, Eye, EyeOff, LogIn } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { OAuthDescription } from '../../../../../../shared/domain/connections';
import { ApiError, call } from '../../../../lib/api';
import { Banner } from '../../../../ui/Banner';
import { Button } from '../../../../ui/Button';
import { ErrorBanner } from '../../../../ui/ErrorBanner';
import { TextField } from '../../../../ui/TextField';
import {
  OAuthWaiting,
  RequestedPermissions,
  useOAuthSignIn,
  type OAuthResult,
} from '../../components/OAuthSignIn';
import { permissionSummary } from '../../components/PermissionList';
import { StepActions } from '../StepActions';
import type { WizardStepProps } from '../types';

/**
 * Signing in through the company's Lever OAuth app: its client id and secret, the callback URL it
 * registered, then a Super Admin accepts the permissions in the browser. Signing in saves the
 * connection.
 */
export function AuthorizeStep({ draft, update, next, back }: WizardStepProps) {
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
        <StepActions>
          <Button variant="primary" icon={<ArrowRight size={16} aria-hidden />} onClick={next}>
            Continue
          </Button>
        </StepActions>
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
        <TextField
          label="Client ID"
          error={fieldError('clientId')}
          autoComplete="off"
          spellCheck={false}
          value={clientId}
          onChange={(event) => setClientId(event.target.value)}
        />
        <TextField
          label="Client secret"
          error={fieldError('clientSecret')}
          hint="Stored encrypted on this computer; never shown again."
          type={showSecret ? 'text' : 'password'}
          autoComplete="off"
          spellCheck={false}
          value={clientSecret}
          onChange={(event) => setClientSecret(event.target.value)}
          trailing={
            <Button
              variant="ghost"
              size="sm"
              aria-label={showSecret ? 'Hide the secret' : 'Show the secret'}
              icon={showSecret ? <EyeOff size={16} aria-hidden /> : <Eye size={16} aria-hidden />}
              onClick={() => setShowSecret(!showSecret)}
            />
          }
        />
      </div>
      <TextField
        label="Callback URL"
        error={fieldError('callbackUrl')}
        hint="The console listens here, on this computer only, for Lever’s answer. It must match the app’s registered callback URL exactly."
        className="input mono"
        spellCheck={false}
        value={callbackUrl}
        onChange={(event) => setCallbackUrl(event.target.value)}
      />
      <details className="advanced">
        <summary>Advanced</summary>
        <div className="form-grid">
          <TextField
            label="API host"
            error={fieldError('baseUrl')}
            hint={`Leave empty for Lever (${draft.info.defaultBaseUrl}); change it only for a sandbox.`}
            spellCheck={false}
            placeholder={draft.info.defaultBaseUrl}
            value={draft.baseUrl}
            onChange={(event) => update({ baseUrl: event.target.value })}
          />
          <TextField
            label="OAuth host"
            error={fieldError('authBaseUrl')}
            hint="Leave empty to use the one that goes with the API host."
            spellCheck={false}
            placeholder={description?.defaultAuthBaseUrl}
            value={authBaseUrl}
            onChange={(event) => setAuthBaseUrl(event.target.value)}
          />
        </div>
      </details>
      <Banner tone="info" title="A Lever Super Admin must accept">
        Lever lets only a Super Admin authorize an app for the whole company. Sign in as one in the
        browser that opens, or have one at hand before you continue: anyone else can only deny.
      </Banner>
      {description ? (
        <section aria-label="Requested permissions">
          <h3 className="section-title">Lever will ask you to accept these permissions</h3>
          <RequestedPermissions description={description} />
        </section>
      ) : null}
      <StepActions>
        <Button onClick={back}>Back</Button>
        <Button
          type="submit"
          variant="primary"
          icon={<LogIn size={16} aria-hidden />}
          disabled={!clientId.trim() || !clientSecret}
        >
          Open Lever to authorize
        </Button>
      </StepActions>
    </form>
  );
}
