import { useEffect, useState } from 'react';
import type { ConnectionSummary } from '../../../../../shared/domain/connections';
import { call } from '../../../lib/api';

/** How to revoke the console's access in the ATS (Lever has no API for it). */
export function useRevokeSteps(connection: ConnectionSummary): string[] {
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

/** The ATS's steps to revoke the console's access, as a numbered list. */
export function RevokeSteps({ ats, steps }: { ats: string; steps: string[] }) {
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
