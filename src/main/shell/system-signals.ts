import type { ConsoleCore } from '../core/core';

/**
 * What the OS knows and the scheduler needs: sleep and wake (Electron `powerMonitor`) and whether
 * the computer is online (Electron `net.isOnline()`, polled: main has no online event; the window
 * also reports `navigator.onLine` changes over IPC). Electron is passed in, so this is tested on
 * plain Node.
 */
export interface PowerEvents {
  on(event: 'suspend' | 'resume', listener: () => void): unknown;
  removeListener(event: 'suspend' | 'resume', listener: () => void): unknown;
}

export interface SystemSignalDeps {
  power: PowerEvents;
  isOnline: () => boolean;
  pollMs?: number;
}

export function wireSystemSignals(core: ConsoleCore, deps: SystemSignalDeps): () => void {
  const { scheduler } = core.context;
  const suspend = () => scheduler.suspend();
  const resume = () => {
    scheduler.setOnline(deps.isOnline());
    scheduler.resume();
  };
  deps.power.on('suspend', suspend);
  deps.power.on('resume', resume);
  scheduler.setOnline(deps.isOnline());
  const poll = setInterval(() => scheduler.setOnline(deps.isOnline()), deps.pollMs ?? 15_000);
  poll.unref();
  return () => {
    clearInterval(poll);
    deps.power.removeListener('suspend', suspend);
    deps.power.removeListener('resume', resume);
  };
}
