import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliProcess } from '../../support/cli';
import { makeTempDir } from '../../support/temp-dir';
import { MIGRATIONS } from '../../../src/main/core/db/migrations';
import Database from 'better-sqlite3';

const temps: Array<() => void> = [];
afterEach(() => temps.splice(0).forEach((cleanup) => cleanup()));

function dataDir(): string {
  const temp = makeTempDir('kula-cli-');
  temps.push(temp.cleanup);
  return temp.dir;
}

describe('kula-console', () => {
  it('status --json prints the schema version and no connections for a new data dir', async () => {
    const dir = dataDir();
    const run = await runCliProcess(['--data-dir', dir, 'status', '--json']);
    expect(run.code).toBe(0);
    const status = JSON.parse(run.stdout);
    expect(status).toMatchObject({
      dataDir: dir,
      schemaVersion: MIGRATIONS.at(-1)?.version,
      connections: [],
      lastRuns: [],
    });
    expect(fs.existsSync(path.join(dir, 'console.sqlite'))).toBe(true);
  });

  it('prints usage and exits 2 for an unknown option', async () => {
    const run = await runCliProcess(['--bogus']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown option "--bogus"');
    expect(run.stderr).toContain('Usage: kula-console');
  });

  it('exits 2 with usage for an unknown command and for a stray argument', async () => {
    expect((await runCliProcess(['frobnicate'])).code).toBe(2);
    const stray = await runCliProcess(['--data-dir', dataDir(), 'status', 'extra']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('Unexpected argument "extra"');
  });

  it('help lists the commands and exits 0', async () => {
    const run = await runCliProcess(['help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('status');
    expect(run.stdout).toContain('--data-dir');
  });

  it('exits 1 with a one-line reason when the data dir is from a newer version', async () => {
    const dir = dataDir();
    const db = new Database(path.join(dir, 'console.sqlite'));
    db.pragma('user_version = 999999');
    db.close();
    const run = await runCliProcess(['--data-dir', dir, 'status']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/newer version/);
  });
});
