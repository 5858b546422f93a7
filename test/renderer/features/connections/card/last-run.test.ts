import { describe, expect, it } from 'vitest';
import { lastRunBanner } from '../../../../../src/renderer/src/features/connections/card/last-run';

describe('lastRunBanner', () => {
  it('shows nothing for a run that succeeded or is still running', () => {
    expect(lastRunBanner({ status: 'succeeded' }, 'connected')).toBeNull();
    expect(lastRunBanner({ status: 'running' }, 'connected')).toBeNull();
  });

  it('reports a failed or interrupted run that was not about the credential', () => {
    expect(lastRunBanner({ status: 'failed', errorCode: 'NETWORK' }, 'connected')).toBe('failure');
    expect(lastRunBanner({ status: 'interrupted' }, 'connected')).toBe('failure');
  });

  it('stays quiet about a refused credential while the status banner already asks to reconnect', () => {
    expect(
      lastRunBanner({ status: 'failed', errorCode: 'AUTH_FAILED' }, 'needs_reauth'),
    ).toBeNull();
    expect(
      lastRunBanner({ status: 'failed', errorCode: 'NEEDS_REAUTH' }, 'needs_reconnect'),
    ).toBeNull();
  });

  it('says the connection was reconnected since a run was refused for its credential', () => {
    expect(lastRunBanner({ status: 'failed', errorCode: 'AUTH_FAILED' }, 'connected')).toBe(
      'reconnected',
    );
  });

  it('reports a refused run on a disconnected connection as a failure', () => {
    expect(lastRunBanner({ status: 'failed', errorCode: 'AUTH_FAILED' }, 'disabled')).toBe(
      'failure',
    );
  });
});
