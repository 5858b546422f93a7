import type { ConnectionSummary } from '../../../../../shared/domain/connections';

const CREDENTIAL_FAILURES: ReadonlySet<string> = new Set(['AUTH_FAILED', 'NEEDS_REAUTH']);

/**
 * Which banner a failed or interrupted last run earns. A run refused for its credential says what
 * the status banner already says while the connection awaits re-authorization, and is stale once
 * the admin reconnected: the status returns to connected only through a new credential.
 */
export function lastRunBanner(
  lastRun: { status: string; errorCode?: string | undefined },
  status: ConnectionSummary['status'],
): 'failure' | 'reconnected' | null {
  if (lastRun.status !== 'failed' && lastRun.status !== 'interrupted') return null;
  if (!lastRun.errorCode || !CREDENTIAL_FAILURES.has(lastRun.errorCode)) return 'failure';
  if (status === 'connected') return 'reconnected';
  return status === 'needs_reauth' || status === 'needs_reconnect' ? null : 'failure';
}
