import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAshbySimulator, type AshbySimulator } from '../../simulators/ashby/server';
import {
  LEVER_FULL_ACCESS_KEY,
  startLeverSimulator,
  type LeverSimulator,
} from '../../simulators/lever/server';
import { runCliProcess } from '../../support/cli';
import { TEST_PASSPHRASE } from '../../support/core';
import { makeTempDir } from '../../support/temp-dir';

/**
 * The vault passphrase through the real CLI: a mistyped one is told apart and pauses nothing, a
 * key the desktop app stored is said to be the app's, a second connect under another passphrase is
 * refused, a stale "needs reconnect" is lifted by the right passphrase, and a connection whose key
 * is gone is reconnected from the command line (`connect … --reconnect C`).
 */
let ashby: AshbySimulator;
let lever: LeverSimulator;
const temps: Array<() => void> = [];
const right = { KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE };
const wrong = { KULA_VAULT_PASSPHRASE: 'a-mistyped-passphrase' };

beforeAll(async () => {
  ashby = await startAshbySimulator({ tenant: { candidates: 30, applications: 40 } });
  lever = await startLeverSimulator({
    tenant: { opportunities: 10 },
    rateLimit: { enabled: false },
  });
});
afterAll(async () => {
  await ashby?.close();
  await lever?.close();
});
afterEach(() => temps.splice(0).forEach((cleanup) => cleanup()));

async function connected(): Promise<{ dir: string; id: string }> {
  const temp = makeTempDir('kula-cli-vault-');
  temps.push(temp.cleanup);
  const run = await runCliProcess(
    ['--data-dir', temp.dir, '--json', 'connect', 'ashby', '--base-url', ashby.url],
    { ...right, ASHBY_API_KEY: ashby.keys.full },
  );
  expect(run.code, run.stderr).toBe(0);
  return { dir: temp.dir, id: JSON.parse(run.stdout).connection.id };
}

async function statusOf(dir: string): Promise<string> {
  const run = await runCliProcess(['--data-dir', dir, 'status', '--json']);
  return JSON.parse(run.stdout).connections[0].status;
}

function sql(dir: string, statement: string, ...params: unknown[]): void {
  const db = new Database(path.join(dir, 'console.sqlite'));
  try {
    db.prepare(statement).run(...params);
  } finally {
    db.close();
  }
}

describe('kula-console and the vault passphrase', { timeout: 180_000 }, () => {
  it('a mistyped passphrase: the sync says so and pauses nothing; the right one then syncs', async () => {
    const { dir, id } = await connected();
    const mistyped = await runCliProcess(['--data-dir', dir, 'sync', id], wrong);
    expect(mistyped.code).toBe(1);
    expect(mistyped.stderr).toContain(
      'The vault passphrase does not open the credentials stored in this data folder',
    );
    expect(mistyped.stderr).toContain('Set $KULA_VAULT_PASSPHRASE to the passphrase');
    expect(await statusOf(dir)).toBe('connected');
    const good = await runCliProcess(['--data-dir', dir, 'sync', id], right);
    expect(good.code, good.stderr).toBe(0);
  });

  it('a second connect under another passphrase is refused, storing nothing', async () => {
    const { dir } = await connected();
    const second = await runCliProcess(
      ['--data-dir', dir, 'connect', 'lever', '--base-url', lever.apiUrl],
      { ...wrong, LEVER_API_KEY: LEVER_FULL_ACCESS_KEY },
    );
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(
      /The vault passphrase is not the one the other credentials in this data folder were stored with, so nothing was saved/,
    );
    const list = JSON.parse(
      (await runCliProcess(['--data-dir', dir, 'connections', 'list', '--json'])).stdout,
    );
    expect(list.connections).toHaveLength(1);
  });

  it("a key the desktop app stored: named as the app's, nothing marked", async () => {
    const { dir, id } = await connected();
    sql(dir, "UPDATE credentials SET scheme = 'safestorage-v1:gnome_libsecret'");
    const run = await runCliProcess(['--data-dir', dir, 'sync', id], right);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('was saved by the desktop app (system keyring)');
    expect(run.stderr).toContain(
      'Sync it from the desktop app, or pass the key for this run in $ASHBY_API_KEY',
    );
    expect(await statusOf(dir)).toBe('connected');
  });

  it('a "needs reconnect" mark the right passphrase disproves is lifted, and the sync runs', async () => {
    const { dir, id } = await connected();
    sql(dir, "UPDATE connections SET status = 'needs_reconnect'");
    const run = await runCliProcess(['--data-dir', dir, 'sync', id], right);
    expect(run.code, run.stderr).toBe(0);
    expect(await statusOf(dir)).toBe('connected');
  });

  it('a damaged key: the CLI names its own reconnect command, and `connect --reconnect` brings it back', async () => {
    const { dir, id } = await connected();
    sql(dir, "UPDATE credentials SET ciphertext = X'4B50563200ff00ff00ff'");
    const broken = await runCliProcess(['--data-dir', dir, 'sync', id], right);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`kula-console connect ashby --reconnect ${id}`);
    expect(broken.stderr).not.toContain('Connections page');
    expect(await statusOf(dir)).toBe('needs_reconnect');

    const again = await runCliProcess(
      ['--data-dir', dir, 'connect', 'ashby', '--base-url', ashby.url],
      { ...right, ASHBY_API_KEY: ashby.keys.full },
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      `To use a new key, reconnect it: \`kula-console connect ashby --reconnect ${id}\``,
    );

    const keyFile = path.join(dir, 'ashby.key');
    fs.writeFileSync(keyFile, `${ashby.keys.full}\n`, { mode: 0o600 });
    const reconnect = await runCliProcess(
      ['--data-dir', dir, 'connect', 'ashby', '--reconnect', id, '--api-key-file', keyFile],
      right,
    );
    expect(reconnect.code, reconnect.stderr).toBe(0);
    expect(reconnect.stdout).toContain('is checked and stored');
    expect(await statusOf(dir)).toBe('connected');
    const sync = await runCliProcess(['--data-dir', dir, 'sync', id], right);
    expect(sync.code, sync.stderr).toBe(0);
  });

  it('a connection pointed at another host in the database sends the key nowhere', async () => {
    const { dir, id } = await connected();
    sql(dir, "UPDATE connections SET base_url = 'http://attacker.example/api'");
    const stored = await runCliProcess(['--data-dir', dir, 'sync', id], right);
    expect(stored.code).toBe(1);
    // The stored key is bound to the host it was saved for, so it no longer opens.
    expect(stored.stderr).toMatch(/API host was changed after it was stored/);
    const perRun = await runCliProcess(['--data-dir', dir, 'sync', id], {
      ASHBY_API_KEY: ashby.keys.full,
    });
    expect(perRun.code).toBe(1);
    // A key given for one run has only the host check to protect it.
    expect(perRun.stderr).toMatch(/is not one the console would have saved .* so no key was sent/);
  });
});
