import { BrowserWindow, dialog, session, shell, type WebContents } from 'electron';
import { decideWindowOpen, isNavigationAllowed, isPermissionGranted } from './guards';
import { LEAVE_WITHOUT_SAVING, mainWindowOptions, UNSAVED_WORK_QUESTION } from './window-options';
import type { WindowBounds } from './window-state';

/**
 * Installed on every web contents (`web-contents-created`). Refuses every navigation away from the app and every new window. A link to an allowed ATS
 * profile opens in the system browser; anything else is dropped.
 */
export function hardenWebContents(contents: WebContents, appOrigin: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url, appOrigin)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isNavigationAllowed(event.url, appOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url, appOrigin)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.openExternally) void shell.openExternal(url);
    return { action: decision.action };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Every permission request (camera, notifications from the page, geolocation…) is denied. */
export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(isPermissionGranted(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission) =>
    isPermissionGranted(permission),
  );
}

export function createMainWindow(
  preloadPath: string,
  startUrl: string,
  state: { bounds: WindowBounds; maximized: boolean; fullScreen: boolean },
  look: { backgroundColor: string; devTools: boolean },
): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(preloadPath, state.bounds, look));
  window.once('ready-to-show', () => {
    // Normal bounds first (above), then the state: un-maximizing later returns to them.
    if (state.fullScreen) window.setFullScreen(true);
    else if (state.maximized) window.maximize();
    window.show();
  });
  // The page holds a close or reload while it has unsaved work; Electron then does nothing visible
  // unless the shell asks the admin.
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, UNSAVED_WORK_QUESTION);
    if (choice === LEAVE_WITHOUT_SAVING) event.preventDefault();
  });
  void window.loadURL(startUrl);
  return window;
}
