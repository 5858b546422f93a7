import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAshbySimulator, type AshbySimulator } from '../../simulators/ashby/server';
import { runCliProcess } from '../../support/cli';
import { TEST_PASSPHRASE, openTestCore } from '../../support/core';
import { cacheCounts, expectedCounts } from '../../support/ashby';
import { makeTempDir } from '../../support/temp-dir';

let sim: AshbySimulator;
const temps: Array<() => void> = [];

beforeAll(async () => {
  sim = await startAshbySimulator({ tenant: { candidates: 180, applications: 220 } });
});

afterAll(async () => {
  temps.forEach((cleanup) => cleanup());
  await sim?.close();
});

function dataDir(): string {
  const temp = makeTempDir('kula-cli-ashby-');
  temps.push(temp.cleanup);
  return temp.dir;
}

const vault = { KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE };

// Each test runs the real CLI several times (a process each), slow on a busy machine.
describe('kula-console with Ashby', { timeout: 120_000 }, () => {
  it('connects from a key file, stores the key, imports the tenant, then syncs incrementally from the vault', async () => {
    const dir = dataDir();
    const keyFile = path.join(dir, 'ashby.key');
    fs.writeFileSync(keyFile, `${sim.keys.full}\n`);
    const connect = await runCliProcess(
      [
        '--data-dir',
        dir,
        'connect',
        'ashby',
        '--base-url',
        sim.url,
        '--api-key-file',
        keyFile,
        '--import',
        '--json',
      ],
      vault,
    );
    expect(connect.code, connect.stderr).toBe(0);
    const result = JSON.parse(connect.stdout);
    expect(result).toMatchObject({
      credentialStored: true,
      check: { accountLabel: 'Kula integration' },
      run: { status: 'succeeded', trigger: 'initial-import' },
      connection: { provider: 'ashby', hasCredential: true },
    });

    const sync = await runCliProcess(['--data-dir', dir, 'sync', result.connection.id], vault);
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toMatch(/succeeded .*incremental.*Up to date: nothing changed in Ashby/);

    const { core, cleanup } = openTestCore({ dataDir: dir });
    try {
      expect(cacheCounts(core.context, result.connection.id)).toEqual(expectedCounts(sim));
    } finally {
      await cleanup();
    }
    const secretOnDisk = fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && !entry.name.endsWith('.key'))
      .some((entry) =>
        fs.readFileSync(path.join(entry.parentPath, entry.name)).includes(sim.keys.full),
      );
    expect(secretOnDisk).toBe(false);
  });

  it('without a vault passphrase checks the key, does not store it, and syncs with $ASHBY_API_KEY per run', async () => {
    const dir = dataDir();
    const connect = await runCliProcess(
      ['--data-dir', dir, 'connect', 'ashby', '--base-url', sim.url],
      { ASHBY_API_KEY: sim.keys.full },
    );
    expect(connect.code, connect.stderr).toBe(0);
    expect(connect.stdout).toContain('The key was not stored (no $KULA_VAULT_PASSPHRASE)');
    const withoutKey = await runCliProcess(['--data-dir', dir, 'sync']);
    expect(withoutKey.code).toBe(1);
    expect(withoutKey.stderr).toMatch(
      /No Ashby key is stored .* pass the key for this run in \$ASHBY_API_KEY/,
    );
    const withKey = await runCliProcess(['--data-dir', dir, 'sync', '--json'], {
      ASHBY_API_KEY: sim.keys.full,
    });
    expect(withKey.code, withKey.stderr).toBe(0);
    expect(JSON.parse(withKey.stdout).runs[0]).toMatchObject({ status: 'succeeded', mode: 'full' });

    const jobs = JSON.parse(
      (await runCliProcess(['--data-dir', dir, 'jobs', 'list', '--open', '--json'])).stdout,
    );
    expect(jobs.jobs.length).toBe(sim.tenant.counts().openJobs);
    expect(jobs.jobs.every((job: { isOpen: boolean }) => job.isOpen)).toBe(true);
    // As in the window, each job's line names its department and location.
    const jobsText = (await runCliProcess(['--data-dir', dir, 'jobs', 'list', '--open'])).stdout;
    const openJob = sim.tenant.jobs.find((job) => job.status === 'Open')!;
    const jobLine = jobsText.split('\n').find((line) => line.includes(openJob.title));
    expect(jobLine).toContain(openJob.department);
    expect(jobLine).toContain(openJob.location);
    const candidate = sim.tenant.candidate(0)!;
    const found = JSON.parse(
      (
        await runCliProcess([
          '--data-dir',
          dir,
          'candidates',
          'list',
          '--search',
          candidate.email!,
          '--json',
        ])
      ).stdout,
    );
    expect(found.rows.map((row: { id: string }) => row.id)).toEqual([candidate.id]);
    const stages = JSON.parse(
      (await runCliProcess(['--data-dir', dir, 'stages', 'list', '--json'])).stdout,
    );
    expect(stages.stages.length).toBe(expectedCounts(sim).stages);

    const refused = await runCliProcess([
      '--data-dir',
      dir,
      'connections',
      'remove',
      'Ashby (' + new URL(sim.url).host + ')',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /deletes its stored key and all its cached jobs.*Add --yes to confirm/,
    );
    const list = JSON.parse(
      (await runCliProcess(['--data-dir', dir, 'connections', 'list', '--json'])).stdout,
    );
    const removed = await runCliProcess([
      '--data-dir',
      dir,
      'connections',
      'remove',
      list.connections[0].id,
      '--yes',
    ]);
    expect(removed.code).toBe(0);
    expect(
      JSON.parse((await runCliProcess(['--data-dir', dir, 'connections', 'list', '--json'])).stdout)
        .connections,
    ).toEqual([]);
  });

  it('says plainly when the key is wrong, and which features a missing permission disables', async () => {
    const dir = dataDir();
    const wrong = await runCliProcess(
      ['--data-dir', dir, 'connect', 'ashby', '--base-url', sim.url],
      {
        ASHBY_API_KEY: 'definitely-not-a-key',
      },
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      'Ashby refused the API key: it is wrong, incomplete or has been deactivated.',
    );
    expect(wrong.stderr).toContain('create a new key for Kula');

    const limited = await runCliProcess(
      ['--data-dir', dir, 'connect', 'ashby', '--base-url', sim.url],
      { ASHBY_API_KEY: sim.keys.noCandidates },
    );
    expect(limited.code, limited.stderr).toBe(0);
    expect(limited.stdout).toMatch(
      /MISSING\s+Candidates: Read \(without it: Import candidates and applications/,
    );

    const missing = await runCliProcess([
      '--data-dir',
      dataDir(),
      'connect',
      'ashby',
      '--base-url',
      sim.url,
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      'No Ashby API key was given. Pass --api-key-file FILE, or set $ASHBY_API_KEY.',
    );
  });
});
