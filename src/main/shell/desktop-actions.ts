import fs from 'node:fs';
import path from 'node:path';
import type { MessageBoxOptions } from 'electron';
import type { ConsoleCore } from '../core/core';
import { schemaVersion } from '../core/db/database';
import { buildDiagnostics, diagnosticsFileName } from '../core/diagnostics/report';
import { isConsoleError } from '../core/errors';
import { logDir } from '../core/paths';
import { aboutDetail } from './about';
import type { AppMenuActions } from './app-menu';

/**
 * What the menu and tray items do, over the core, with Electron's dialogs and shell passed in so
 * each action is tested on plain Node.
 */
export interface DesktopActionDeps {
  core: ConsoleCore;
  appName: string;
  /** Versions of the runtime for About and the diagnostics file. */
  versions: { electron?: string | undefined; chromium?: string | undefined; node: string };
  os: string;
  /** Brings the main window forward (opening it if it was closed) on a page of the app. */
  showWindow(route?: string): void;
  /** A message box (on the window when there is one); resolves to the button chosen. */
  showMessage(options: MessageBoxOptions): Promise<number>;
  /** Asks where to save a file; undefined when the admin cancels. */
  chooseSaveFile(defaultPath: string): Promise<string | undefined>;
  /** Opens a folder in the file manager; resolves to an error message, empty on success. */
  openPath(folder: string): Promise<string>;
  showItemInFolder(file: string): void;
  copyText(text: string): void;
  /** Where "Save diagnostics…" proposes to save (the Downloads folder). */
  saveDir: string;
  /** "Check for updates…": given once the app can update itself. */
  checkForUpdates?: (() => void) | undefined;
  now?: () => Date;
}

export interface DesktopActions extends AppMenuActions {
  open(): void;
}

/** Said when this build cannot check for updates (no handler given). */
export const NO_UPDATE_CHECK: MessageBoxOptions = {
  type: 'info',
  buttons: ['OK'],
  title: 'Check for updates',
  message: 'This build cannot check for updates.',
  detail:
    'Install new versions of the Kula ATS Console from where you got this one (your IT department or the release page).',
};

export function createDesktopActions(deps: DesktopActionDeps): DesktopActions {
  const { core } = deps;
  const { log } = core.context;
  const now = deps.now ?? (() => new Date());
  const failed = (message: string, error: unknown) =>
    void deps.showMessage({
      type: 'error',
      buttons: ['OK'],
      message,
      detail: error instanceof Error ? error.message : String(error),
    });

  return {
    open: () => deps.showWindow(),
    openSettings: () => deps.showWindow('/settings'),
    showKeyboardShortcuts() {
      deps.showWindow();
      core.context.events.emit('app:shortcuts', {});
    },

    syncNow() {
      void (async () => {
        try {
          const result = await core.handlers['sync:start']({ trigger: 'manual', full: false });
          if (result.started.length === 0 && result.skipped.length > 0) {
            await deps.showMessage({
              type: 'info',
              buttons: ['OK'],
              message: 'No sync was started.',
              detail: result.skipped.map((skipped) => skipped.reason).join('\n'),
            });
          }
        } catch (error) {
          if (!isConsoleError(error)) throw error;
          await deps.showMessage({
            type: 'info',
            buttons: ['OK'],
            message: error.message,
            ...(error.action ? { detail: error.action } : {}),
          });
        }
      })().catch((error: unknown) => failed('The sync could not be started.', error));
    },

    openLogsFolder() {
      const folder = logDir(core.context.dataDir);
      fs.mkdirSync(folder, { recursive: true });
      void deps.openPath(folder).then((problem) => {
        if (problem) failed('The logs folder could not be opened.', new Error(problem));
      });
    },

    saveDiagnostics() {
      void (async () => {
        const file = await deps.chooseSaveFile(path.join(deps.saveDir, diagnosticsFileName(now())));
        if (!file) return;
        const text = buildDiagnostics(core.context, {
          versions: {
            Electron: deps.versions.electron,
            Chromium: deps.versions.chromium,
            Node: deps.versions.node,
          },
          madeBy: 'app',
        });
        fs.writeFileSync(file, text, { mode: 0o600 });
        log.info('diagnostics saved', { bytes: Buffer.byteLength(text) });
        deps.showItemInFolder(file);
      })().catch((error: unknown) => failed('The diagnostics could not be saved.', error));
    },

    checkForUpdates() {
      if (deps.checkForUpdates) deps.checkForUpdates();
      else void deps.showMessage(NO_UPDATE_CHECK);
    },

    showAbout() {
      const detail = aboutDetail({
        app: core.context.appVersion,
        electron: deps.versions.electron,
        chromium: deps.versions.chromium,
        node: deps.versions.node,
        schema: core.context.db.open ? schemaVersion(core.context.db) : null,
        os: deps.os,
      });
      void deps
        .showMessage({
          type: 'info',
          title: `About ${deps.appName}`,
          message: deps.appName,
          detail,
          buttons: ['OK', 'Copy'],
          defaultId: 0,
          cancelId: 0,
        })
        .then((choice) => {
          if (choice === 1) deps.copyText(`${deps.appName}\n${detail}`);
        });
    },
  };
}
