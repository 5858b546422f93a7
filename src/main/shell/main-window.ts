import { app, dialog, nativeTheme, screen, type BrowserWindow } from 'electron';
import type { Logger } from '../core/logging/logger';
import type { SettingsStore } from '../core/settings/settings-store';
import { watchRenderer } from './renderer-recovery';
import { windowBackgroundColor } from './theme';
import { createMainWindow } from './window';
import { restoreWindowState, windowStateToSave } from './window-state';

export interface MainWindowOptions {
  preloadPath: string;
  /** The page to load, without a route (`app://console/index.html`). */
  startUrl: string;
  settings: SettingsStore;
  log: Logger;
  isDev: boolean;
  /** Asks the open page to show a route (the core's `app:navigate` event). */
  navigate(route: string): void;
}

/**
 * The one main window: opened where it was left (on a display that still exists), its state saved
 * when it closes, its renderer watched for crashes and hangs, re-opened on demand.
 */
export class MainWindow {
  private window: BrowserWindow | undefined;

  constructor(private readonly options: MainWindowOptions) {
    nativeTheme.on('updated', () => {
      this.current?.setBackgroundColor(windowBackgroundColor(nativeTheme.shouldUseDarkColors));
    });
  }

  get current(): BrowserWindow | undefined {
    return this.window && !this.window.isDestroyed() ? this.window : undefined;
  }

  isFocused(): boolean {
    return this.current?.isFocused() ?? false;
  }

  /** Brings the window forward, opening it if it is closed, on `route` when given. */
  show(route?: string): void {
    const window = this.current;
    if (!window) {
      this.open(route);
      return;
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    if (route) this.options.navigate(route);
  }

  open(route?: string): BrowserWindow {
    const { settings, log } = this.options;
    const saved = settings.get();
    const displays = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()];
    const state = restoreWindowState(
      {
        bounds: saved.windowBounds,
        maximized: saved.windowMaximized,
        fullScreen: saved.windowFullScreen,
      },
      [...new Map(displays.map((display) => [display.id, display.workArea])).values()],
    );
    const window = createMainWindow(
      this.options.preloadPath,
      route ? `${this.options.startUrl}#${route}` : this.options.startUrl,
      state,
      {
        backgroundColor: windowBackgroundColor(nativeTheme.shouldUseDarkColors),
        devTools: this.options.isDev,
      },
    );
    window.on('close', () => {
      if (window.isDestroyed()) return;
      settings.update(
        windowStateToSave({
          normalBounds: window.getNormalBounds(),
          maximized: window.isMaximized(),
          fullScreen: window.isFullScreen(),
        }),
      );
    });
    watchRenderer({
      window,
      contents: window.webContents,
      log,
      reload: () => window.webContents.reload(),
      quit: () => app.quit(),
      ask: async (question) => (await dialog.showMessageBox(window, question)).response,
    });
    this.window = window;
    return window;
  }
}
