import type { AppNotice } from '../../shared/domain/app';
import type { UpdateStatus } from '../../shared/domain/updates';
import { isoNow, type Clock } from '../core/clock';
import type { Logger } from '../core/logging/logger';
import { every, type Timers } from '../core/scheduler/timers';
import type { SettingsStore } from '../core/settings/settings-store';
import type { AppUpdates } from '../core/updates';

/**
 * The part of electron-updater's `autoUpdater` the app uses; the real one is passed in
 * src/main/index.ts, a stand-in in the tests.
 */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: UpdaterLogger | null;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<{
    isUpdateAvailable: boolean;
    updateInfo: { version: string };
    downloadPromise?: Promise<unknown> | null;
  } | null>;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
}

interface UpdaterLogger {
  info(message?: unknown): void;
  warn(message?: unknown): void;
  error(message?: unknown): void;
  debug?(message: string): void;
}

export interface AppUpdatesDeps {
  updater: Updater;
  /** `app.isPackaged`: `npm start` runs a checkout, which has nothing to update. */
  packaged: boolean;
  currentVersion: string;
  /**
   * An update server of the company's own (a folder of release files over HTTPS) instead of the
   * feed built into the app; from `KULA_UPDATE_URL`, which only whoever starts the app can set.
   */
  feedUrl?: string | undefined;
  settings: Pick<SettingsStore, 'get'>;
  log: Logger;
  clock: Clock;
  timers: Timers;
  notify(notice: AppNotice): void;
}

/** The first automatic check waits until start-up is over; later ones come every few hours. */
export const FIRST_AUTOMATIC_CHECK_MS = 60_000;
export const AUTOMATIC_CHECK_EVERY_MS = 6 * 60 * 60_000;

export interface ShellUpdates extends AppUpdates {
  /** Checks in the background while `autoUpdateChecks` is on; returns a stop function. */
  startAutomaticChecks(): () => void;
}

/**
 * Updates for the installed app through electron-updater: a newer version downloads in the
 * background and installs when the app quits; the admin is told once it is ready. "Check for
 * updates" (`app:check-updates`) asks the feed now; automatic checks follow the setting.
 */
export function createAppUpdates(deps: AppUpdatesDeps): ShellUpdates {
  const { updater, log, clock, currentVersion } = deps;
  let downloadedVersion: string | undefined;
  let pending: Promise<UpdateStatus> | undefined;

  if (deps.packaged) {
    updater.autoDownload = true;
    updater.autoInstallOnAppQuit = true;
    updater.logger = {
      info: (message) => log.info(`updater: ${String(message)}`),
      warn: (message) => log.warn(`updater: ${String(message)}`),
      error: (message) => log.error(`updater: ${String(message)}`),
      debug: (message) => log.debug(`updater: ${message}`),
    };
    if (deps.feedUrl) updater.setFeedURL({ provider: 'generic', url: deps.feedUrl });
    updater.on('update-downloaded', ({ version }) => {
      if (downloadedVersion === version) return;
      downloadedVersion = version;
      deps.notify({
        level: 'info',
        title: 'Update ready',
        body: `Kula ATS Console ${version} is downloaded and installs when you quit the app.`,
        route: '/settings',
      });
    });
  }

  const unavailable = (reason: string): UpdateStatus => ({
    state: 'unavailable',
    currentVersion,
    reason,
  });

  async function ask(): Promise<UpdateStatus> {
    try {
      const result = await updater.checkForUpdates();
      const checkedAt = isoNow(clock);
      if (!result)
        return unavailable('This installation cannot update itself; install new versions by hand.');
      if (!result.isUpdateAvailable) return { state: 'up-to-date', currentVersion, checkedAt };
      // A failed download reaches the updater's own `error` event, which its logger writes down.
      result.downloadPromise?.catch(() => undefined);
      const latestVersion = result.updateInfo.version;
      return {
        state: 'available',
        currentVersion,
        latestVersion,
        downloaded: downloadedVersion === latestVersion,
        checkedAt,
      };
    } catch (error) {
      const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
      log.warn('update check failed', { error: detail });
      return {
        state: 'failed',
        currentVersion,
        message: `Could not read the update feed (${detail.slice(0, 200)}). Check the network connection and proxy, then try again.`,
        checkedAt: isoNow(clock),
      };
    }
  }

  const check = (): Promise<UpdateStatus> => {
    if (!deps.packaged) {
      return Promise.resolve(
        unavailable(
          'This copy runs from a source checkout (npm start); the installed app updates itself.',
        ),
      );
    }
    // Two clicks, or a click during an automatic check, share one request.
    pending ??= ask().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  return {
    check,
    startAutomaticChecks() {
      if (!deps.packaged) return () => undefined;
      // The setting is read at each turn, so turning it off takes effect without a restart.
      const tick = () => {
        if (deps.settings.get().autoUpdateChecks) void check();
      };
      const first = deps.timers.setTimeout(tick, FIRST_AUTOMATIC_CHECK_MS);
      const stopRepeating = every(deps.timers, AUTOMATIC_CHECK_EVERY_MS, tick);
      return () => {
        deps.timers.clearTimeout(first);
        stopRepeating();
      };
    },
  };
}
