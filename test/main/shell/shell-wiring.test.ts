import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTestCore } from '../../support/core';
import { makeTempDir } from '../../support/temp-dir';

/**
 * The thin shell wired to a stand-in for Electron (the one edge that cannot run here): each
 * guard's decision must reach the Electron event it belongs to.
 */
const electron = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, input: unknown) => unknown>();
  return {
    handlers,
    protocolHandler: undefined as undefined | ((request: Request) => Promise<Response>),
    privileged: [] as unknown[],
    opened: [] as string[],
    knownSenders: new Set<unknown>(),
    permissionRequest: undefined as
      | undefined
      | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void),
    permissionCheck: undefined as undefined | ((contents: unknown, permission: string) => boolean),
  };
});

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (event: unknown, input: unknown) => unknown) =>
      electron.handlers.set(channel, handler),
    removeHandler: (channel: string) => electron.handlers.delete(channel),
  },
  BrowserWindow: {
    fromWebContents: (contents: unknown) => (electron.knownSenders.has(contents) ? {} : null),
    getAllWindows: () => [],
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => electron.privileged.push(...schemes),
    handle: (_scheme: string, handler: (request: Request) => Promise<Response>) => {
      electron.protocolHandler = handler;
    },
  },
  net: {
    fetch: async (url: string) => new Response(fs.readFileSync(fileURLToPath(url))),
  },
  shell: {
    openExternal: async (url: string) => {
      electron.opened.push(url);
    },
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler: typeof electron.permissionRequest) => {
        electron.permissionRequest = handler;
      },
      setPermissionCheckHandler: (handler: typeof electron.permissionCheck) => {
        electron.permissionCheck = handler;
      },
    },
  },
}));

const { hardenWebContents, denyAllPermissions } = await import('../../../src/main/shell/window');
const { registerIpc } = await import('../../../src/main/shell/ipc');
const { registerAppSchemePrivileges, serveRendererFrom } =
  await import('../../../src/main/shell/protocol');
const { APP_ORIGIN } = await import('../../../src/main/shell/trusted-sender');
const { CHANNELS } = await import('../../../src/shared/ipc/channels');

class FakeContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  mainFrame = { url: 'app://console/index.html' };
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

function navigationEvent(url?: string) {
  return {
    url,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

beforeEach(() => {
  electron.opened.length = 0;
});

describe('hardenWebContents', () => {
  it('cancels navigation, frame navigation and redirects away from the app origin', () => {
    const contents = new FakeContents();
    hardenWebContents(contents as never, APP_ORIGIN);
    for (const [eventName, url, prevented] of [
      ['will-navigate', 'https://evil.example/', true],
      ['will-navigate', 'app://console/index.html#/jobs', false],
      ['will-redirect', 'file:///etc/passwd', true],
      ['will-redirect', 'app://console/index.html', false],
    ] as const) {
      const event = navigationEvent();
      contents.emit(eventName, event, url);
      expect(event.defaultPrevented, `${eventName} ${url}`).toBe(prevented);
    }
    const frame = navigationEvent('https://app.ashbyhq.com.evil.tld/');
    contents.emit('will-frame-navigate', frame);
    expect(frame.defaultPrevented).toBe(true);
    const webview = navigationEvent();
    contents.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
  });

  it('denies every new window and hands only allowed ATS links to the system browser', async () => {
    const contents = new FakeContents();
    hardenWebContents(contents as never, APP_ORIGIN);
    for (const url of [
      'https://app.ashbyhq.com/candidates/1',
      'https://evil.example/',
      'javascript:alert(1)',
      'file:///etc/passwd',
    ]) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
    await Promise.resolve();
    expect(electron.opened).toEqual(['https://app.ashbyhq.com/candidates/1']);
  });

  it('denies every permission request and check', () => {
    denyAllPermissions();
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read']) {
      electron.permissionRequest?.({}, permission, (granted) => answers.push(granted));
      answers.push(electron.permissionCheck?.({}, permission) ?? true);
    }
    expect(answers).toEqual(Array(8).fill(false));
  });
});

describe('registerIpc', () => {
  const test = openTestCore();
  afterAll(() => test.cleanup());

  it('handles every channel of the contract and refuses callers outside the app window', async () => {
    const unregister = registerIpc(test.core, [APP_ORIGIN]);
    expect([...electron.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    const handler = electron.handlers.get('settings:get')!;

    const sender = new FakeContents();
    electron.knownSenders.add(sender);
    const fromApp = { sender, senderFrame: sender.mainFrame };
    expect(await handler(fromApp, undefined)).toMatchObject({ ok: true });

    const iframe = { url: 'app://console/index.html' };
    const foreign = new FakeContents();
    foreign.mainFrame = { url: 'https://evil.example/' };
    for (const [what, event] of [
      ['an iframe of the app', { sender, senderFrame: iframe }],
      ['a destroyed frame', { sender, senderFrame: null }],
      ['a foreign page', { sender: foreign, senderFrame: foreign.mainFrame }],
      ['contents outside any app window', { sender: new FakeContents(), senderFrame: iframe }],
    ] as const) {
      expect(await handler(event, undefined), what).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
    unregister();
    expect(electron.handlers.size).toBe(0);
  });
});

describe('app:// protocol', () => {
  const temp = makeTempDir('kula-renderer-');
  afterAll(() => temp.cleanup());
  const root = path.join(temp.dir, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(temp.dir, 'secret.txt'), 'do not serve');

  it('is registered as a standard, secure scheme', () => {
    registerAppSchemePrivileges();
    expect(electron.privileged).toContainEqual(
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    );
  });

  it('serves the build with the CSP and refuses every path out of it', async () => {
    serveRendererFrom(root);
    const handle = electron.protocolHandler!;
    const ok = await handle(new Request('app://console/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    expect(ok.headers.get('Content-Type')).toMatch(/text\/html/);
    expect(await ok.text()).toContain('<title>app</title>');
    expect((await handle(new Request('app://console/assets/app.js'))).status).toBe(200);

    for (const url of [
      'app://console/../secret.txt',
      'app://console/%2e%2e/secret.txt',
      'app://console/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://console/..%5csecret.txt',
      'app://console/%00index.html',
      'app://other/index.html',
      'app://console/missing.js',
    ]) {
      const response = await handle(new Request(url));
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('do not serve');
    }
  });
});
