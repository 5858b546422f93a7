import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { assertRegistry, migrate } from '../../../../src/main/core/db/migrate';
import { MIGRATIONS } from '../../../../src/main/core/db/migrations';

function tables(db: Database.Database): string[] {
  return (
    db
      .prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name")
      .all() as Array<{
      name: string;
    }>
  ).map((row) => row.name);
}

describe('db/migrations', () => {
  it('are registered in strictly increasing multiples of 10', () => {
    expect(() => assertRegistry(MIGRATIONS)).not.toThrow();
    for (const migration of MIGRATIONS) expect(migration.version % 10).toBe(0);
  });

  it.each(
    MIGRATIONS.map((migration, index) => [migration.version, migration.name, index] as const),
  )(
    'migration %i (%s) applies on the schema of the version before it',
    (_version, _name, index) => {
      const db = new Database(':memory:');
      db.pragma('foreign_keys = ON');
      migrate(db, MIGRATIONS.slice(0, index));
      const before = tables(db);
      migrate(db, MIGRATIONS.slice(0, index + 1));
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[index]?.version);
      expect(tables(db).length).toBeGreaterThanOrEqual(before.length);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    },
  );

  it('is a no-op on a database that is already current', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS);
    const schema = db.prepare('SELECT sql FROM sqlite_master ORDER BY name').all();
    migrate(db, MIGRATIONS);
    expect(db.prepare('SELECT sql FROM sqlite_master ORDER BY name').all()).toEqual(schema);
  });

  it('leaves the old schema intact when a migration fails half-way', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 1));
    const broken = [
      ...MIGRATIONS.slice(0, 1),
      {
        version: 9990,
        name: 'broken',
        up: (target: Database.Database) => {
          target.exec('CREATE TABLE half_done (id INTEGER)');
          throw new Error('boom');
        },
      },
    ];
    expect(() => migrate(db, broken)).toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[0]?.version);
    expect(tables(db)).not.toContain('half_done');
  });
});
