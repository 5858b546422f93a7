import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GREENHOUSE_DEMO_CREDENTIAL,
  startGreenhouseSimulator,
  type GreenhouseSimulator,
} from '../../simulators/greenhouse/server';
import { ADMIN_USER_ID, RECRUITER_USER_ID } from '../../simulators/greenhouse/tenant';
import { runCliProcess } from '../../support/cli';
import { TEST_PASSPHRASE } from '../../support/core';
import { credentialKey } from '../../support/greenhouse';
import { makeTempDir } from '../../support/temp-dir';

let sim: GreenhouseSimulator;
const temps: Array<() => void> = [];

beforeAll(async () => {
  sim = await startGreenhouseSimulator({ tenant: { candidates: 150, jobs: 5 } });
});

afterAll(async () => {
  temps.forEach((cleanup) => cleanup());
  await sim?.close();
});

function dataDir(): string {
  const temp = makeTempDir('kula-cli-greenhouse-');
  temps.push(temp.cleanup);
  return temp.dir;
}

const vault = { KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE };

describe('kula-console with Greenhouse', { timeout: 180_000 }, () => {
  it('connects from a credential file acting as a Site Admin, imports, syncs, and changes the acting user', async () => {
    const dir = dataDir();
    const keyFile = path.join(dir, 'greenhouse.key');
    fs.writeFileSync(keyFile, `${credentialKey(GREENHOUSE_DEMO_CREDENTIAL)}\n`);
    const connect = await runCliProcess(
      [
        '--data-dir',
        dir,
        'connect',
        'greenhouse',
        '--base-url',
        sim.url,
        '--api-key-file',
        keyFile,
        '--write-user',
        String(ADMIN_USER_ID),
        '--import',
        '--json',
      ],
      vault,
    );
    expect(connect.code, connect.stderr).toBe(0);
    const result = JSON.parse(connect.stdout);
    expect(result).toMatchObject({
      credentialStored: true,
      check: { accountLabel: 'Acting as Ada Admin' },
      run: { status: 'succeeded', trigger: 'initial-import' },
      connection: { provider: 'greenhouse', writeUserId: String(ADMIN_USER_ID) },
    });
    const id = result.connection.id as string;
    const sync = await runCliProcess(['--data-dir', dir, 'sync', id, '--json'], vault);
    expect(sync.code, sync.stderr).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({
      runs: [{ status: 'succeeded', mode: 'incremental' }],
    });
    const user = await runCliProcess(
      ['--data-dir', dir, 'connections', 'write-user', id, String(RECRUITER_USER_ID), '--json'],
      vault,
    );
    expect(user.code, user.stderr).toBe(0);
    expect(JSON.parse(user.stdout)).toMatchObject({ writeUserId: String(RECRUITER_USER_ID) });
    const status = await runCliProcess(['--data-dir', dir, 'status'], vault);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/Greenhouse/);
    // The client secret is never printed.
    for (const out of [connect, sync, user, status]) {
      expect(out.stdout + out.stderr).not.toContain(GREENHOUSE_DEMO_CREDENTIAL.clientSecret);
    }
  });

  it('refuses a wrong secret with a reason and what to do, exit code 1', async () => {
    const dir = dataDir();
    const run = await runCliProcess(
      ['--data-dir', dir, 'connect', 'greenhouse', '--base-url', sim.url],
      { ...vault, GREENHOUSE_API_KEY: `${GREENHOUSE_DEMO_CREDENTIAL.clientId}:wrong` },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Greenhouse refused the client id and secret/);
    expect(run.stderr).toMatch(/Dev Center → API Credentials/);
  });
});
