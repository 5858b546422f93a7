import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The main window's options. Kept as a plain function (no Electron import at run time) so a unit
 * test can assert every security-relevant preference.
 */
export function mainWindowOptions(
  preloadPath: string,
  bounds?: { x?: number | undefined; y?: number | undefined; width: number; height: number },
): BrowserWindowConstructorOptions {
  return {
    width: bounds?.width ?? 1280,
    height: bounds?.height ?? 820,
    ...(bounds?.x !== undefined ? { x: bounds.x } : {}),
    ...(bounds?.y !== undefined ? { y: bounds.y } : {}),
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Kula ATS Console',
    backgroundColor: '#f6f7fb',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: true,
    },
  };
}
