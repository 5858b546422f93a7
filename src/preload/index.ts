/**
 * The sandboxed preload: exposes the typed contract as `window.api` ({ invoke, on }) and nothing
 * else: no ipcRenderer, no process, no Node.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createKulaApi } from './api';

contextBridge.exposeInMainWorld(
  'api',
  createKulaApi({
    invoke: (channel, input) => ipcRenderer.invoke(channel, input),
    subscribe: (event, listener) => {
      const handler = (_event: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(event, handler);
      return () => {
        ipcRenderer.removeListener(event, handler);
      };
    },
  }),
);
