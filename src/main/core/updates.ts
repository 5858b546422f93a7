import type { UpdateStatus } from '../../shared/domain/updates';
import type { CoreBasics } from './basics';
import { APP_VERSION } from './version';

/**
 * Checking for a newer version of the app. Only the installed desktop app can update itself (the
 * shell gives the core its electron-updater wiring, src/main/shell/app-updates.ts); anywhere else
 * the answer says so.
 */
export interface AppUpdates {
  check(): Promise<UpdateStatus>;
}

/** What a host passes to `openCore` to provide updates, built from the core's own parts. */
export type AppUpdatesFactory = (parts: Pick<CoreBasics, 'log' | 'events' | 'clock'>) => AppUpdates;

export const NOT_INSTALLED_REASON =
  'Updates come with the installed app. This copy runs from the command line or a source checkout: update it with git and npm install.';

export function updatesUnavailable(reason = NOT_INSTALLED_REASON): AppUpdates {
  return {
    check: async () => ({ state: 'unavailable', currentVersion: APP_VERSION, reason }),
  };
}
