import { ExternalLink, KeyRound, LoaderCircle } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type {
  ConnectionCheck,
  ConnectionSummary,
  OAuthDescription,
} from '../../../../../shared/domain/connections';
import type { Input } from '../../../../../shared/ipc/contract';
import { call } from '../../../lib/api';
import { Banner } from '../../../ui/Banner';
import { Button } from '../../../ui/Button';

export type OAuthResult = { connection: ConnectionSummary; check: ConnectionCheck };

/**
 * Signing in through an ATS's OAuth app: `start` opens the authorize page in the system browser
 * (main does that) and then waits for the ATS's answer on the loopback redirect; `cancel` stops
 * waiting. The admin's browser, not this window, shows the ATS's page.
 */
export function useOAuthSignIn(onConnected: (result: OAuthResult) => void) {
  const [state, setState] = useState<'idle' | 'waiting'>('idle');
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const flow = useRef<string | null>(null);
  const connected = useRef(onConnected);
  useEffect(() => {
    connected.current = onConnected;
  }, [onConnected]);

  // Leaving the step (or closing the dialog) stops the wait and frees the callback port.
  useEffect(
    () => () => {
      if (flow.current) void call('oauth:cancel', { flowId: flow.current }).catch(() => undefined);
    },
    [],
  );

  const start = async (input: Input<'oauth:begin'>) => {
    setError(null);
    setState('waiting');
    try {
      const begun = await call('oauth:begin', input);
      flow.current = begun.flowId;
      setUrl(begun.url);
      const result = await call('oauth:complete', { flowId: begun.flowId });
      flow.current = null;
      setState('idle');
      connected.current(result);
    } catch (caught) {
      flow.current = null;
      setState('idle');
      setUrl(null);
      setError(caught);
    }
  };
  const cancel = () => {
    if (flow.current) void call('oauth:cancel', { flowId: flow.current });
  };
  return { state, url, error, start, cancel };
}

/** What the admin sees while the ATS's page is open in the browser. */
export function OAuthWaiting({
  ats,
  url,
  onCancel,
}: {
  ats: string;
  url: string | null;
  onCancel: () => void;
}) {
  return (
    <div className="oauth-waiting" data-testid="oauth-waiting">
      <Banner tone="info" title={`Finish in your browser: ${ats} is waiting for you.`}>
        <span className="oauth-waiting-line">
          <LoaderCircle size={16} aria-hidden className="spin" /> A browser window opened {ats}
          ’s page. Sign in as a {ats} Super Admin, review the permissions, and click{' '}
          <strong>Accept</strong>. This window continues by itself.
        </span>
      </Banner>
      {url ? (
        <div className="oauth-url">
          <span className="muted small">
            <ExternalLink size={13} aria-hidden /> No window opened? Open this address in your
            browser:
          </span>
          <code className="mono" aria-label="Authorization address">
            {url}
          </code>
        </div>
      ) : null}
      <div className="wizard-actions">
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </div>
  );
}

/** The permissions the console will ask for, and what each one is used for. */
export function RequestedPermissions({ description }: { description: OAuthDescription }) {
  return (
    <ul className="permission-list" aria-label="Permissions the console asks for">
      {description.permissions.map((permission) => (
        <li key={permission.scope} className="permission permission-requested">
          <KeyRound size={16} aria-hidden className="permission-icon" />
          <div>
            <div className="permission-name">
              {permission.label} <code className="small muted">{permission.scope}</code>
            </div>
            <div className="permission-features">{permission.features.join(' · ')}</div>
          </div>
        </li>
      ))}
    </ul>
  );
}
