import type { MessageBoxOptions } from 'electron';
import type { Logger } from '../core/logging/logger';

/**
 * What the shell does when the window's renderer process dies or hangs, as a decision (pure) and
 * its wiring to a window given as plain event emitters, so both are tested without Electron.
 *
 * A renderer that crashed is reloaded at once (the sync scheduler lives in main and never
 * stopped) and the admin is told; one that crashes again and again is not reloaded in a loop:
 * the admin chooses. A hung renderer is offered a reload. Each event is logged.
 */

export type AfterRendererGone = 'nothing' | 'reload' | 'ask';

/** More crashes than this within a minute and the app stops reloading on its own. */
const CRASHES_BEFORE_ASKING = 3;

export function afterRendererGone(
  reason: string,
  recentCrashes: readonly number[],
  now: number,
): AfterRendererGone {
  // The window was closed or the app is quitting: nothing went wrong.
  if (reason === 'clean-exit') return 'nothing';
  const lastMinute = recentCrashes.filter((at) => now - at < 60_000).length;
  return lastMinute >= CRASHES_BEFORE_ASKING ? 'ask' : 'reload';
}

export const RELOADED_NOTICE: MessageBoxOptions = {
  type: 'warning',
  buttons: ['OK'],
  title: 'The window was reloaded',
  message: 'The window stopped unexpectedly and was reloaded.',
  detail:
    'Automatic syncs kept running. If this happens again, choose Help → Save Diagnostics… and send the file to support.',
};

/** Button indexes of {@link CRASH_LOOP_QUESTION} and {@link UNRESPONSIVE_QUESTION}. */
export const RELOAD_CHOICE = 0;

export const CRASH_LOOP_QUESTION: MessageBoxOptions = {
  type: 'error',
  buttons: ['Reload', 'Quit'],
  defaultId: 0,
  cancelId: 1,
  title: 'The window keeps stopping',
  message: 'The window stopped several times in a minute.',
  detail:
    'Reload to try again, or quit. Help → Save Diagnostics… writes a file to send to support.',
};

export const UNRESPONSIVE_QUESTION: MessageBoxOptions = {
  type: 'warning',
  buttons: ['Reload', 'Wait'],
  defaultId: 1,
  cancelId: 1,
  title: 'The window is not responding',
  message: 'The window is not responding.',
  detail: 'Wait for it, or reload it (unsaved edits on the page are lost; syncs keep running).',
};

export interface RecoveryDeps {
  /** The window (for `unresponsive` and `responsive`). */
  window: { on(event: 'unresponsive' | 'responsive', listener: () => void): unknown };
  /** Its web contents (for `render-process-gone`). */
  contents: {
    on(
      event: 'render-process-gone',
      listener: (event: unknown, details: { reason: string; exitCode: number }) => void,
    ): unknown;
  };
  log: Logger;
  reload(): void;
  quit(): void;
  /** Shows a message box on the window; resolves to the index of the button chosen. */
  ask(options: MessageBoxOptions): Promise<number>;
  now?: () => number;
}

export function watchRenderer(deps: RecoveryDeps): void {
  const now = deps.now ?? Date.now;
  const crashes: number[] = [];
  let asking = false;

  const onGone = (_event: unknown, details: { reason: string; exitCode: number }) => {
    const decision = afterRendererGone(details.reason, crashes, now());
    if (decision === 'nothing') return;
    crashes.push(now());
    deps.log.error('the window’s renderer process stopped', {
      reason: details.reason,
      exitCode: details.exitCode,
      decision,
    });
    if (decision === 'reload') {
      deps.reload();
      void deps.ask(RELOADED_NOTICE);
      return;
    }
    void deps.ask(CRASH_LOOP_QUESTION).then((choice) => {
      if (choice === RELOAD_CHOICE) deps.reload();
      else deps.quit();
    });
  };

  const onUnresponsive = () => {
    deps.log.warn('the window is not responding');
    if (asking) return;
    asking = true;
    void deps.ask(UNRESPONSIVE_QUESTION).then((choice) => {
      asking = false;
      if (choice === RELOAD_CHOICE) {
        deps.log.info('the window was reloaded after it stopped responding');
        deps.reload();
      }
    });
  };

  deps.contents.on('render-process-gone', onGone);
  deps.window.on('unresponsive', onUnresponsive);
  deps.window.on('responsive', () => deps.log.info('the window responds again'));
}
