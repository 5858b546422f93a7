/**
 * The Electron shell: lifecycle only. It opens the app's log and the core on the data directory,
 * serves the renderer over app://, registers the IPC contract, hardens every window, sets the
 * menus, starts the sync scheduler and tells it what the OS knows (sleep, wake, network), keeps
 * syncing behind a tray icon when the window closes, shows the core's notices as desktop
 * notifications, and keeps the installed app up to date. All product logic lives in ./core, which runs on plain Node (the CLI and the
 * tests use it without Electron); the shell's decisions are plain functions in ./shell.
 */
import os from 'node:os';
import {
  app,
  clipboard,
  dialog,
  ipcMain,
  nativeTheme,
  net,
  Notification,
  powerMonitor,
  safeStorage,
  shell,
  type MessageBoxOptions,
} from 'electron';
import contextMenu from 'electron-context-menu';
import electronLog from 'electron-log/main';
import { autoUpdater } from 'electron-updater';
import { appFiles, type AppRuntime } from './core/app-files';
import { openCore, type ConsoleCore } from './core/core';
import { isConsoleError } from './core/errors';
import { Redactor } from './core/logging/redactor';
import { defaultDataDir, logDir } from './core/paths';
import { systemTimers } from './core/scheduler/timers';
import { configureAppLog } from './shell/app-log';
import { createAppUpdates, type ShellUpdates } from './shell/app-updates';
import {
  afterLastWindowClosed,
  automaticSyncsOn,
  backgroundNotice,
  BACKGROUND_ARG,
  QUIT_INSTEAD,
  startInBackground,
} from './shell/background';
import { contextMenuOptions } from './shell/context-menu';
import { createDesktopActions } from './shell/desktop-actions';
import { forwardNoticesToDesktop } from './shell/desktop-notices';
import { createElectronSettingsStore } from './shell/electron-settings';
import { registerIpc } from './shell/ipc';
import { createElectronFetch } from './shell/network';
import { applyOpenAtLogin, autostartDir } from './shell/login-item';
import { MainWindow } from './shell/main-window';
import { installAppMenu } from './shell/menu';
import { findElectronNativeBinding } from './shell/native-binding';
import { registerAppSchemePrivileges, serveRendererFrom } from './shell/protocol';
import { createSafeStorageCipher } from './shell/safe-storage-cipher';
import { observeSettings } from './shell/settings-watch';
import { wireSystemSignals } from './shell/system-signals';
import { BackgroundTray } from './shell/tray';
import { APP_ORIGIN } from './shell/trusted-sender';
import { updateStatusMessage } from './shell/update-message';
import { denyAllPermissions, hardenWebContents } from './shell/window';

const APP_NAME = 'Kula ATS Console';

// electron-log listens for its own renderer channel; the window reports errors through the
// contract (`app:report-error`) instead, so nothing outside the contract reaches main.
ipcMain.removeAllListeners('__ELECTRON_LOG__');
ipcMain.removeHandler('__ELECTRON_LOG__');

registerAppSchemePrivileges();
app.setPath('userData', defaultDataDir());

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const isDev = !app.isPackaged;
  const redactor = new Redactor();
  const appLog = configureAppLog(electronLog, {
    dir: logDir(app.getPath('userData')),
    redactor,
    isDev,
  });
  appLog.catchMainErrors();
  const log = appLog.logger;
  app.on('child-process-gone', (_event, details) =>
    log.warn('a helper process of the app stopped', { type: details.type, reason: details.reason }),
  );

  let core: ConsoleCore | undefined;
  let tray: BackgroundTray | undefined;
  let shuttingDown = false;
  /** Brings the window forward (opening it from the tray if it was closed), on `route`. */
  let showWindow: ((route?: string) => void) | undefined;

  // Starting the app again (from the dock, a shortcut, the login item) shows the running one.
  app.on('second-instance', () => showWindow?.());

  app.on('before-quit', (event) => {
    if (!core || shuttingDown) return;
    event.preventDefault();
    shuttingDown = true;
    tray?.hide();
    // Let a running sync finish its current page before the database closes.
    void core.shutdown().finally(() => app.quit());
  });

  app.on('window-all-closed', () => {
    if (shuttingDown || !core) {
      app.quit();
      return;
    }
    const after = afterLastWindowClosed({
      automaticSyncs: automaticSyncsOn(core.context.scheduler.status()),
      platform: process.platform,
    });
    if (after === 'quit') app.quit();
    else if (after === 'background') runInBackground({ explain: true });
  });

  /** The window is closed and the scheduler keeps going, behind the tray icon. */
  const runInBackground = ({ explain }: { explain: boolean }) => {
    tray?.show();
    log.info('running in the background with the window closed');
    const settings = core?.context.settings;
    if (!explain || !settings || settings.get().backgroundNoticeShown) return;
    settings.update({ backgroundNoticeShown: true });
    void dialog
      .showMessageBox(backgroundNotice(APP_NAME, process.platform))
      .then(({ response }) => {
        if (response === QUIT_INSTEAD) app.quit();
      });
  };

  void app.whenReady().then(() => {
    denyAllPermissions();
    const dataDir = app.getPath('userData');
    const loginItem = {
      platform: process.platform,
      setLoginItemSettings: (value: { openAtLogin: boolean; args?: string[] }) =>
        app.setLoginItemSettings(value),
      command: [
        process.env.APPIMAGE ?? process.execPath,
        ...(app.isPackaged ? [] : [app.getAppPath()]),
        BACKGROUND_ARG,
      ],
      autostartDir: autostartDir(process.env, os.homedir()),
      appName: APP_NAME,
    };
    const applyLoginItem = (enabled: boolean) => {
      try {
        applyOpenAtLogin(enabled, loginItem);
      } catch (error) {
        log.warn('open at login could not be changed', { error: String(error) });
      }
    };
    // The theme and the login item follow the Settings page at once.
    const settings = observeSettings(createElectronSettingsStore(dataDir), (after, before) => {
      if (after.theme !== before.theme) nativeTheme.themeSource = after.theme;
      if (after.openAtLogin !== before.openAtLogin) applyLoginItem(after.openAtLogin);
    });
    nativeTheme.themeSource = settings.get().theme;
    if (settings.get().openAtLogin) applyLoginItem(true);

    const cipher = createSafeStorageCipher(safeStorage, {
      platform: process.platform,
      allowBasicText: () => settings.get().allowBasicTextStorage,
    });
    const runtime: AppRuntime = {
      packaged: app.isPackaged,
      electronVersion: process.versions.electron,
      platform: process.platform,
      arch: process.arch,
    };
    const files = appFiles(app.getAppPath(), runtime);
    const nativeBinding = findElectronNativeBinding(app.getAppPath(), runtime);
    let updates: ShellUpdates | undefined;
    try {
      core = openCore({
        dataDir,
        cipher,
        settings,
        logger: log,
        redactor,
        ...(nativeBinding ? { nativeBinding } : {}),
        openExternal: (url) => shell.openExternal(url),
        // Chromium's network stack: the OS proxy settings, PAC and trust store.
        fetch: createElectronFetch(net),
        // Changes made in the window go to the ATS shortly after, not only at the next sync.
        autoPush: true,
        processLabel: 'app',
        updates: ({ log: coreLog, events, clock }) =>
          (updates = createAppUpdates({
            updater: autoUpdater,
            packaged: app.isPackaged,
            currentVersion: app.getVersion(),
            feedUrl: process.env.KULA_UPDATE_URL,
            settings,
            log: coreLog,
            clock,
            timers: systemTimers,
            notify: (notice) => events.emit('app:notice', notice),
          })),
      });
    } catch (error) {
      log.error('the data folder could not be opened', { error: String(error) });
      const detail = isConsoleError(error)
        ? `${error.message}\n\n${error.action ?? ''}`
        : `The data folder ${dataDir} could not be opened (${error instanceof Error ? error.message : String(error)}).${
            app.isPackaged
              ? ' Install the app again; if that does not help, share the log from the data folder.'
              : ''
          }`;
      dialog.showErrorBox(`${APP_NAME} cannot start`, detail);
      app.exit(1);
      return;
    }
    const opened = core;

    const devServerUrl = isDev ? process.env.ELECTRON_RENDERER_URL : undefined;
    const allowedOrigins = devServerUrl ? [APP_ORIGIN, new URL(devServerUrl).origin] : [APP_ORIGIN];
    serveRendererFrom(files.rendererDir);
    registerIpc(opened, allowedOrigins);
    const windowOrigin = allowedOrigins.at(-1) ?? APP_ORIGIN;
    // Every web contents the app ever creates gets the guards, not only the main window's.
    app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, windowOrigin));
    contextMenu(contextMenuOptions(isDev));

    const window = new MainWindow({
      preloadPath: files.preload,
      startUrl: devServerUrl ?? `${APP_ORIGIN}/index.html`,
      settings,
      log,
      isDev,
      navigate: (route) => opened.context.events.emit('app:navigate', { route }),
    });
    const show = (route?: string) => {
      tray?.hide();
      window.show(route);
    };
    showWindow = show;
    const showMessage = async (options: MessageBoxOptions) => {
      const parent = window.current;
      return (
        await (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options))
      ).response;
    };
    const actions = createDesktopActions({
      core: opened,
      appName: APP_NAME,
      versions: {
        electron: process.versions.electron,
        chromium: process.versions.chrome,
        node: process.versions.node,
      },
      os: `${os.type()} ${os.release()} ${process.arch}`,
      showWindow: show,
      showMessage,
      chooseSaveFile: async (defaultPath) => {
        const parent = window.current;
        const options = {
          title: 'Save diagnostics',
          defaultPath,
          filters: [{ name: 'Text', extensions: ['txt'] }],
        };
        const result = await (parent
          ? dialog.showSaveDialog(parent, options)
          : dialog.showSaveDialog(options));
        return result.canceled ? undefined : result.filePath;
      },
      openPath: (folder) => shell.openPath(folder),
      showItemInFolder: (file) => shell.showItemInFolder(file),
      copyText: (text) => clipboard.writeText(text),
      saveDir: app.getPath('downloads'),
      // Asks the feed now and says what it found (an unpackaged build says it cannot update).
      checkForUpdates: () => {
        void opened.context.updates
          .check()
          .then((status) => showMessage(updateStatusMessage(status, APP_NAME)));
      },
    });
    installAppMenu({ platform: process.platform, isDev, appName: APP_NAME }, actions);
    tray = new BackgroundTray({
      core: opened,
      appName: APP_NAME,
      platform: process.platform,
      actions: { syncNow: actions.syncNow, open: actions.open, quit: () => app.quit() },
    });
    app.on('activate', () => {
      if (!window.current) show();
    });

    // The scheduler runs here, told by the OS about sleep, wake and the network.
    wireSystemSignals(opened, { power: powerMonitor, isOnline: () => net.isOnline() });
    // Shown notifications are held until clicked or closed (else they may be collected first).
    const shown = new Set<Notification>();
    forwardNoticesToDesktop(opened, {
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
      windowFocused: () => window.isFocused(),
      focusWindow: () => show(),
    });
    opened.startBackground();
    updates?.startAutomaticChecks();

    const hidden = startInBackground({
      argv: process.argv,
      openedAtLogin:
        process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true,
      automaticSyncs: automaticSyncsOn(opened.context.scheduler.status()),
    });
    if (hidden) runInBackground({ explain: false });
    else window.open();
  });
}
