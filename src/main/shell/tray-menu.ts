import type { MenuItemConstructorOptions } from 'electron';
import type { RunStatus } from '../../shared/domain/runs';

export interface TrayActions {
  syncNow(): void;
  open(): void;
  quit(): void;
}

/** What the tray says about syncing: what runs now, else how the last run ended. */
export interface TrayStatus {
  running: string[];
  lastRun: { label: string; status: RunStatus; finishedAt: string | null } | null;
}

/** One line for the tray menu and its tooltip. `time` formats an ISO time for the admin. */
export function trayStatusText(status: TrayStatus, time: (iso: string) => string): string {
  if (status.running.length > 0) return `Syncing ${status.running.join(', ')}…`;
  const run = status.lastRun;
  if (!run) return 'No sync has run yet';
  const when = run.finishedAt ? ` at ${time(run.finishedAt)}` : '';
  const outcome: Record<RunStatus, string> = {
    running: 'is running',
    succeeded: 'succeeded',
    failed: 'failed',
    cancelled: 'was stopped',
    interrupted: 'was interrupted',
  };
  return `Last sync of ${run.label} ${outcome[run.status]}${when}`;
}

/**
 * The tray (menu-bar on macOS) icon's menu while the app syncs with its window closed: the state
 * of the last run, Sync now, Open and Quit.
 */
export function buildTrayMenuTemplate(
  statusText: string,
  appName: string,
  actions: TrayActions,
): MenuItemConstructorOptions[] {
  return [
    { id: 'status', label: statusText, enabled: false },
    { type: 'separator' },
    { id: 'sync-now', label: 'Sync Now', click: () => actions.syncNow() },
    { id: 'open', label: `Open ${appName}`, click: () => actions.open() },
    { type: 'separator' },
    { id: 'quit', label: `Quit ${appName}`, click: () => actions.quit() },
  ];
}
