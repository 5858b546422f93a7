import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFileLogger, type FileLogger } from '../../../../src/main/core/logging/file-logger';
import { rotatedLogPath } from '../../../../src/main/core/logging/log-files';
import { rotateIfLarger } from '../../../../src/main/core/logging/log-rotation';
import { Redactor } from '../../../../src/main/core/logging/redactor';
import { openTestCore } from '../../../support/core';
import { makeTempDir } from '../../../support/temp-dir';

const temps: Array<{ cleanup(): void }> = [];
const loggers: FileLogger[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(loggers.splice(0).map((logger) => logger.close()));
  temps.splice(0).forEach((temp) => temp.cleanup());
});

function tempDir(): string {
  const temp = makeTempDir('kula-log-');
  temps.push(temp);
  return temp.dir;
}

function logger(dir: string, options: Parameters<typeof createFileLogger>[2] = {}): FileLogger {
  const created = createFileLogger(dir, new Redactor(), options);
  loggers.push(created);
  return created;
}

const lines = (file: string) =>
  fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { level: string; message: string; n?: number })
    : [];

describe('the CLI’s file logger', () => {
  it('writes redacted JSON lines to cli.log without ever writing synchronously', async () => {
    const dir = tempDir();
    const redactor = new Redactor();
    redactor.register('lever-refresh-token-0123456789');
    const log = createFileLogger(dir, redactor);
    loggers.push(log);
    const syncWrites = [
      vi.spyOn(fs, 'writeSync'),
      vi.spyOn(fs, 'appendFileSync'),
      vi.spyOn(fs, 'writeFileSync'),
    ];
    for (let n = 0; n < 2000; n++) {
      log.info('page fetched', { n, authorization: 'Bearer abcdefghijklmnop' });
    }
    log.error('refresh failed with lever-refresh-token-0123456789');
    for (const spy of syncWrites) expect(spy).not.toHaveBeenCalled();
    await log.flush();
    const written = lines(path.join(dir, 'cli.log'));
    expect(written).toHaveLength(2001);
    expect(written.slice(0, 2000).map((line) => line.n)).toEqual([...Array(2000).keys()]);
    expect(written.at(-1)).toMatchObject({
      level: 'error',
      message: 'refresh failed with [redacted]',
    });
    const raw = fs.readFileSync(path.join(dir, 'cli.log'), 'utf8');
    expect(raw).not.toContain('lever-refresh-token-0123456789');
    expect(raw).not.toContain('abcdefghijklmnop');
    expect(fs.statSync(path.join(dir, 'cli.log')).mode & 0o777).toBe(0o600);
  });

  it('rotates a file that grew past the cap when a process starts, keeping one old copy', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'cli.log');
    fs.writeFileSync(file, `${JSON.stringify({ level: 'info', message: 'old' })}\n`.repeat(50));
    const log = logger(dir, { maxBytes: 1000 });
    log.info('new');
    await log.flush();
    expect(lines(rotatedLogPath(file))).toHaveLength(50);
    expect(lines(file).map((line) => line.message)).toEqual(['new']);
  });

  it('loses no line when another process rotates the file under it: it reopens the path', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'cli.log');
    const watch = logger(dir, { maxBytes: 4000, checkEveryMs: 10 });
    const other = logger(dir, { maxBytes: 4000, checkEveryMs: 60_000 });
    for (let n = 0; n < 40; n++) other.info('other', { n });
    await other.flush();
    // The other process finds the file too large and rotates it (as it would at its start).
    expect(rotateIfLarger(file, 1000)).toBe('rotated');
    for (let n = 0; n < 10; n++) watch.info('watch before reopening', { n });
    await watch.flush();
    await expect.poll(() => fs.existsSync(file)).toBe(true);
    watch.info('watch after reopening');
    await watch.flush();
    const all = [...lines(rotatedLogPath(file)), ...lines(file)].map((line) => line.message);
    expect(all.filter((message) => message === 'other')).toHaveLength(40);
    expect(all.filter((message) => message === 'watch before reopening')).toHaveLength(10);
    expect(lines(file).map((line) => line.message)).toContain('watch after reopening');
  });

  it('rotates by the file’s real size on a periodic check, in a long-running process', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'cli.log');
    const log = logger(dir, { maxBytes: 2000, checkEveryMs: 10 });
    for (let n = 0; n < 60; n++) log.info('line', { n });
    await log.flush();
    await expect.poll(() => fs.existsSync(rotatedLogPath(file))).toBe(true);
    log.info('after rotation');
    await log.flush();
    expect(lines(file).map((line) => line.message)).toEqual(['after rotation']);
    expect(lines(rotatedLogPath(file))).toHaveLength(60);
  });

  it('is written completely by the time a CLI core has shut down', async () => {
    const test = openTestCore({ logger: undefined });
    test.core.context.log.warn('written before exit');
    await test.core.shutdown();
    const file = path.join(test.dataDir, 'logs', 'cli.log');
    expect(lines(file).map((line) => line.message)).toContain('written before exit');
    await test.cleanup();
  });
});

describe('rotateIfLarger', () => {
  it('leaves a file alone while another process holds the rotation lock, and takes over a stale lock', () => {
    const dir = tempDir();
    const file = path.join(dir, 'cli.log');
    fs.writeFileSync(file, 'x'.repeat(100));
    fs.writeFileSync(`${file}.lock`, '');
    expect(rotateIfLarger(file, 10)).toBe('busy');
    expect(fs.readFileSync(file, 'utf8')).toHaveLength(100);
    // The lock of a process that died mid-rotation a while ago.
    expect(rotateIfLarger(file, 10, () => Date.now() + 5 * 60_000)).toBe('rotated');
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
    expect(fs.readFileSync(rotatedLogPath(file), 'utf8')).toHaveLength(100);
  });

  it('rotates once however many processes find the file too large: the second sees it small', () => {
    const dir = tempDir();
    const file = path.join(dir, 'cli.log');
    fs.writeFileSync(file, 'x'.repeat(100));
    expect(rotateIfLarger(file, 10)).toBe('rotated');
    fs.writeFileSync(file, 'y');
    expect(rotateIfLarger(file, 10)).toBe('small');
    expect(fs.readFileSync(rotatedLogPath(file), 'utf8')).toHaveLength(100);
    expect(rotateIfLarger(path.join(dir, 'missing.log'), 10)).toBe('small');
  });
});
