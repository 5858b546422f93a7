import { afterEach, describe, expect, it } from 'vitest';
import { openTestCore } from '../../../support/core';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

const trusted = { url: 'app://console/index.html', isMainFrame: true };

describe('settings:update', () => {
  it('changes only the fields it names, leaving the others as they were saved', async () => {
    const test = openTestCore();
    cleanup = test.cleanup;
    const dispatch = test.core.createDispatch(() => true);
    await dispatch('settings:update', { syncIntervalMinutes: 45, theme: 'dark' }, trusted);
    expect(
      await dispatch('settings:update', { desktopNotifications: false }, trusted),
    ).toMatchObject({
      ok: true,
      value: { syncIntervalMinutes: 45, theme: 'dark', desktopNotifications: false },
    });
    await dispatch('settings:update', { openAtLogin: true }, trusted);
    expect(test.core.context.settings.get()).toMatchObject({
      syncIntervalMinutes: 45,
      theme: 'dark',
      desktopNotifications: false,
      openAtLogin: true,
    });
  });

  it('records the theme and open-at-login choices in the audit trail, not the window’s own state', async () => {
    const test = openTestCore();
    cleanup = test.cleanup;
    const dispatch = test.core.createDispatch(() => true);
    for (const patch of [
      { theme: 'dark' },
      { openAtLogin: true },
      {
        windowBounds: { x: 10, y: 20, width: 1280, height: 820 },
        windowMaximized: true,
        windowFullScreen: false,
        backgroundNoticeShown: true,
      },
    ]) {
      expect(await dispatch('settings:update', patch, trusted)).toMatchObject({ ok: true });
    }
    const audit = await dispatch('audit:list', {}, trusted);
    expect(audit).toMatchObject({
      ok: true,
      value: [
        { action: 'settings.update', summary: 'openAtLogin: false → true' },
        { action: 'settings.update', summary: 'theme: "system" → "dark"' },
      ],
    });
    expect(test.core.context.settings.get()).toMatchObject({
      theme: 'dark',
      openAtLogin: true,
      windowMaximized: true,
      backgroundNoticeShown: true,
    });
    expect(await dispatch('settings:update', { theme: 'sepia' }, trusted)).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT' },
    });
  });
});
