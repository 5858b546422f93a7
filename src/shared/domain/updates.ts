/** What a check for a newer version of the installed app found. */
export type UpdateStatus =
  /** Nothing to check: a source checkout, the CLI, or an install that cannot update itself. */
  | { state: 'unavailable'; currentVersion: string; reason: string }
  | { state: 'up-to-date'; currentVersion: string; checkedAt: string }
  /**
   * A newer version exists. It downloads in the background and installs when the app quits;
   * `downloaded` says whether it is ready.
   */
  | {
      state: 'available';
      currentVersion: string;
      latestVersion: string;
      downloaded: boolean;
      checkedAt: string;
    }
  /** The feed could not be read (offline, a proxy, a release without update files). */
  | { state: 'failed'; currentVersion: string; message: string; checkedAt: string };
