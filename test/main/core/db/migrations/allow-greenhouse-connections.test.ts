import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../src/main/core/db/migrate';
import { MIGRATIONS } from '../../../../../src/main/core/db/migrations';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 640);

function seeded(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, BEFORE);
  db.prepare(
    `INSERT INTO connections (id, provider, label, base_url, auth_mode, created_at, updated_at, check_json)
     VALUES ('c1', 'ashby', 'Ashby', 'https://api.ashbyhq.com', 'api_key', 't', 't', '{"x":1}')`,
  ).run();
  db.prepare(
    "INSERT INTO credentials (connection_id, scheme, ciphertext, updated_at) VALUES ('c1', 's', x'00', 't')",
  ).run();
  return db;
}

describe('migration 0640: Greenhouse connections', () => {
  it('keeps every connection, its later columns and the rows that reference it', () => {
    const db = seeded();
    migrate(db, MIGRATIONS);
    expect(db.prepare('SELECT id, provider, check_json FROM connections').all()).toEqual([
      { id: 'c1', provider: 'ashby', check_json: '{"x":1}' },
    ]);
    expect(db.prepare('SELECT connection_id FROM credentials').all()).toEqual([
      { connection_id: 'c1' },
    ]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('accepts a Greenhouse connection and still refuses an unknown ATS', () => {
    const db = seeded();
    migrate(db, MIGRATIONS);
    const insert = (id: string, provider: string) =>
      db
        .prepare(
          `INSERT INTO connections (id, provider, label, base_url, auth_mode, created_at, updated_at)
           VALUES (?, ?, 'x', 'https://x', 'api_key', 't', 't')`,
        )
        .run(id, provider);
    expect(() => insert('g1', 'greenhouse')).not.toThrow();
    expect(() => insert('w1', 'workday')).toThrow(/CHECK/);
  });

  it('removing a connection still removes what belongs to it', () => {
    const db = seeded();
    migrate(db, MIGRATIONS);
    db.prepare("DELETE FROM connections WHERE id = 'c1'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM credentials').get()).toEqual({ n: 0 });
  });
});
