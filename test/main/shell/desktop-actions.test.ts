import fs from 'node:fs';
import path from 'node:path';
import type { MessageBoxOptions } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { insertConnection } from '../../../src/main/core/db/repos/connections';
import {
  createDesktopActions,
  NO_UPDATE_CHECK,
  type DesktopActionDeps,
} from '../../../src/main/shell/desktop-actions';
import { openTestCore } from '../../support/core';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

function setup(overrides: Partial<DesktopActionDeps> = {}, answer = 0) {
  const test = openTestCore();
  cleanup = test.cleanup;
  const messages: MessageBoxOptions[] = [];
  const deps = {
    core: test.core,
    appName: 'Kula ATS Console',
    versions: { electron: '45.4.1', chromium: '142.0.7444.52', node: '22.20.0' },
    os: 'Linux 6.1 x64',
    showWindow: vi.fn(),
    showMessage: vi.fn(async (options: MessageBoxOptions) => {
      messages.push(options);
      return answer;
    }),
    chooseSaveFile: vi.fn(async (defaultPath: string) => defaultPath),
    openPath: vi.fn(async () => ''),
    showItemInFolder: vi.fn(),
    copyText: vi.fn(),
    saveDir: test.dataDir,
    now: () => new Date('2026-01-05T09:30:00Z'),
    ...overrides,
  } satisfies DesktopActionDeps;
  return {
    deps,
    messages,
    actions: createDesktopActions(deps),
    core: test.core,
    dataDir: test.dataDir,
  };
}

describe('the menu and tray actions', () => {
  it('Save Diagnostics… writes the report where the admin chose, private to them, and shows it', async () => {
    const { actions, deps, dataDir } = setup();
    actions.saveDiagnostics();
    const file = path.join(dataDir, 'kula-console-diagnostics-2026-01-05-0930.txt');
    await vi.waitFor(() => expect(deps.showItemInFolder).toHaveBeenCalledWith(file));
    expect(deps.chooseSaveFile).toHaveBeenCalledWith(file);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('Electron: 45.4.1');
    expect(text).toContain('Chromium: 142.0.7444.52');
    expect(text).toContain('Made: ');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('Save Diagnostics… writes nothing when the admin cancels, and says so when it fails', async () => {
    const cancelled = setup({ chooseSaveFile: vi.fn(async () => undefined) });
    cancelled.actions.saveDiagnostics();
    await vi.waitFor(() => expect(cancelled.deps.chooseSaveFile).toHaveBeenCalled());
    expect(cancelled.deps.showItemInFolder).not.toHaveBeenCalled();
    await cleanup?.();

    const failing = setup({
      chooseSaveFile: vi.fn(async () => '/nonexistent-folder/x/report.txt'),
    });
    failing.actions.saveDiagnostics();
    await vi.waitFor(() =>
      expect(failing.messages.at(-1)).toMatchObject({
        type: 'error',
        message: 'The diagnostics could not be saved.',
      }),
    );
  });

  it('Open Logs Folder opens the data folder’s logs/ (creating it) in the file manager', async () => {
    const { actions, deps, dataDir } = setup();
    actions.openLogsFolder();
    expect(deps.openPath).toHaveBeenCalledWith(path.join(dataDir, 'logs'));
    expect(fs.existsSync(path.join(dataDir, 'logs'))).toBe(true);
  });

  it('Sync Now starts every connected ATS, and explains when there is nothing to sync', async () => {
    const { actions, core, messages } = setup();
    actions.syncNow();
    await vi.waitFor(() =>
      expect(messages.at(-1)).toMatchObject({
        message: 'No ATS is connected yet, so there is nothing to sync.',
        detail: 'Connect Ashby or Lever from the Connections page.',
      }),
    );
    insertConnection(core.context.db, {
      id: 'ashby-1',
      provider: 'ashby',
      label: 'Acme Ashby',
      baseUrl: 'https://api.ashbyhq.com',
      authMode: 'api_key',
      now: new Date().toISOString(),
    });
    const started = vi.spyOn(core.context.sync, 'start');
    actions.syncNow();
    await vi.waitFor(() =>
      expect(started).toHaveBeenCalledWith(
        'ashby-1',
        expect.objectContaining({ trigger: 'manual' }),
      ),
    );
  });

  it('Settings opens the window on the Settings page, Open on the page it was on', () => {
    const { actions, deps } = setup();
    actions.openSettings();
    actions.open();
    expect(vi.mocked(deps.showWindow).mock.calls).toEqual([['/settings'], []]);
  });

  it('Keyboard Shortcuts brings the window forward and asks it to show its shortcuts panel', () => {
    const { actions, deps, core } = setup();
    const asked: unknown[] = [];
    core.context.events.on('app:shortcuts', (payload) => asked.push(payload));
    actions.showKeyboardShortcuts();
    expect(vi.mocked(deps.showWindow).mock.calls).toEqual([[]]);
    expect(asked).toEqual([{}]);
  });

  it('Check for Updates… calls the handler it was given, else says this build cannot', async () => {
    const check = vi.fn();
    setup({ checkForUpdates: check }).actions.checkForUpdates();
    expect(check).toHaveBeenCalledTimes(1);
    await cleanup?.();
    const { actions, messages } = setup();
    actions.checkForUpdates();
    await vi.waitFor(() => expect(messages).toEqual([NO_UPDATE_CHECK]));
  });

  it('About shows the versions and copies them for a support request', async () => {
    const { actions, deps, messages, core } = setup({}, 1);
    actions.showAbout();
    await vi.waitFor(() => expect(deps.copyText).toHaveBeenCalled());
    expect(messages[0]).toMatchObject({ title: 'About Kula ATS Console', buttons: ['OK', 'Copy'] });
    const copied = vi.mocked(deps.copyText).mock.calls[0]![0];
    expect(copied).toContain(`Version ${core.context.appVersion}`);
    expect(copied).toMatch(/Database schema \d+/);
    expect(copied).toContain('Electron 45.4.1');
  });
});
