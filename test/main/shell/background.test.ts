import { describe, expect, it } from 'vitest';
import type { ConnectionSchedule, ScheduleState } from '../../../src/shared/domain/schedule';
import {
  afterLastWindowClosed,
  automaticSyncsOn,
  backgroundNotice,
  QUIT_INSTEAD,
  startInBackground,
} from '../../../src/main/shell/background';

function schedule(state: ScheduleState, enabled: boolean): ConnectionSchedule {
  return {
    connectionId: 'c',
    state,
    nextRunAt: null,
    intervalMinutes: 30,
    intervalIsDefault: true,
    enabled,
    consecutiveFailures: 0,
    lastFailure: null,
    runId: null,
    progress: null,
  };
}

describe('closing the window', () => {
  it('keeps the app syncing in the background while some connection syncs automatically', () => {
    const on = [schedule('disconnected', true), schedule('scheduled', true)];
    expect(automaticSyncsOn(on)).toBe(true);
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      expect(afterLastWindowClosed({ automaticSyncs: automaticSyncsOn(on), platform })).toBe(
        'background',
      );
    }
  });

  it('quits as before when automatic syncs are off (macOS keeps the app in the Dock)', () => {
    const off = [
      schedule('off', false),
      schedule('disconnected', true),
      schedule('not-running', true),
    ];
    expect(automaticSyncsOn(off)).toBe(false);
    expect(automaticSyncsOn([])).toBe(false);
    expect(afterLastWindowClosed({ automaticSyncs: false, platform: 'win32' })).toBe('quit');
    expect(afterLastWindowClosed({ automaticSyncs: false, platform: 'linux' })).toBe('quit');
    expect(afterLastWindowClosed({ automaticSyncs: false, platform: 'darwin' })).toBe('dock');
  });

  it('explains it once, with a way to quit instead', () => {
    const notice = backgroundNotice('Kula ATS Console', 'win32');
    expect(notice.buttons?.[QUIT_INSTEAD]).toBe('Quit');
    expect(notice.detail).toContain('notification area');
    expect(notice.detail).toContain('Sync Now, Open and Quit');
    expect(backgroundNotice('Kula ATS Console', 'darwin').detail).toContain('menu bar');
  });
});

describe('starting at login', () => {
  it('starts in the background only when opened at login and automatic syncs are on', () => {
    expect(
      startInBackground({
        argv: ['app', '--background'],
        openedAtLogin: false,
        automaticSyncs: true,
      }),
    ).toBe(true);
    expect(startInBackground({ argv: ['app'], openedAtLogin: true, automaticSyncs: true })).toBe(
      true,
    );
    expect(
      startInBackground({
        argv: ['app', '--background'],
        openedAtLogin: true,
        automaticSyncs: false,
      }),
    ).toBe(false);
    expect(startInBackground({ argv: ['app'], openedAtLogin: false, automaticSyncs: true })).toBe(
      false,
    );
  });
});
