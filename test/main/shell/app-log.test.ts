import fs from 'node:fs';
import path from 'node:path';
import nodeLog from 'electron-log/node';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Redactor } from '../../../src/main/core/logging/redactor';
import { appLogLine, configureAppLog, redactLogData } from '../../../src/main/shell/app-log';
import { makeTempDir } from '../../support/temp-dir';

/**
 * The app's log is electron-log configured by the shell; electron-log's Node build has the same
 * transports, so the configuration is exercised here for real, without Electron.
 */
const temp = makeTempDir('kula-app-log-');
afterAll(() => temp.cleanup());

const SECRET = 'ashby-live-key-9f8e7d6c5b4a';

function setup(name: string, maxBytes?: number) {
  const dir = path.join(temp.dir, name);
  fs.mkdirSync(dir, { recursive: true });
  const redactor = new Redactor();
  redactor.register(SECRET);
  const instance = nodeLog.create({ logId: `test-${name}` });
  const appLog = configureAppLog(instance, {
    dir,
    redactor,
    isDev: false,
    ...(maxBytes ? { maxBytes } : {}),
  });
  instance.transports.console.level = false;
  const read = () =>
    fs.existsSync(appLog.file)
      ? fs
          .readFileSync(appLog.file, 'utf8')
          .split(/\r?\n/)
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Record<string, unknown>)
      : [];
  return { dir, instance, appLog, read };
}

describe('the app’s log through electron-log', () => {
  it('writes redacted JSON lines to logs/app.log in the background, no line synchronously', async () => {
    const { appLog, read } = setup('basic');
    const syncWrite = vi.spyOn(fs, 'writeFileSync');
    appLog.logger.info('connection checked', { connectionId: 'ashby-1', apiKey: SECRET });
    appLog.logger.warn(`Ashby said key ${SECRET} is invalid`);
    appLog.logger.debug('page fetched', { authorization: `Basic ${SECRET}` });
    // electron-log creates the empty file once; no line is ever written synchronously.
    expect(syncWrite.mock.calls.filter(([, text]) => text !== '')).toEqual([]);
    syncWrite.mockRestore();
    await expect.poll(() => read().length).toBe(3);
    const lines = read();
    expect(lines[0]).toMatchObject({
      level: 'info',
      message: 'connection checked',
      connectionId: 'ashby-1',
      apiKey: '[redacted]',
    });
    expect(lines[1]).toMatchObject({
      level: 'warn',
      message: 'Ashby said key [redacted] is invalid',
    });
    expect(lines[2]).toMatchObject({ level: 'debug', authorization: '[redacted]' });
    expect(fs.readFileSync(appLog.file, 'utf8')).not.toContain(SECRET);
    expect(fs.statSync(appLog.file).mode & 0o777).toBe(0o600);
  });

  it('rotates app.log by size into app.old.log', async () => {
    const { dir, appLog, read } = setup('rotation', 3000);
    for (let n = 0; n < 60; n++) {
      appLog.logger.info('a line long enough to fill the file quickly', { n });
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await expect.poll(() => fs.existsSync(path.join(dir, 'app.old.log'))).toBe(true);
    await expect.poll(() => read().at(-1)?.n).toBe(59);
    expect(fs.statSync(appLog.file).size).toBeLessThan(6000);
  });

  it('logs an uncaught exception or rejection in main with its stack, redacted, and no dialog', async () => {
    const { instance, appLog, read } = setup('errors');
    appLog.catchMainErrors();
    try {
      const error = new Error(`token ${SECRET} refused`);
      instance.errorHandler.handle(error, { errorName: 'Unhandled' } as never);
      instance.errorHandler.handle(new Error('no answer'), {
        errorName: 'Unhandled rejection',
      } as never);
    } finally {
      instance.errorHandler.stopCatching();
    }
    await expect.poll(() => read().length).toBe(2);
    const [exception, rejection] = read();
    expect(exception).toMatchObject({
      level: 'error',
      message: 'uncaught exception in main',
      error: 'token [redacted] refused',
    });
    expect(String(exception?.stack)).toContain('app-log.test.ts');
    expect(rejection).toMatchObject({ message: 'unhandled promise rejection in main' });
  });
});

describe('redactLogData and appLogLine', () => {
  it('turn errors into fields and leave no registered secret or token-shaped value', () => {
    const redactor = new Redactor();
    redactor.register(SECRET);
    const data = redactLogData(
      ['failed', new TypeError(`bad ${SECRET}`), { refresh_token: 'abc', nested: { SECRET } }],
      redactor,
    );
    expect(JSON.stringify(data)).not.toContain(SECRET);
    expect(data[1]).toMatchObject({ error: 'bad [redacted]', errorName: 'TypeError' });
    const line = JSON.parse(
      appLogLine(
        { data: ['sync', 'failed', { runId: 4 }], level: 'verbose', date: new Date(0) } as never,
        redactor,
      ),
    ) as Record<string, unknown>;
    expect(line).toEqual({
      at: '1970-01-01T00:00:00.000Z',
      level: 'debug',
      message: 'sync failed',
      runId: 4,
    });
  });
});
