import { BrowserWindow, ipcMain } from 'electron';
import { CHANNELS } from '../../shared/ipc/channels';
import type { ConsoleCore } from '../core/core';
import { isTrustedCaller } from './trusted-sender';

/**
 * Registers every channel with the core's dispatcher (the one place `ipcMain.handle` is called)
 * and forwards core events to the app's windows.
 */
export function registerIpc(core: ConsoleCore, allowedOrigins: readonly string[]): () => void {
  const dispatch = core.createDispatch((caller) => isTrustedCaller(caller, allowedOrigins));
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, input: unknown) => {
      const frame = event.senderFrame;
      const fromKnownWindow = BrowserWindow.fromWebContents(event.sender) !== null;
      return dispatch(channel, input, {
        url: frame && fromKnownWindow ? frame.url : null,
        isMainFrame: frame !== null && frame === event.sender.mainFrame,
      });
    });
  }
  const stopForwarding = core.context.events.onAny((name, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) window.webContents.send(name, payload);
    }
  });
  return () => {
    CHANNELS.forEach((channel) => ipcMain.removeHandler(channel));
    stopForwarding();
  };
}
