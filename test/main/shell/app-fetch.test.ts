import { afterAll, describe, expect, it, vi } from 'vitest';
import type { CoreOptions } from '../../../src/main/core/core';
import { makeTempDir } from '../../support/temp-dir';

/**
 * The app's way out to the ATSs is Electron's `net.fetch` (Chromium: the OS proxy settings, PAC
 * and trust store). Electron cannot run here: the real `src/main/index.ts` starts against a
 * stand-in that records what reaches `net.fetch`. The stand-in core records the options it is
 * opened with and then refuses to open, so the shell takes its "cannot start" path (a dialog and
 * exit, both stand-ins too) instead of building windows, menus and a tray this test is not about.
 */
const electron = vi.hoisted(() => ({
  fetched: [] as Array<{ url: string; init: Record<string, unknown> }>,
  ready: undefined as undefined | (() => void),
  opened: [] as unknown[],
  exited: [] as number[],
  dataDir: '',
}));

vi.mock('electron', () => ({
  app: {
    setPath: () => undefined,
    getPath: () => electron.dataDir,
    getAppPath: () => electron.dataDir,
    getVersion: () => '0.0.0',
    requestSingleInstanceLock: () => true,
    isPackaged: true,
    on: () => undefined,
    quit: () => undefined,
    exit: (code: number) => electron.exited.push(code),
    whenReady: () =>
      new Promise<void>((resolve) => {
        electron.ready = resolve;
      }),
  },
  clipboard: {},
  dialog: { showErrorBox: () => undefined },
  ipcMain: { removeAllListeners: () => undefined, removeHandler: () => undefined },
  nativeTheme: { themeSource: 'system' },
  net: {
    isOnline: () => true,
    fetch: async (url: string, init: Record<string, unknown>) => {
      electron.fetched.push({ url, init });
      return new Response('{"ok":true}', { status: 200 });
    },
  },
  Notification: { isSupported: () => false },
  powerMonitor: { on: () => undefined, removeListener: () => undefined },
  safeStorage: {},
  shell: { openExternal: async () => undefined },
}));
vi.mock('electron-context-menu', () => ({ default: () => () => undefined }));
vi.mock('electron-updater', () => ({ autoUpdater: {} }));
vi.mock('electron-log/main', () => ({ default: {} }));
vi.mock('../../../src/main/shell/app-log', () => ({
  configureAppLog: () => ({
    catchMainErrors: () => undefined,
    logger: {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    },
  }),
}));
vi.mock('../../../src/main/core/core', () => ({
  openCore: (options: unknown) => {
    electron.opened.push(options);
    throw new Error('the stand-in core opens nothing');
  },
}));
vi.mock('../../../src/main/shell/electron-settings', () => ({
  createElectronSettingsStore: () => ({
    get: () => ({ theme: 'system', openAtLogin: false, allowBasicTextStorage: false }),
    update: () => ({}),
  }),
}));
vi.mock('../../../src/main/shell/protocol', () => ({
  registerAppSchemePrivileges: () => undefined,
  serveRendererFrom: () => undefined,
}));
vi.mock('../../../src/main/shell/window', () => ({
  denyAllPermissions: () => undefined,
  hardenWebContents: () => undefined,
}));
vi.mock('../../../src/main/shell/safe-storage-cipher', () => ({
  createSafeStorageCipher: () => ({}),
}));

const temp = makeTempDir('kula-app-net-');
afterAll(() => temp.cleanup());

describe("the app's network", () => {
  it("opens the core with Electron's net.fetch, bypassing the app's own protocol handlers", async () => {
    electron.dataDir = temp.dir;
    await import('../../../src/main/index');
    electron.ready?.();
    await vi.waitFor(() => expect(electron.opened).toHaveLength(1));
    expect(electron.exited).toEqual([1]);
    const options = electron.opened[0] as CoreOptions;
    const controller = new AbortController();
    const response = await options.fetch('https://api.ashbyhq.com/apiKey.info', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
      signal: controller.signal,
      redirect: 'manual',
    });
    expect(response.status).toBe(200);
    expect(electron.fetched).toEqual([
      {
        url: 'https://api.ashbyhq.com/apiKey.info',
        init: expect.objectContaining({
          method: 'POST',
          body: '{}',
          redirect: 'manual',
          bypassCustomProtocolHandlers: true,
        }),
      },
    ]);
  });
});
