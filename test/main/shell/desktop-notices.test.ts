import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { insertConnection } from '../../../src/main/core/db/repos/connections';
import { forwardNoticesToDesktop, safeRoute } from '../../../src/main/shell/desktop-notices';
import { wireSystemSignals, type PowerEvents } from '../../../src/main/shell/system-signals';
import { openTestCore } from '../../support/core';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

function setup() {
  const test = openTestCore();
  cleanup = test.cleanup;
  const shown: Array<{ title: string; body: string; urgent: boolean; click: () => void }> = [];
  const navigations: string[] = [];
  let focused = false;
  let focusCalls = 0;
  test.core.context.events.on('app:navigate', ({ route }) => navigations.push(route));
  forwardNoticesToDesktop(test.core, {
    supported: () => true,
    show: (notice, click) => shown.push({ ...notice, click }),
    windowFocused: () => focused,
    focusWindow: () => focusCalls++,
  });
  return {
    core: test.core,
    shown,
    navigations,
    focus: (value: boolean) => (focused = value),
    focusCalls: () => focusCalls,
  };
}

describe('desktop notifications', () => {
  it('show a failed scheduled sync; a click brings the window forward on the log, filtered', () => {
    const { core, shown, navigations, focusCalls } = setup();
    core.context.events.emit('app:notice', {
      level: 'error',
      title: 'Scheduled sync of “Ashby” failed',
      body: 'Could not reach Ashby.',
      route: '/log?connection=ashby-1&run=7&levels=warn%2Cerror',
    });
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ title: 'Scheduled sync of “Ashby” failed', urgent: true });
    shown[0]!.click();
    expect(focusCalls()).toBe(1);
    expect(navigations).toEqual(['/log?connection=ashby-1&run=7&levels=warn%2Cerror']);
  });

  it('respect the setting, skip information and an app already in front', () => {
    const { core, shown, focus } = setup();
    const notice = { level: 'warning' as const, title: 'x', body: 'y', route: '/connections' };
    core.context.settings.update({ desktopNotifications: false });
    core.context.events.emit('app:notice', notice);
    core.context.settings.update({ desktopNotifications: true });
    core.context.events.emit('app:notice', { ...notice, level: 'info' });
    focus(true);
    core.context.events.emit('app:notice', notice);
    expect(shown).toEqual([]);
    focus(false);
    core.context.events.emit('app:notice', notice);
    expect(shown).toHaveLength(1);
  });

  it('only ever navigate to the app’s own pages', () => {
    expect(safeRoute('/log?connection=a&levels=error')).toBe('/log?connection=a&levels=error');
    expect(safeRoute('/connections')).toBe('/connections');
    for (const bad of [
      'https://evil.example',
      '//evil.example/log',
      '/log?x=<script>',
      'log',
      '/unknown',
      undefined,
    ]) {
      expect(safeRoute(bad), String(bad)).toBeNull();
    }
  });
});

describe('system signals', () => {
  it('pause the scheduler while the computer sleeps or is offline, and resume', () => {
    const test = openTestCore();
    cleanup = test.cleanup;
    const { scheduler, db } = test.core.context;
    insertConnection(db, {
      id: 'ashby-1',
      provider: 'ashby',
      label: 'Ashby',
      baseUrl: 'https://api.ashbyhq.com',
      authMode: 'api_key',
      now: new Date().toISOString(),
    });
    scheduler.start({ startupDelayMs: 60_000 });
    const power = new EventEmitter();
    let online = true;
    const stop = wireSystemSignals(test.core, {
      power: power as unknown as PowerEvents,
      isOnline: () => online,
      pollMs: 60_000,
    });
    const state = () => scheduler.status()[0]?.state;
    expect(state()).toBe('scheduled');
    power.emit('suspend');
    expect(state()).toBe('asleep');
    online = false;
    power.emit('resume');
    expect(state()).toBe('offline');
    online = true;
    power.emit('resume');
    expect(state()).toBe('scheduled');
    stop();
    scheduler.stop();
  });
});
