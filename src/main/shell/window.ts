import { BrowserWindow, session, shell, type WebContents } from 'electron';
import { isAllowedExternalUrl } from '../core/security/external-links';
import { mainWindowOptions } from './window-options';

/**
 * Refuses every navigation away from the app and every new window. A link to an allowed ATS
 * profile opens in the system browser; anything else is dropped.
 */
export function hardenWebContents(contents: WebContents, appOrigin: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!sameOrigin(url, appOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!sameOrigin(url, appOrigin)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Every permission request (camera, notifications from the page, geolocation…) is denied. */
export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
}

export function createMainWindow(
  preloadPath: string,
  startUrl: string,
  appOrigin: string,
  bounds?: { x?: number; y?: number; width: number; height: number },
): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(preloadPath, bounds));
  hardenWebContents(window.webContents, appOrigin);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(startUrl);
  return window;
}

function sameOrigin(url: string, appOrigin: string): boolean {
  try {
    const parsed = new URL(url);
    const origin = parsed.origin !== 'null' ? parsed.origin : `${parsed.protocol}//${parsed.host}`;
    return origin === appOrigin;
  } catch {
    return false;
  }
}
