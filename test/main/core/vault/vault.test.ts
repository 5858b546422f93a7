import { afterEach, describe, expect, it } from 'vitest';
import { insertConnection } from '../../../../src/main/core/db/repos/connections';
import { ConsoleError } from '../../../../src/main/core/errors';
import { Redactor } from '../../../../src/main/core/logging/redactor';
import { UnavailableCipher } from '../../../../src/main/core/vault/cipher';
import { PassphraseCipher } from '../../../../src/main/core/vault/passphrase-cipher';
import { Vault } from '../../../../src/main/core/vault/vault';
import { openTestCore } from '../../../support/core';
import { filesContaining } from '../../../support/temp-dir';

const SECRET = 'ashby-live-key-0f3c9a7e5b1d4c2a8e6f';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function setup() {
  const test = openTestCore();
  cleanups.push(test.cleanup);
  insertConnection(test.core.context.db, {
    id: 'conn-1',
    provider: 'ashby',
    label: 'Ashby',
    baseUrl: 'https://api.ashbyhq.com',
    authMode: 'api_key',
    now: new Date().toISOString(),
  });
  return test;
}

describe('Vault', () => {
  it('round-trips a stored secret', () => {
    const { core } = setup();
    core.context.vault.store(
      'conn-1',
      { kind: 'api_key', apiKey: SECRET },
      new Date().toISOString(),
    );
    expect(core.context.vault.load('conn-1')).toEqual({ kind: 'api_key', apiKey: SECRET });
  });

  it('leaves no file under the data dir containing the secret', () => {
    const { core, dataDir } = setup();
    core.context.vault.store(
      'conn-1',
      { kind: 'api_key', apiKey: SECRET },
      new Date().toISOString(),
    );
    core.context.log.info(`stored key ${SECRET}`);
    core.context.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(filesContaining(dataDir, SECRET)).toEqual([]);
  });

  it('treats a credential written by another cipher as needing reconnection', () => {
    const { core } = setup();
    core.context.vault.store(
      'conn-1',
      { kind: 'api_key', apiKey: SECRET },
      new Date().toISOString(),
    );
    const other = new Vault({
      db: core.context.db,
      cipher: new PassphraseCipher('a-different-passphrase'),
      redactor: new Redactor(),
    });
    expect(() => other.load('conn-1')).toThrow(ConsoleError);
    try {
      other.load('conn-1');
    } catch (error) {
      expect((error as ConsoleError).code).toBe('NEEDS_REAUTH');
      expect((error as ConsoleError).message).not.toContain(SECRET);
    }
  });

  it('treats a corrupted ciphertext as needing reconnection and keeps the connection', () => {
    const { core } = setup();
    core.context.vault.store(
      'conn-1',
      { kind: 'api_key', apiKey: SECRET },
      new Date().toISOString(),
    );
    core.context.db.prepare("UPDATE credentials SET ciphertext = X'4B50563100ff00ff'").run();
    expect(() => core.context.vault.load('conn-1')).toThrow(/could not be decrypted/);
    expect(core.context.db.prepare('SELECT count(*) AS n FROM connections').get()).toEqual({
      n: 1,
    });
  });

  it('refuses to store when no safe cipher is available, saying what to do', () => {
    const { core } = setup();
    const vault = new Vault({
      db: core.context.db,
      cipher: new UnavailableCipher('Set the passphrase first.'),
      redactor: new Redactor(),
    });
    expect(() => vault.store('conn-1', { kind: 'api_key', apiKey: SECRET }, '2026-01-01')).toThrow(
      expect.objectContaining({ code: 'VAULT_UNAVAILABLE', action: 'Set the passphrase first.' }),
    );
    expect(vault.has('conn-1')).toBe(false);
  });

  it('registers every loaded secret with the redactor', () => {
    const { core } = setup();
    core.context.vault.store(
      'conn-1',
      { kind: 'api_key', apiKey: SECRET },
      new Date().toISOString(),
    );
    expect(core.context.redactor.text(`error for key ${SECRET}`)).toBe('error for key [redacted]');
  });
});
