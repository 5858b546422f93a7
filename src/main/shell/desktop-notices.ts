import type { AppNotice } from '../../shared/domain/app';
import type { ConsoleCore } from '../core/core';

/**
 * Turns the core's `app:notice` events (a scheduled sync failed, a connection needs to be
 * reconnected) into desktop notifications. Electron stays at the edge: the shell passes how to
 * show one and how to bring the window forward, so this is tested on plain Node.
 *
 * Shown when the admin kept "Desktop notifications" on (Settings), only for warnings and errors,
 * and only while the window is not in front (then the in-app notice is enough). Clicking one
 * brings the window forward and opens the notice's route (the sync log filtered to the failure).
 */
export interface DesktopNoticeDeps {
  /** Whether the OS can show notifications at all (Electron `Notification.isSupported()`). */
  supported: () => boolean;
  show(notice: { title: string; body: string; urgent: boolean }, onClick: () => void): void;
  /** Whether the main window is focused. */
  windowFocused: () => boolean;
  /** Restores and focuses the main window (re-creating it if it was closed). */
  focusWindow: () => void;
}

/** Routes a notice may open: the app's own pages only, never a URL. */
const ROUTE = /^\/(log|connections|health|audit|settings|mapping)(\?[\w\-.~%&=+,]*)?$/;

export function safeRoute(route: string | undefined): string | null {
  return route && ROUTE.test(route) ? route : null;
}

export function forwardNoticesToDesktop(core: ConsoleCore, deps: DesktopNoticeDeps): () => void {
  const { context } = core;
  return context.events.on('app:notice', (notice: AppNotice) => {
    if (notice.level === 'info') return;
    if (!context.settings.get().desktopNotifications) return;
    if (deps.windowFocused() || !deps.supported()) return;
    deps.show({ title: notice.title, body: notice.body, urgent: notice.level === 'error' }, () => {
      deps.focusWindow();
      const route = safeRoute(notice.route);
      if (route) context.events.emit('app:navigate', { route });
    });
  });
}
