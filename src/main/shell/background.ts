import type { MessageBoxOptions } from 'electron';
import type { ConnectionSchedule } from '../../shared/domain/schedule';

/**
 * Whether the app keeps running when its window closes, as pure functions. While automatic syncs
 * are on, closing the window must not stop them: the app stays, behind a tray icon. With them
 * off, closing quits as before (on macOS the app stays in the Dock, as macOS apps do).
 */

/** Some connection still syncs on its own. */
export function automaticSyncsOn(schedules: readonly ConnectionSchedule[]): boolean {
  return schedules.some(
    (schedule) =>
      schedule.enabled && schedule.state !== 'disconnected' && schedule.state !== 'not-running',
  );
}

export type AfterLastWindow = 'quit' | 'background' | 'dock';

export function afterLastWindowClosed(input: {
  automaticSyncs: boolean;
  platform: NodeJS.Platform;
}): AfterLastWindow {
  if (input.automaticSyncs) return 'background';
  return input.platform === 'darwin' ? 'dock' : 'quit';
}

/**
 * Started by the OS at login: open in the background instead of showing the window, when
 * automatic syncs are on (else there would be nothing to show and nothing to do).
 */
export function startInBackground(input: {
  argv: readonly string[];
  openedAtLogin: boolean;
  automaticSyncs: boolean;
}): boolean {
  return input.automaticSyncs && (input.openedAtLogin || input.argv.includes(BACKGROUND_ARG));
}

/** The argument the login item starts the app with (Windows and Linux say nothing otherwise). */
export const BACKGROUND_ARG = '--background';

/** The button of {@link BACKGROUND_NOTICE} that quits instead. */
export const QUIT_INSTEAD = 1;

/** Shown once, the first time closing the window leaves the app syncing in the background. */
export function backgroundNotice(appName: string, platform: NodeJS.Platform): MessageBoxOptions {
  const where = platform === 'darwin' ? 'menu bar' : 'notification area (system tray)';
  return {
    type: 'info',
    buttons: ['Keep syncing', 'Quit'],
    defaultId: 0,
    cancelId: 0,
    title: `${appName} keeps syncing`,
    message: 'Automatic syncs keep running with the window closed.',
    detail:
      `${appName} is still running so scheduled syncs happen on time. Its icon in the ${where} ` +
      'shows the last sync and has Sync Now, Open and Quit. To stop syncing when the window ' +
      'closes, turn automatic syncs off on the Sync health page.',
  };
}
