import type Database from 'better-sqlite3';
import { crashPoint } from '../crash-points';
import { ConsoleError } from '../errors';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/**
 * Applies every migration newer than `PRAGMA user_version`, all in one IMMEDIATE transaction: a
 * crash mid-way leaves the old schema, never a mix. Versions step by 10 so a hotfix can slot in.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): number {
  assertRegistry(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const current = assertNotNewer(db, migrations);
  const pending = migrations.filter((migration) => migration.version > current);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const migration of pending) {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
      crashPoint('migrate:step');
    }
  }).immediate();
  return latest;
}

/** The database's schema version; refuses one written by a newer version of the console. */
export function assertNotNewer(db: Database.Database, migrations: readonly Migration[]): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new ConsoleError(
      'CONFLICT',
      `This data folder was written by a newer version of Kula ATS Console (data version ${current}; this version understands up to ${latest}).`,
      'Install the newer version of the console, or choose another data folder.',
    );
  }
  return current;
}

export function assertRegistry(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const migration of migrations) {
    if (!Number.isInteger(migration.version) || migration.version <= previous) {
      throw new Error(
        `Migration registry out of order at ${migration.version} (${migration.name}); versions must increase.`,
      );
    }
    previous = migration.version;
  }
}
