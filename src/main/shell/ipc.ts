import { BrowserWindow, ipcMain } from 'electron';
import { CHANNELS } from '../../shared/ipc/channels';
import type { ConsoleCore } from '../core/core';
import { describeIpcCaller } from './guards';
import { isTrustedCaller } from './trusted-sender';

/**
 * Registers every channel with the core's dispatcher (the one place `ipcMain.handle` is called)
 * and forwards core events to the app's windows.
 */
export function registerIpc(core: ConsoleCore, allowedOrigins: readonly string[]): () => void {
  const dispatch = core.createDispatch((caller) => isTrustedCaller(caller, allowedOrigins));
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, input: unknown) =>
      dispatch(
        channel,
        input,
        describeIpcCaller({
          senderFrame: event.senderFrame,
          mainFrame: event.sender.mainFrame,
          fromKnownWindow: BrowserWindow.fromWebContents(event.sender) !== null,
        }),
      ),
    );
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
