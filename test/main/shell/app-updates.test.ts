import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { NodeHttpExecutor } from 'builder-util/out/nodeHttpExecutor';
import { DebUpdater } from 'electron-updater';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppNotice } from '../../../src/shared/domain/app';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/domain/settings';
import {
  AUTOMATIC_CHECK_EVERY_MS,
  createAppUpdates,
  FIRST_AUTOMATIC_CHECK_MS,
  type AppUpdatesDeps,
  type Updater,
} from '../../../src/main/shell/app-updates';
import type { Logger } from '../../../src/main/core/logging/logger';
import { openTestCore } from '../../support/core';
import { FakeTimers } from '../../support/fake-timers';
import { makeTempDir } from '../../support/temp-dir';

const quietLog: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Stands in for electron-updater's autoUpdater: answers each check with what the test queued. */
class StandInUpdater extends EventEmitter implements Updater {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  logger: Updater['logger'] = null;
  feeds: unknown[] = [];
  checks = 0;
  answers: Array<() => ReturnType<Updater['checkForUpdates']>> = [];

  setFeedURL(options: { provider: 'generic'; url: string }) {
    this.feeds.push(options);
  }

  checkForUpdates() {
    this.checks++;
    const answer = this.answers.shift();
    return answer ? answer() : Promise.resolve(null);
  }
}

function setup(overrides: Partial<AppUpdatesDeps> = {}) {
  const updater = new StandInUpdater();
  const timers = new FakeTimers();
  const notices: AppNotice[] = [];
  let settings: Settings = { ...DEFAULT_SETTINGS };
  const updates = createAppUpdates({
    updater,
    packaged: true,
    currentVersion: '0.1.0',
    settings: { get: () => settings },
    log: quietLog,
    clock: timers,
    timers,
    notify: (notice) => notices.push(notice),
    ...overrides,
  });
  return {
    updater,
    timers,
    notices,
    updates,
    setSettings: (patch: Partial<Settings>) => (settings = { ...settings, ...patch }),
  };
}

const found =
  (version: string, isUpdateAvailable = true) =>
  () =>
    Promise.resolve({ isUpdateAvailable, updateInfo: { version } });

describe('updates in the installed app', () => {
  it('download in the background and install when the app quits', () => {
    const { updater } = setup();
    expect([updater.autoDownload, updater.autoInstallOnAppQuit]).toEqual([true, true]);
    expect(updater.feeds).toEqual([]);
  });

  it('read a feed of the company’s own when KULA_UPDATE_URL names one', () => {
    const { updater } = setup({ feedUrl: 'https://updates.example.com/kula/' });
    expect(updater.feeds).toEqual([
      { provider: 'generic', url: 'https://updates.example.com/kula/' },
    ]);
  });

  it('say whether a newer version exists, and when it was asked', async () => {
    const { updater, updates } = setup();
    updater.answers.push(found('0.1.0', false), found('0.2.0'));
    await expect(updates.check()).resolves.toEqual({
      state: 'up-to-date',
      currentVersion: '0.1.0',
      checkedAt: '2026-03-02T09:00:00.000Z',
    });
    await expect(updates.check()).resolves.toMatchObject({
      state: 'available',
      latestVersion: '0.2.0',
      downloaded: false,
    });
  });

  it('tell the admin once when the new version is downloaded, and say so at the next check', async () => {
    const { updater, updates, notices } = setup();
    updater.emit('update-downloaded', { version: '0.2.0' });
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(notices).toEqual([
      {
        level: 'info',
        title: 'Update ready',
        body: 'Kula ATS Console 0.2.0 is downloaded and installs when you quit the app.',
        route: '/settings',
      },
    ]);
    updater.answers.push(found('0.2.0'));
    await expect(updates.check()).resolves.toMatchObject({ state: 'available', downloaded: true });
  });

  it('turn a feed that cannot be read into a reason and what to do', async () => {
    const { updater, updates } = setup();
    updater.answers.push(() => Promise.reject(new Error('net::ERR_INTERNET_DISCONNECTED\nstack')));
    const status = await updates.check();
    expect(status).toMatchObject({ state: 'failed' });
    expect(status.state === 'failed' && status.message).toBe(
      'Could not read the update feed (net::ERR_INTERNET_DISCONNECTED). Check the network connection and proxy, then try again.',
    );
  });

  it('ask the feed once when a check is requested while another runs', async () => {
    const { updater, updates } = setup();
    let answer: (value: Awaited<ReturnType<Updater['checkForUpdates']>>) => void = () => {};
    updater.answers.push(() => new Promise((resolve) => (answer = resolve)));
    const first = updates.check();
    const second = updates.check();
    answer({ isUpdateAvailable: false, updateInfo: { version: '0.1.0' } });
    expect(await first).toEqual(await second);
    expect(updater.checks).toBe(1);
  });

  it('check a minute after start, then every six hours, only while the setting is on', async () => {
    const { updater, updates, timers, setSettings } = setup();
    const stop = updates.startAutomaticChecks();
    await timers.advance(FIRST_AUTOMATIC_CHECK_MS - 1);
    expect(updater.checks).toBe(0);
    await timers.advance(1);
    expect(updater.checks).toBe(1);
    await timers.advance(AUTOMATIC_CHECK_EVERY_MS);
    expect(updater.checks).toBe(2);
    setSettings({ autoUpdateChecks: false });
    await timers.advance(AUTOMATIC_CHECK_EVERY_MS * 2);
    expect(updater.checks).toBe(2);
    setSettings({ autoUpdateChecks: true });
    await timers.advance(AUTOMATIC_CHECK_EVERY_MS);
    expect(updater.checks).toBe(3);
    stop();
    await timers.advance(AUTOMATIC_CHECK_EVERY_MS * 4);
    expect(updater.checks).toBe(3);
  });

  it('still answer "Check for updates" when automatic checks are off', async () => {
    const { updater, updates, setSettings } = setup();
    setSettings({ autoUpdateChecks: false });
    updater.answers.push(found('0.3.0'));
    await expect(updates.check()).resolves.toMatchObject({ state: 'available' });
  });
});

describe('updates in a source checkout (npm start)', () => {
  it('never touch the updater and say where updates come from', async () => {
    const { updater, updates, timers } = setup({ packaged: false });
    await expect(updates.check()).resolves.toMatchObject({
      state: 'unavailable',
      reason: expect.stringContaining('source checkout'),
    });
    updates.startAutomaticChecks();
    await timers.advance(AUTOMATIC_CHECK_EVERY_MS * 2);
    expect(updater.checks).toBe(0);
    expect(updater.autoDownload).toBe(false);
  });
});

describe('app:check-updates', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('answers through the IPC contract with what the host’s updates say', async () => {
    const test = openTestCore({
      updates: () => ({
        check: async () => ({
          state: 'up-to-date',
          currentVersion: '0.1.0',
          checkedAt: '2026-03-02T09:00:00.000Z',
        }),
      }),
    });
    cleanup = test.cleanup;
    const dispatch = test.core.createDispatch(() => true);
    await expect(
      dispatch('app:check-updates', undefined, { url: 'app://console/', isMainFrame: true }),
    ).resolves.toEqual({
      ok: true,
      value: {
        state: 'up-to-date',
        currentVersion: '0.1.0',
        checkedAt: '2026-03-02T09:00:00.000Z',
      },
    });
  });

  it('says updates come with the installed app in a core opened without them (the CLI, tests)', async () => {
    const test = openTestCore();
    cleanup = test.cleanup;
    await expect(test.core.handlers['app:check-updates'](undefined)).resolves.toMatchObject({
      state: 'unavailable',
      reason: expect.stringContaining('installed app'),
    });
  });
});

describe('updates through electron-updater itself, against a feed on loopback', () => {
  const temps: Array<() => void> = [];
  const servers: http.Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
    temps.splice(0).forEach((clean) => clean());
  });

  /** A release folder as electron-builder publishes it: latest-linux.yml names the newest version. */
  async function feed(version: string): Promise<string> {
    const server = http.createServer((request, response) => {
      if (request.url?.startsWith('/latest-linux.yml')) {
        response.end(
          [
            `version: ${version}`,
            'files:',
            `  - url: kula-ats-console_${version}_amd64.deb`,
            '    sha512: bm90LWEtcmVhbC1kZWI=',
            '    size: 10',
            `path: kula-ats-console_${version}_amd64.deb`,
            'sha512: bm90LWEtcmVhbC1kZWI=',
            "releaseDate: '2026-03-01T00:00:00.000Z'",
          ].join('\n'),
        );
      } else {
        response.writeHead(404).end();
      }
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  /** electron-updater's Debian updater, on an app adapter and Node's HTTP instead of Electron's. */
  function realUpdater(): DebUpdater {
    const temp = makeTempDir('kula-updater-');
    temps.push(temp.cleanup);
    fs.writeFileSync(
      path.join(temp.dir, 'app-update.yml'),
      'provider: github\nowner: kula-example\nrepo: ats-console\n',
    );
    const updater = new DebUpdater(null, {
      version: '0.1.0',
      name: 'kula-ats-console',
      isPackaged: true,
      appUpdateConfigPath: path.join(temp.dir, 'app-update.yml'),
      userDataPath: temp.dir,
      baseCachePath: temp.dir,
      whenReady: async () => undefined,
      relaunch: () => undefined,
      quit: () => undefined,
      onQuit: () => undefined,
    });
    (updater as unknown as { httpExecutor: unknown }).httpExecutor = new NodeHttpExecutor();
    return updater;
  }

  it('finds a newer version on the configured feed instead of the built-in one', async () => {
    const updater = realUpdater();
    const { updates } = setup({ updater, feedUrl: await feed('0.2.0') });
    await expect(updates.check()).resolves.toMatchObject({
      state: 'available',
      currentVersion: '0.1.0',
      latestVersion: '0.2.0',
    });
  });

  it('finds nothing newer when the feed names this version', async () => {
    const { updates } = setup({ updater: realUpdater(), feedUrl: await feed('0.1.0') });
    await expect(updates.check()).resolves.toMatchObject({ state: 'up-to-date' });
  });

  it('fails with a reason when the feed has no release', async () => {
    const { updates } = setup({
      updater: realUpdater(),
      feedUrl: `${await feed('0.2.0')}missing/`,
    });
    await expect(updates.check()).resolves.toMatchObject({ state: 'failed' });
  });
});
