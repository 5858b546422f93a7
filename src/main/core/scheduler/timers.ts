import type { Clock } from '../clock';

/**
 * Time and timers as the scheduler and the run lock see them. Production uses the system's; tests
 * pass a fake (test/support/fake-timers.ts) and move time forward by hand, so "every 30 minutes"
 * is tested in milliseconds.
 */
export interface Timers extends Clock {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export type TimerHandle = { readonly __timer: unique symbol } | object;

/** Unref'd: a pending schedule or heartbeat never keeps a finished CLI process alive. */
export const systemTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) =>
    setTimeout(callback, Math.max(0, ms)).unref() as unknown as TimerHandle,
  clearTimeout: (handle) => clearTimeout(handle as unknown as NodeJS.Timeout),
};

/** A repeating timer on top of `Timers` (setInterval semantics, without drift accounting). */
export function every(timers: Timers, ms: number, callback: () => void): () => void {
  let handle: TimerHandle | null = null;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    callback();
    if (!stopped) handle = timers.setTimeout(tick, ms);
  };
  handle = timers.setTimeout(tick, ms);
  return () => {
    stopped = true;
    if (handle) timers.clearTimeout(handle);
  };
}
