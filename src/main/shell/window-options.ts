import type { BrowserWindowConstructorOptions, MessageBoxSyncOptions } from 'electron';

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

/** The button index of "Leave without saving" in {@link UNSAVED_WORK_QUESTION}. */
export const LEAVE_WITHOUT_SAVING = 0;

/** Asked when the admin closes or reloads the window while a page holds unsaved work. */
export const UNSAVED_WORK_QUESTION: MessageBoxSyncOptions = {
  type: 'question',
  buttons: ['Leave without saving', 'Stay'],
  defaultId: 1,
  cancelId: 1,
  title: 'Unsaved changes',
  message: 'Leave without saving?',
  detail: 'The edits you have not saved (a stage mapping, for example) will be lost.',
};
