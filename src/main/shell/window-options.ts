import type { BrowserWindowConstructorOptions, MessageBoxSyncOptions } from 'electron';
import { windowBackgroundColor } from './theme';
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, type WindowBounds } from './window-state';

/**
 * The main window's options. Kept as a plain function (no Electron import at run time) so a unit
 * test can assert every security-relevant preference.
 */
export function mainWindowOptions(
  preloadPath: string,
  bounds?: WindowBounds,
  look: { backgroundColor?: string; devTools?: boolean } = {},
): BrowserWindowConstructorOptions {
  return {
    width: bounds?.width ?? DEFAULT_WINDOW_SIZE.width,
    height: bounds?.height ?? DEFAULT_WINDOW_SIZE.height,
    ...(bounds?.x !== undefined ? { x: bounds.x } : {}),
    ...(bounds?.y !== undefined ? { y: bounds.y } : {}),
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'Kula ATS Console',
    // The page's own background, so the window does not flash white before a dark page paints.
    backgroundColor: look.backgroundColor ?? windowBackgroundColor(false),
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
      // Development builds only: a packaged app offers no way into the page's internals.
      devTools: look.devTools ?? false,
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
