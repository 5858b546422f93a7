import { afterEach, describe, expect, it } from 'vitest';
import { insertConnection } from '../../../../src/main/core/db/repos/connections';
import { Redactor } from '../../../../src/main/core/logging/redactor';
import { PassphraseCipher } from '../../../../src/main/core/vault/passphrase-cipher';
import { UnreadableCredentialError, Vault } from '../../../../src/main/core/vault/vault';
import type { DB } from '../../../../src/main/core/db/database';
import { openTestCore, TEST_PASSPHRASE } from '../../../support/core';
import { FORMAT_1_KEY, FORMAT_1_SHORT_PASSPHRASE, FORMAT_1_TEST_PASSPHRASE } from './format-1';

/**
 * The vault knows its key: a check value tells a mistyped passphrase from a damaged credential and
 * from one the other host stored; it never stores a credential under a second passphrase; and each
 * credential is bound to its connection's id, provider and API host.
 */
const KEY = FORMAT_1_KEY;
const NOW = '2026-01-05T10:00:00.000Z';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function setup() {
  const test = openTestCore();
  cleanups.push(test.cleanup);
  const { db } = test.core.context;
  for (const id of ['conn-1', 'conn-2']) {
    insertConnection(db, {
      id,
      provider: 'ashby',
      label: id,
      baseUrl: `https://${id}.example.com`,
      authMode: 'api_key',
      now: NOW,
    });
  }
  return { db, vault: test.core.context.vault };
}

function vaultWith(db: DB, passphrase: string): Vault {
  return new Vault({ db, cipher: new PassphraseCipher(passphrase), redactor: new Redactor() });
}

function failure(run: () => unknown): UnreadableCredentialError {
  try {
    run();
  } catch (error) {
    if (error instanceof UnreadableCredentialError) return error;
    throw error;
  }
  throw new Error('it did not fail');
}

describe('the vault tells why a credential does not open', () => {
  it('a mistyped passphrase: wrong key, pausing nothing, without blaming the credential', () => {
    const { db, vault } = setup();
    vault.store('conn-1', { kind: 'api_key', apiKey: KEY }, NOW);
    const error = failure(() => vaultWith(db, 'a-mistyped-passphrase').load('conn-1'));
    expect(error).toMatchObject({ reason: 'wrong-key', pausesConnection: false });
    expect(error.message).toMatch(/passphrase does not open/);
    expect(error.message).not.toContain(KEY);
  });

  it('a damaged credential under the right passphrase: damaged, and the connection pauses', () => {
    const { db, vault } = setup();
    vault.store('conn-1', { kind: 'api_key', apiKey: KEY }, NOW);
    const blob = db.prepare('SELECT ciphertext FROM credentials').pluck().get() as Buffer;
    blob.writeUInt8(blob.readUInt8(blob.length - 3) ^ 0x55, blob.length - 3);
    db.prepare('UPDATE credentials SET ciphertext = ?').run(blob);
    const error = failure(() => vaultWith(db, TEST_PASSPHRASE).load('conn-1'));
    expect(error).toMatchObject({ reason: 'damaged', pausesConnection: true });
  });

  it('a credential the desktop app stored: another host, pausing nothing', () => {
    const { db, vault } = setup();
    vault.store('conn-1', { kind: 'api_key', apiKey: KEY }, NOW);
    db.prepare("UPDATE credentials SET scheme = 'safestorage-v1:gnome_libsecret'").run();
    const error = failure(() => vault.load('conn-1'));
    expect(error).toMatchObject({ reason: 'other-host', pausesConnection: false });
    expect(error.message).toMatch(/desktop app/);
  });

  it('a data folder from before the check value: the first credential that opens records it', () => {
    const { db, vault } = setup();
    vault.store('conn-1', { kind: 'api_key', apiKey: KEY }, NOW);
    db.prepare("DELETE FROM app_meta WHERE key LIKE 'vault_check:%'").run();
    expect(vaultWith(db, TEST_PASSPHRASE).load('conn-1')).toEqual({
      kind: 'api_key',
      apiKey: KEY,
    });
    expect(
      db.prepare("SELECT count(*) FROM app_meta WHERE key LIKE 'vault_check:%'").pluck().get(),
    ).toBe(1);
    expect(failure(() => vaultWith(db, 'a-mistyped-passphrase').load('conn-1')).reason).toBe(
      'wrong-key',
    );
  });
});

describe('the vault keeps one passphrase', () => {
  it('refuses to store a second credential under another passphrase, and stores nothing', () => {
    const { db, vault } = setup();
    vault.store('conn-1', { kind: 'api_key', apiKey: KEY }, NOW);
    expect(() =>
      vaultWith(db, 'a-mistyped-passphrase').store(
        'conn-2',
        { kind: 'api_key', apiKey: `${KEY}-2` },
        NOW,
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'VAULT_UNAVAILABLE',
        message: expect.stringMatching(/not the one the other credentials .* were stored with/),
      }),
    );
    expect(vault.has('conn-2')).toBe(false);
  });

  it('lets the only connection start over with a new, strong passphrase', () => {
    const { db, vault } = setup();
    vault.store('conn-1', { kind: 'api_key', apiKey: KEY }, NOW);
    const fresh = vaultWith(db, 'a brand new vault passphrase');
    fresh.store('conn-1', { kind: 'api_key', apiKey: `${KEY}-new` }, NOW);
    expect(fresh.load('conn-1')).toEqual({ kind: 'api_key', apiKey: `${KEY}-new` });
  });

  it('refuses a weak passphrase for a new vault, but opens an existing vault with one', () => {
    const { db } = setup();
    expect(() =>
      vaultWith(db, 'aaaaaaaaaaaa').store('conn-1', { kind: 'api_key', apiKey: KEY }, NOW),
    ).toThrow(expect.objectContaining({ message: expect.stringMatching(/easy to guess/) }));
    // A vault set up by an older version with an 8-character passphrase still opens.
    db.prepare(
      "INSERT INTO credentials (connection_id, scheme, ciphertext, updated_at) VALUES ('conn-1', 'passphrase-v1', ?, ?)",
    ).run(FORMAT_1_SHORT_PASSPHRASE, NOW);
    expect(vaultWith(db, 'pass8chr').load('conn-1')).toEqual({ kind: 'api_key', apiKey: KEY });
  });
});

describe('a credential is bound to its connection', () => {
  it('does not open once its connection points at another host, and says so', () => {
    const { db, vault } = setup();
    vault.store('conn-1', { kind: 'api_key', apiKey: KEY }, NOW);
    db.prepare(
      "UPDATE connections SET base_url = 'https://attacker.example' WHERE id = 'conn-1'",
    ).run();
    const error = failure(() => vaultWith(db, TEST_PASSPHRASE).load('conn-1'));
    expect(error.reason).toBe('damaged');
    expect(error.message).toMatch(/API host was changed/);
  });

  it('does not open when moved to another connection', () => {
    const { db, vault } = setup();
    vault.store('conn-1', { kind: 'api_key', apiKey: KEY }, NOW);
    db.prepare(
      "INSERT INTO credentials (connection_id, scheme, ciphertext, updated_at) SELECT 'conn-2', scheme, ciphertext, updated_at FROM credentials",
    ).run();
    expect(failure(() => vault.load('conn-2')).reason).toBe('damaged');
    expect(vault.load('conn-1')).toEqual({ kind: 'api_key', apiKey: KEY });
  });

  it('binds a credential stored before binding the first time it opens', () => {
    const { db } = setup();
    db.prepare(
      "INSERT INTO credentials (connection_id, scheme, ciphertext, updated_at) VALUES ('conn-1', 'passphrase-v1', ?, ?)",
    ).run(FORMAT_1_TEST_PASSPHRASE, NOW);
    const vault = vaultWith(db, TEST_PASSPHRASE);
    expect(vault.load('conn-1')).toEqual({ kind: 'api_key', apiKey: KEY });
    const rebound = db.prepare('SELECT ciphertext FROM credentials').pluck().get() as Buffer;
    expect(rebound.subarray(0, 4).toString()).toBe('KPV2');
    db.prepare(
      "UPDATE connections SET base_url = 'https://attacker.example' WHERE id = 'conn-1'",
    ).run();
    expect(failure(() => vaultWith(db, TEST_PASSPHRASE).load('conn-1')).reason).toBe('damaged');
  });
});
