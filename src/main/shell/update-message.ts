import type { UpdateStatus } from '../../shared/domain/updates';

/** What "Check for updates…" tells the admin about the feed's answer, as a message box. */
export function updateStatusMessage(
  status: UpdateStatus,
  appName: string,
): { type: 'info' | 'warning'; message: string; detail: string; buttons: string[] } {
  switch (status.state) {
    case 'unavailable':
      return {
        type: 'info',
        message: 'This copy of the app does not update itself.',
        detail: status.reason,
        buttons: ['OK'],
      };
    case 'up-to-date':
      return {
        type: 'info',
        message: `${appName} ${status.currentVersion} is the latest version.`,
        detail: 'Automatic checks can be turned off in Settings → Updates.',
        buttons: ['OK'],
      };
    case 'available':
      return {
        type: 'info',
        message: `Version ${status.latestVersion} is available (you have ${status.currentVersion}).`,
        detail: status.downloaded
          ? 'It is downloaded and installs when you quit the app.'
          : 'It is downloading in the background and installs when you quit the app.',
        buttons: ['OK'],
      };
    case 'failed':
      return {
        type: 'warning',
        message: 'The app could not check for updates.',
        detail: `${status.message} Check your network connection, then try again.`,
        buttons: ['OK'],
      };
  }
}
