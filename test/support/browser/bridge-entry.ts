/**
 * Stands in for the Electron preload in the browser tests: builds `window.api` with the same
 * `createKulaApi` the preload uses, over Playwright bindings to the real core in the test process.
 */
import { createKulaApi } from '../../../src/preload/api';

declare global {
  interface Window {
    __kulaBridgeInvoke(channel: string, input: unknown): Promise<unknown>;
    __kulaBridgeEmit(event: string, payload: unknown): void;
  }
}

const listeners = new Map<string, Set<(payload: unknown) => void>>();

window.__kulaBridgeEmit = (event, payload) => {
  listeners.get(event)?.forEach((listener) => listener(payload));
};

const api = createKulaApi({
  invoke: (channel, input) => window.__kulaBridgeInvoke(channel, input),
  subscribe: (event, listener) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
});

// contextBridge exposes a frozen, non-writable object; so does the stand-in.
Object.defineProperty(window, 'api', {
  value: Object.freeze(api),
  writable: false,
  enumerable: true,
});
