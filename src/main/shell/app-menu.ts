import type { MenuItemConstructorOptions } from 'electron';

/** What the application menu's own items do; the shell passes them in, tests pass spies. */
export interface AppMenuActions {
  syncNow(): void;
  openSettings(): void;
  openLogsFolder(): void;
  saveDiagnostics(): void;
  checkForUpdates(): void;
  showAbout(): void;
  showKeyboardShortcuts(): void;
}

export interface AppMenuContext {
  platform: NodeJS.Platform;
  /** A development build (`npm run dev`, unpackaged): only then Reload and the developer tools. */
  isDev: boolean;
  appName: string;
}

export const SETTINGS_ACCELERATOR = 'CmdOrCtrl+,';
export const SYNC_NOW_ACCELERATOR = 'CmdOrCtrl+Shift+S';
export const KEYBOARD_SHORTCUTS_ACCELERATOR = 'CmdOrCtrl+/';

/**
 * The application menu as a template (no Electron import at run time, so a test reads every
 * item): the platform's standard roles and shortcuts (undo, cut, copy, paste and select all work
 * in every field because the Edit roles exist), the console's own items, and the developer items
 * only in development builds. macOS gets the app menu with About, Settings and Quit; Windows and
 * Linux find Settings and Quit under File and About under Help.
 */
export function buildAppMenuTemplate(
  context: AppMenuContext,
  actions: AppMenuActions,
): MenuItemConstructorOptions[] {
  const mac = context.platform === 'darwin';
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  const about: MenuItemConstructorOptions = {
    id: 'about',
    label: `About ${context.appName}`,
    click: () => actions.showAbout(),
  };
  const settings: MenuItemConstructorOptions = {
    id: 'settings',
    label: mac ? 'Settings…' : 'Settings',
    accelerator: SETTINGS_ACCELERATOR,
    click: () => actions.openSettings(),
  };
  const checkForUpdates: MenuItemConstructorOptions = {
    id: 'check-for-updates',
    label: 'Check for Updates…',
    click: () => actions.checkForUpdates(),
  };
  const syncNow: MenuItemConstructorOptions = {
    id: 'sync-now',
    label: 'Sync Now',
    accelerator: SYNC_NOW_ACCELERATOR,
    click: () => actions.syncNow(),
  };

  const appMenu: MenuItemConstructorOptions = {
    label: context.appName,
    submenu: [
      about,
      checkForUpdates,
      separator,
      settings,
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  };
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: mac
      ? [syncNow, separator, { role: 'close' }]
      : [syncNow, separator, settings, separator, { role: 'quit' }],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      separator,
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...(context.isDev
        ? [
            { role: 'reload' } as const,
            { role: 'forceReload' } as const,
            { role: 'toggleDevTools' } as const,
            separator,
          ]
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };
  const windowMenu: MenuItemConstructorOptions = {
    label: 'Window',
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  };
  // The window handles Cmd/Ctrl+/ itself (as it does every shortcut of the panel, with the page's
  // focus in hand): the menu shows the key without taking it.
  const keyboardShortcuts: MenuItemConstructorOptions = {
    id: 'keyboard-shortcuts',
    label: 'Keyboard Shortcuts',
    accelerator: KEYBOARD_SHORTCUTS_ACCELERATOR,
    registerAccelerator: false,
    click: () => actions.showKeyboardShortcuts(),
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      keyboardShortcuts,
      separator,
      {
        id: 'save-diagnostics',
        label: 'Save Diagnostics…',
        click: () => actions.saveDiagnostics(),
      },
      { id: 'open-logs-folder', label: 'Open Logs Folder', click: () => actions.openLogsFolder() },
      ...(mac ? [] : [separator, checkForUpdates, separator, about]),
    ],
  };
  return [...(mac ? [appMenu] : []), file, edit, view, windowMenu, help];
}

/** Every item of a template, submenus included, in order. */
export function flattenMenu(
  template: readonly MenuItemConstructorOptions[],
): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? flattenMenu(item.submenu) : []),
  ]);
}
