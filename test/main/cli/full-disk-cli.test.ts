import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAshbySimulator, type AshbySimulator } from '../../simulators/ashby/server';
import { runCliProcess } from '../../support/cli';
import { openTestCore, TEST_PASSPHRASE } from '../../support/core';
import { cacheCounts, expectedCounts } from '../../support/ashby';
import { smallDisk } from '../../support/read-only';

/**
 * A sync on a real disk that fills up: a 24 MB tmpfs, nearly filled by another file, holds the
 * data folder. Needs root and a kernel that lets the test mount (a sandbox usually does); where it
 * cannot, the same failure is simulated in test/main/core/sync/full-disk.test.ts.
 */
let sim: AshbySimulator;
const cleanups: Array<() => void> = [];
const vault = { KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE };
beforeAll(async () => {
  sim = await startAshbySimulator({ tenant: { candidates: 1500, applications: 1900 } });
});
afterAll(() => sim?.close());
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((cleanup) => cleanup()),
);

describe('kula-console sync on a disk that fills up', { timeout: 240_000 }, () => {
  it('ends with "the disk is full: free space, then sync again", no crash, and the next sync completes', async () => {
    const disk = smallDisk(24 * 1024 * 1024);
    if (!disk) return;
    cleanups.push(disk.release);
    const dir = path.join(disk.dir, 'data');
    const connect = await runCliProcess(
      ['--data-dir', dir, 'connect', 'ashby', '--base-url', sim.url, '--json'],
      { ...vault, ASHBY_API_KEY: sim.keys.full },
    );
    expect(connect.code, connect.stderr).toBe(0);
    const connectionId = JSON.parse(connect.stdout).connection.id as string;

    // Leave about 400 KB: the import needs several megabytes.
    const filler = path.join(disk.dir, 'filler');
    const free = () => fs.statfsSync(disk.dir).bavail * fs.statfsSync(disk.dir).bsize;
    fs.writeFileSync(filler, Buffer.alloc(Math.max(0, free() - 400 * 1024)));

    const full = await runCliProcess(['--data-dir', dir, 'sync', connectionId], vault);
    expect(full.code).toBe(1);
    expect(full.stderr).toContain('The disk is full: free space, then sync again.');
    expect(full.stderr).not.toMatch(/internal error|Something went wrong|Unhandled|at .*\.ts:\d+/);

    fs.rmSync(filler);
    const again = await runCliProcess(['--data-dir', dir, 'sync', connectionId, '--json'], vault);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).runs[0].status).toBe('succeeded');
    const { core } = openTestCore({ dataDir: dir });
    try {
      expect(cacheCounts(core.context, connectionId)).toEqual(expectedCounts(sim));
    } finally {
      core.close();
    }
  });
});
