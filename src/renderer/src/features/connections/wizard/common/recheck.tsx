import { RefreshCw } from 'lucide-react';
import { useState } from 'react';
import { call } from '../../../../lib/api';
import { Button } from '../../../../ui/Button';
import { ErrorBanner } from '../../../../ui/ErrorBanner';
import { StepActions } from '../StepActions';
import type { WizardStepProps } from '../types';

/** Re-runs the check with the draft's credential (the admin fixed something in the ATS). */
export function useRecheck({ draft, update }: WizardStepProps) {
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
            ...(draft.writeUserId ? { writeUserId: draft.writeUserId } : {}),
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
export function RecheckFooter({
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
