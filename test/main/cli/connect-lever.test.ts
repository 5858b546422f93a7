import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI_FROM_SOURCE, runCliProcess } from '../../support/cli';
import { REPO_ROOT } from '../../support/paths';
import { makeTempDir } from '../../support/temp-dir';
import { openTestCore, TEST_PASSPHRASE } from '../../support/core';
import { expectedLeverCache } from '../../simulators/lever/expected';
import {
  LEVER_FULL_ACCESS_KEY,
  startLeverSimulator,
  type LeverSimulator,
} from '../../simulators/lever/server';
import { leverCache } from '../../support/lever';
import { decideInBrowser } from '../core/oauth/support';

const CLIENT = {
  clientId: 'cli-test-client',
  clientSecret: 'cli-test-secret-4c3b2a19',
  name: 'Kula ATS Console',
  redirectUris: ['http://127.0.0.1:1/callback'],
  loopbackAnyPort: true,
};
let sim: LeverSimulator;
const temps: Array<() => void> = [];
beforeAll(async () => {
  sim = await startLeverSimulator({
    tenant: { opportunities: 30 },
    oauthClients: [CLIENT],
    rateLimit: { enabled: false },
  });
});
afterAll(() => sim.close());
afterEach(() => temps.splice(0).forEach((cleanup) => cleanup()));

function dataDir(): string {
  const temp = makeTempDir('kula-cli-lever-');
  temps.push(temp.cleanup);
  return temp.dir;
}

/** Runs the CLI and, once it prints the authorize URL, answers in the "browser". */
function runOAuth(args: string[], env: NodeJS.ProcessEnv, decision: 'accept' | 'deny') {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI_FROM_SOURCE, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, KULA_VAULT_PASSPHRASE: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let answered = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /^\s+(http:\/\/\S+\/authorize\?\S+)$/m.exec(stderr)?.[1];
      if (url && !answered) {
        answered = true;
        decideInBrowser(url, decision).catch(reject);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('kula-console connect lever', () => {
  it('connects with $LEVER_API_KEY, stores it in the vault, and reports permissions', async () => {
    const dir = dataDir();
    const run = await runCliProcess(
      ['--data-dir', dir, 'connect', 'lever', '--base-url', sim.apiUrl],
      {
        LEVER_API_KEY: LEVER_FULL_ACCESS_KEY,
        KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE,
      },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Connection\s+lever-[0-9a-f]+/);
    expect(run.stdout).toMatch(/yes\s+Postings: read/);
    expect(run.stdout).toMatch(/unknown\s+Notes: read and write/);
    expect(run.stdout).toContain('Lever user for writes');
    const status = await runCliProcess(['--data-dir', dir, 'status', '--json'], {
      KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE,
    });
    expect(JSON.parse(status.stdout).connections).toMatchObject([
      { provider: 'lever', authMode: 'api_key', hasCredential: true },
    ]);
  });

  it('connects with --api-key-file and, without a vault passphrase, says the key was not stored', async () => {
    const dir = dataDir();
    const file = path.join(dir, 'lever.key');
    fs.writeFileSync(file, `${LEVER_FULL_ACCESS_KEY}\n`, { mode: 0o600 });
    const run = await runCliProcess([
      '--data-dir',
      dir,
      '--json',
      'connect',
      'lever',
      '--base-url',
      sim.apiUrl,
      '--api-key-file',
      file,
    ]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      credentialStored: false,
      connection: { provider: 'lever', hasCredential: false },
    });
    expect(run.stdout).not.toContain(LEVER_FULL_ACCESS_KEY);
  });

  it('connects with an API key and imports through the command line; the next sync asks only for changes', async () => {
    const dir = dataDir();
    const vault = { KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE };
    const connect = await runCliProcess(
      ['--data-dir', dir, 'connect', 'lever', '--base-url', sim.apiUrl, '--import'],
      { LEVER_API_KEY: LEVER_FULL_ACCESS_KEY, ...vault },
    );
    expect(connect.code, connect.stderr).toBe(0);
    expect(connect.stdout).toMatch(/: succeeded in [\d.]+ s \(full, \d+ requests\)/);
    const id = /Connection\s+(lever-[0-9a-f]+)/.exec(connect.stdout)![1]!;
    const opened = openTestCore({ dataDir: dir });
    try {
      expect(leverCache(opened.core.context, id)).toEqual(
        expectedLeverCache(sim.tenant, { confidential: true }),
      );
    } finally {
      opened.core.close();
    }

    const before = sim.requests.entries.length;
    const sync = await runCliProcess(['--data-dir', dir, '--json', 'sync', id], vault);
    expect(sync.code, sync.stderr).toBe(0);
    expect(JSON.parse(sync.stdout).runs[0]).toMatchObject({
      status: 'succeeded',
      mode: 'incremental',
    });
    const listed = sim.requests.entries
      .slice(before)
      .filter((entry) => entry.path === '/v1/opportunities' || entry.path === '/v1/postings');
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((entry) => typeof entry.query.updated_at_start === 'string')).toBe(true);

    const person = [...sim.tenant.contacts.values()].find(
      (contact) =>
        contact.emails.length > 0 &&
        sim.tenant.opportunities.some((opportunity) => opportunity.contact === contact.id),
    )!;
    const found = await runCliProcess([
      '--data-dir',
      dir,
      '--json',
      'candidates',
      'list',
      '--search',
      person.emails[0]!,
    ]);
    expect(JSON.parse(found.stdout).rows.map((row: { id: string }) => row.id)).toContain(person.id);
  });

  it('says plainly when no key was given, or the key is wrong (exit 1)', async () => {
    const none = await runCliProcess(
      ['--data-dir', dataDir(), 'connect', 'lever', '--base-url', sim.apiUrl],
      { LEVER_API_KEY: '' },
    );
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(
      'No Lever API key was given. Pass --api-key-file FILE, or set $LEVER_API_KEY.',
    );
    const wrong = await runCliProcess(
      ['--data-dir', dataDir(), 'connect', 'lever', '--base-url', sim.apiUrl],
      { LEVER_API_KEY: 'wrong-key-value' },
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/Lever refused the console's credential.*Reconnect Lever/);
  });

  it('exits 2 when --oauth comes without a client id', async () => {
    const run = await runCliProcess(['--data-dir', dataDir(), 'connect', 'lever', '--oauth']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--oauth needs --client-id');
  });

  it('connects through OAuth: prints the URL, waits for Accept, stores the tokens encrypted', async () => {
    const dir = dataDir();
    const run = await runOAuth(
      [
        '--data-dir',
        dir,
        'connect',
        'lever',
        '--oauth',
        '--client-id',
        CLIENT.clientId,
        '--callback-url',
        'http://127.0.0.1:0/callback',
        '--base-url',
        sim.apiUrl,
      ],
      { LEVER_CLIENT_SECRET: CLIENT.clientSecret, KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE },
      'accept',
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('sign in to Lever as a Super Admin');
    expect(run.stdout).toContain('Lever is now connected to Kula.');
    expect(run.stdout).toMatch(/Account\s+Authorized by /);
    expect(run.stdout + run.stderr).not.toContain(CLIENT.clientSecret);
    const database = fs.readFileSync(path.join(dir, 'console.sqlite')).toString('latin1');
    expect(database).not.toContain(CLIENT.clientSecret);
  });

  it('ends a denial with a clear message and exit 1, storing nothing', async () => {
    const dir = dataDir();
    const run = await runOAuth(
      [
        '--data-dir',
        dir,
        'connect',
        'lever',
        '--oauth',
        '--client-id',
        CLIENT.clientId,
        '--callback-url',
        'http://127.0.0.1:0/callback',
        '--base-url',
        sim.apiUrl,
      ],
      { LEVER_CLIENT_SECRET: CLIENT.clientSecret, KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE },
      'deny',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Lever access was not granted');
    const status = await runCliProcess(['--data-dir', dir, 'status', '--json'], {
      KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE,
    });
    expect(JSON.parse(status.stdout).connections).toEqual([]);
  });

  it('reconnecting through OAuth with another --auth-url asks for the client secret again, sending nothing there', async () => {
    const dir = dataDir();
    const vault = { KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE };
    const first = await runOAuth(
      [
        '--data-dir',
        dir,
        '--json',
        'connect',
        'lever',
        '--oauth',
        '--client-id',
        CLIENT.clientId,
        '--callback-url',
        'http://127.0.0.1:0/callback',
        '--base-url',
        sim.apiUrl,
      ],
      { LEVER_CLIENT_SECRET: CLIENT.clientSecret, ...vault },
      'accept',
    );
    expect(first.code, first.stderr).toBe(0);
    const id = JSON.parse(first.stdout).connection.id as string;
    const hits: string[] = [];
    const other = http.createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const authUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      const again = await runCliProcess(
        [
          '--data-dir',
          dir,
          'connect',
          'lever',
          '--oauth',
          '--reconnect',
          id,
          '--auth-url',
          authUrl,
        ],
        vault,
      );
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(
        /stored client secret .* was saved for 127\.0\.0\.1:\d+, not 127\.0\.0\.1:\d+, so it is not sent there/,
      );
      expect(again.stderr).not.toContain('Open this address');
      expect(hits).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('refuses OAuth without a vault passphrase, before opening anything', async () => {
    const run = await runCliProcess(
      ['--data-dir', dataDir(), 'connect', 'lever', '--oauth', '--client-id', 'x'],
      { LEVER_CLIENT_SECRET: 'y' },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/OAuth tokens rotate.*Set \$KULA_VAULT_PASSPHRASE/);
  });

  it('lists the cached Lever users and chooses the one writes are attributed to, by email', async () => {
    const dir = dataDir();
    const connect = await runCliProcess(
      ['--data-dir', dir, '--json', 'connect', 'lever', '--base-url', sim.apiUrl],
      {
        LEVER_API_KEY: LEVER_FULL_ACCESS_KEY,
        KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE,
      },
    );
    const id = JSON.parse(connect.stdout).connection.id as string;
    const env = { KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE };
    const empty = await runCliProcess(['--data-dir', dir, 'connections', 'write-user', id], env);
    expect(empty.stdout).toContain('run a sync first');
    const core = openTestCore({ dataDir: dir });
    await core.core.context.sync.run(id, { trigger: 'initial-import' });
    core.core.close();
    const writer = sim.tenant.users.find((user) => user.deactivatedAt === null)!;
    const listed = await runCliProcess(['--data-dir', dir, 'connections', 'write-user', id], env);
    expect(listed.stdout).toContain(writer.email);
    const chosen = await runCliProcess(
      ['--data-dir', dir, 'connections', 'write-user', id, writer.email.toUpperCase()],
      env,
    );
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).toContain(`now made as ${writer.name}`);
    const unknown = await runCliProcess(
      ['--data-dir', dir, 'connections', 'write-user', id, 'nobody@example.org'],
      env,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No cached user');
  });
});
