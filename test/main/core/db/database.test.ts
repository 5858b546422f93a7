import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src/main/core/db/database';
import { MIGRATIONS } from '../../../../src/main/core/db/migrations';
import { ConsoleError } from '../../../../src/main/core/errors';
import { makeTempDir } from '../../../support/temp-dir';

const temps: Array<() => void> = [];
afterEach(() => temps.splice(0).forEach((cleanup) => cleanup()));

function tempFile(): string {
  const temp = makeTempDir('kula-db-');
  temps.push(temp.cleanup);
  return path.join(temp.dir, 'console.sqlite');
}

describe('openDatabase', () => {
  it('opens in WAL mode with foreign keys and a busy timeout, migrated to the latest version', () => {
    const db = openDatabase(tempFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    db.close();
  });

  it('refuses a database written by a newer version with a message that says what to do', () => {
    const file = tempFile();
    const future = new Database(file);
    future.pragma('user_version = 999999');
    future.close();
    let caught: unknown;
    try {
      openDatabase(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConsoleError);
    expect((caught as ConsoleError).message).toMatch(/newer version/);
    expect((caught as ConsoleError).action).toMatch(/Install the newer version/);
    // The refused file is left untouched.
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(999999);
    check.close();
  });

  it('creates the database file readable by its owner only', () => {
    const file = tempFile();
    openDatabase(file).close();
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o077).toBe(0);
  });
});
