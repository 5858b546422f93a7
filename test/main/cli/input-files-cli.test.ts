import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliProcess } from '../../support/cli';
import { makeTempDir } from '../../support/temp-dir';

/**
 * Files the CLI reads: regular files only, never more than the app would take, refused before
 * reading with the size in the message. A device such as /dev/zero used to grow the process to
 * gigabytes, a named pipe hung the command, and a 600 MB CSV took a gigabyte before failing.
 */
const temps: Array<() => void> = [];
afterEach(() => temps.splice(0).forEach((cleanup) => cleanup()));

async function workspace(): Promise<string> {
  const temp = makeTempDir('kula-cli-input-');
  temps.push(temp.cleanup);
  const add = await runCliProcess([
    '--data-dir',
    temp.dir,
    'candidates',
    'add',
    '--name',
    'Ada Lovelace',
    '--email',
    'ada@example.org',
  ]);
  expect(add.code, add.stderr).toBe(0);
  return temp.dir;
}

/** A file of `bytes` that takes no disk (sparse). */
function sparse(file: string, bytes: number): string {
  fs.writeFileSync(file, 'name,email\n');
  fs.truncateSync(file, bytes);
  return file;
}

describe('files the CLI reads', { timeout: 120_000 }, () => {
  it('a CSV over the app’s size: refused at once with its size, without reading it', async () => {
    const dir = await workspace();
    const file = sparse(path.join(dir, 'huge.csv'), 600 * 1024 * 1024);
    const started = Date.now();
    const run = await runCliProcess(['--data-dir', dir, 'candidates', 'import-csv', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file} is 600.0 MB; a CSV file can be at most 19.1 MB.`);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('a device (/dev/zero) as a resume, a key file or a CSV: refused as not a regular file', async () => {
    const dir = await workspace();
    const cases = [
      ['resumes', 'upload', 'ada@example.org', '/dev/zero'],
      ['candidates', 'import-csv', '/dev/zero'],
      ['connect', 'ashby', '--api-key-file', '/dev/zero'],
    ];
    for (const args of cases) {
      const run = await runCliProcess(['--data-dir', dir, ...args]);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toContain(
        '/dev/zero is not a regular file (it is a device), so it was not read.',
      );
    }
  });

  it('a named pipe nobody writes to: refused at once instead of hanging', async () => {
    if (process.platform === 'win32') return;
    const dir = await workspace();
    const fifo = path.join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const run = await runCliProcess(['--data-dir', dir, 'candidates', 'import-csv', fifo]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${fifo} is not a regular file (it is a named pipe)`);
  });

  it('a resume over 10 MB: refused with its size', async () => {
    const dir = await workspace();
    const resume = sparse(path.join(dir, 'big.pdf'), 11 * 1024 * 1024);
    const upload = await runCliProcess([
      '--data-dir',
      dir,
      'resumes',
      'upload',
      'ada@example.org',
      resume,
    ]);
    expect(upload.code).toBe(1);
    expect(upload.stderr).toContain(`${resume} is 11.0 MB; a resume can be at most 10.0 MB.`);
  });
});
