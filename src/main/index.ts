/**
 * The Electron shell: lifecycle only. It opens the core on the data directory, serves the
 * renderer over app://, registers the IPC contract, hardens every window, starts the sync
 * scheduler and tells it what the OS knows (sleep, wake, network), and shows the core's notices as
 * desktop notifications. All product logic lives in ./core, which runs on plain Node (the CLI and the tests use it without Electron).
 */
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  net,
  Notification,
  powerMonitor,
  safeStorage,
  shell,
} from 'electron';
import { openCore, type ConsoleCore } from './core/core';
import { isConsoleError } from './core/errors';
import { defaultDataDir } from './core/paths';
import { forwardNoticesToDesktop } from './shell/desktop-notices';
import { createElectronSettingsStore } from './shell/electron-settings';
import { registerIpc } from './shell/ipc';
import { findElectronNativeBinding } from './shell/native-binding';
import { registerAppSchemePrivileges, serveRendererFrom } from './shell/protocol';
import { createSafeStorageCipher } from './shell/safe-storage-cipher';
import { wireSystemSignals } from './shell/system-signals';
import { APP_ORIGIN } from './shell/trusted-sender';
import { createMainWindow, denyAllPermissions, hardenWebContents } from './shell/window';

registerAppSchemePrivileges();
app.setPath('userData', defaultDataDir());

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let core: ConsoleCore | undefined;
  let mainWindow: BrowserWindow | undefined;
  let shuttingDown = false;

  app.on('second-instance', () => {
    if (mainWindow && !mainWindow.isDestroyed()) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  app.on('before-quit', (event) => {
    if (!core || shuttingDown) return;
    event.preventDefault();
    shuttingDown = true;
    // Let a running sync finish its current page before the database closes.
    void core.shutdown().finally(() => app.quit());
  });

  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    denyAllPermissions();
    const dataDir = app.getPath('userData');
    const settings = createElectronSettingsStore(dataDir);
    const cipher = createSafeStorageCipher(safeStorage, {
      platform: process.platform,
      allowBasicText: () => settings.get().allowBasicTextStorage,
    });
    const nativeBinding = findElectronNativeBinding(app.getAppPath(), process.versions.electron);
    try {
      core = openCore({
        dataDir,
        cipher,
        settings,
        ...(nativeBinding ? { nativeBinding } : {}),
        openExternal: (url) => shell.openExternal(url),
        // Changes made in the window go to the ATS shortly after, not only at the next sync.
        autoPush: true,
        processLabel: 'app',
      });
    } catch (error) {
      const detail = isConsoleError(error)
        ? `${error.message}\n\n${error.action ?? ''}`
        : `The data folder ${dataDir} could not be opened (${error instanceof Error ? error.message : String(error)}).`;
      dialog.showErrorBox('Kula ATS Console cannot start', detail);
      app.exit(1);
      return;
    }

    const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
    const allowedOrigins = devServerUrl ? [APP_ORIGIN, new URL(devServerUrl).origin] : [APP_ORIGIN];
    serveRendererFrom(path.join(__dirname, '../renderer'));
    registerIpc(core, allowedOrigins);
    const windowOrigin = allowedOrigins.at(-1) ?? APP_ORIGIN;
    // Every web contents the app ever creates gets the guards, not only the main window's.
    app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, windowOrigin));

    const openWindow = () => {
      const bounds = settings.get().windowBounds;
      mainWindow = createMainWindow(
        path.join(__dirname, '../preload/index.js'),
        devServerUrl ?? `${APP_ORIGIN}/index.html`,
        bounds,
      );
      mainWindow.on('close', () => {
        if (mainWindow && !mainWindow.isDestroyed()) {
          settings.update({ windowBounds: mainWindow.getBounds() });
        }
      });
    };
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });

    // The scheduler runs here, told by the OS about sleep, wake and the network.
    wireSystemSignals(core, { power: powerMonitor, isOnline: () => net.isOnline() });
    // Shown notifications are held until clicked or closed (else they may be collected first).
    const shown = new Set<Notification>();
    forwardNoticesToDesktop(core, {
      supported: () => Notification.isSupported(),
      show: (notice, onClick) => {
        const notification = new Notification({
          title: notice.title,
          body: notice.body,
          urgency: notice.urgent ? 'critical' : 'normal',
        });
        shown.add(notification);
        notification.on('click', () => {
          shown.delete(notification);
          onClick();
        });
        notification.on('close', () => shown.delete(notification));
        notification.show();
      },
      windowFocused: () =>
        Boolean(mainWindow && !mainWindow.isDestroyed() && mainWindow.isFocused()),
      focusWindow: () => {
        if (!mainWindow || mainWindow.isDestroyed()) {
          openWindow();
          return;
        }
        if (mainWindow.isMinimized()) mainWindow.restore();
        mainWindow.show();
        mainWindow.focus();
      },
    });
    core.startBackground();
  });
}
