import { describe, expect, it } from 'vitest';
import { updateStatusMessage } from '../../../src/main/shell/update-message';

describe('what Check for updates says', () => {
  it('names the versions, what happens next, and what to do when the feed could not be read', () => {
    const at = '2026-12-07T10:00:00.000Z';
    expect(
      updateStatusMessage({ state: 'up-to-date', currentVersion: '1.2.0', checkedAt: at }, 'App')
        .message,
    ).toBe('App 1.2.0 is the latest version.');
    const available = updateStatusMessage(
      {
        state: 'available',
        currentVersion: '1.2.0',
        latestVersion: '1.3.0',
        downloaded: true,
        checkedAt: at,
      },
      'App',
    );
    expect(available.message).toMatch(/1\.3\.0 is available \(you have 1\.2\.0\)/);
    expect(available.detail).toMatch(/installs when you quit/);
    const failed = updateStatusMessage(
      {
        state: 'failed',
        currentVersion: '1.2.0',
        message: 'The feed did not answer.',
        checkedAt: at,
      },
      'App',
    );
    expect(failed).toMatchObject({ type: 'warning' });
    expect(failed.detail).toMatch(/^The feed did not answer\. Check your network/);
    expect(
      updateStatusMessage(
        { state: 'unavailable', currentVersion: '1', reason: 'A source checkout.' },
        'App',
      ).detail,
    ).toBe('A source checkout.');
  });
});
