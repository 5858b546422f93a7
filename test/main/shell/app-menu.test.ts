import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  buildAppMenuTemplate,
  flattenMenu,
  KEYBOARD_SHORTCUTS_ACCELERATOR,
  SETTINGS_ACCELERATOR,
  type AppMenuActions,
} from '../../../src/main/shell/app-menu';
import { aboutDetail } from '../../../src/main/shell/about';

function spies(): AppMenuActions {
  return {
    syncNow: vi.fn(),
    openSettings: vi.fn(),
    openLogsFolder: vi.fn(),
    saveDiagnostics: vi.fn(),
    checkForUpdates: vi.fn(),
    showAbout: vi.fn(),
    showKeyboardShortcuts: vi.fn(),
  };
}

const PLATFORMS = ['darwin', 'win32', 'linux'] as const;
const DEV_ROLES = ['reload', 'forceReload', 'toggleDevTools'];

function items(platform: NodeJS.Platform, isDev: boolean, actions = spies()) {
  const template = buildAppMenuTemplate({ platform, isDev, appName: 'Kula ATS Console' }, actions);
  return { template, all: flattenMenu(template), actions };
}

const byId = (all: MenuItemConstructorOptions[], id: string) => all.filter((i) => i.id === id);
const roles = (all: MenuItemConstructorOptions[]) => all.map((item) => item.role).filter(Boolean);

describe('the application menu', () => {
  it.each(PLATFORMS)('on %s, each of the console’s items calls its own handler', (platform) => {
    const { all, actions } = items(platform, false);
    const expected: Array<[string, keyof AppMenuActions]> = [
      ['sync-now', 'syncNow'],
      ['settings', 'openSettings'],
      ['open-logs-folder', 'openLogsFolder'],
      ['save-diagnostics', 'saveDiagnostics'],
      ['check-for-updates', 'checkForUpdates'],
      ['about', 'showAbout'],
      ['keyboard-shortcuts', 'showKeyboardShortcuts'],
    ];
    for (const [id, action] of expected) {
      const found = byId(all, id);
      expect(found, id).toHaveLength(1);
      for (const other of Object.values(actions)) vi.mocked(other).mockClear();
      (found[0]!.click as () => void)();
      for (const [name, spy] of Object.entries(actions)) {
        expect(spy, `${id} → ${name}`).toHaveBeenCalledTimes(name === action ? 1 : 0);
      }
    }
  });

  it.each(PLATFORMS)(
    'on %s, has no Reload or developer tools in a production build',
    (platform) => {
      const { all } = items(platform, false);
      for (const role of DEV_ROLES) expect(roles(all)).not.toContain(role);
      expect(JSON.stringify(all)).not.toMatch(/devtools|electronjs/i);
    },
  );

  it('has Reload and the developer tools in a development build', () => {
    const { all } = items('linux', true);
    for (const role of DEV_ROLES) expect(roles(all)).toContain(role);
  });

  it.each(PLATFORMS)(
    'on %s, has the Edit roles, so undo, cut, copy, paste and select all work in every field',
    (platform) => {
      const { template } = items(platform, false);
      const edit = template.find((menu) => menu.label === 'Edit');
      expect(roles(flattenMenu([edit!]))).toEqual(
        expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll']),
      );
    },
  );

  it('opens Settings with Cmd/Ctrl+, on every platform', () => {
    for (const platform of PLATFORMS) {
      expect(byId(items(platform, false).all, 'settings')[0]?.accelerator).toBe(
        SETTINGS_ACCELERATOR,
      );
    }
    expect(SETTINGS_ACCELERATOR).toBe('CmdOrCtrl+,');
  });

  it('lists Keyboard Shortcuts first under Help with Cmd/Ctrl+/, leaving the key to the window', () => {
    for (const platform of PLATFORMS) {
      const help = items(platform, false).template.find((menu) => menu.role === 'help');
      const first = (help?.submenu as MenuItemConstructorOptions[])[0];
      expect(first).toMatchObject({
        id: 'keyboard-shortcuts',
        label: 'Keyboard Shortcuts',
        accelerator: KEYBOARD_SHORTCUTS_ACCELERATOR,
        registerAccelerator: false,
      });
    }
    expect(KEYBOARD_SHORTCUTS_ACCELERATOR).toBe('CmdOrCtrl+/');
  });

  it('follows each platform: the app menu on macOS, About under Help and Quit under File elsewhere', () => {
    const mac = items('darwin', false).template;
    expect(mac.map((menu) => menu.label ?? menu.role)).toEqual([
      'Kula ATS Console',
      'File',
      'Edit',
      'View',
      'Window',
      'help',
    ]);
    expect(roles(flattenMenu([mac[0]!]))).toEqual(
      expect.arrayContaining(['services', 'hide', 'hideOthers', 'unhide', 'quit']),
    );
    for (const platform of ['win32', 'linux'] as const) {
      const template = items(platform, false).template;
      expect(template.map((menu) => menu.label ?? menu.role)).toEqual([
        'File',
        'Edit',
        'View',
        'Window',
        'help',
      ]);
      expect(roles(flattenMenu([template[0]!]))).toContain('quit');
      expect(flattenMenu([template.at(-1)!]).map((item) => item.id)).toContain('about');
    }
  });
});

describe('About', () => {
  it('names the app, Electron, Chromium, Node and schema versions, and the OS', () => {
    expect(
      aboutDetail({
        app: '0.1.0',
        electron: '45.4.1',
        chromium: '142.0.7444.52',
        node: '22.20.0',
        schema: 610,
        os: 'Darwin 24.1.0 arm64',
      }),
    ).toBe(
      [
        'Version 0.1.0',
        'Electron 45.4.1',
        'Chromium 142.0.7444.52',
        'Node 22.20.0',
        'Database schema 610',
        'OS Darwin 24.1.0 arm64',
      ].join('\n'),
    );
  });
});
