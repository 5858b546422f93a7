import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  deferIndexesIfEmpty,
  hasKeyIndex,
  restoreAllIndexes,
  restoreIndexes,
} from '../../../../src/main/core/db/cache-indexes';
import { openDatabase, type DB } from '../../../../src/main/core/db/database';
import { deleteRecords, upsertBatch } from '../../../../src/main/core/db/repos/ats-cache';
import type { AtsCandidateRecord } from '../../../../src/main/core/providers/records';
import { addConnection } from '../../../support/ats-cache';
import { makeTempDir } from '../../../support/temp-dir';

const temps: Array<() => void> = [];
afterEach(() => temps.splice(0).forEach((cleanup) => cleanup()));

function open(): DB {
  const temp = makeTempDir('kula-cache-indexes-');
  temps.push(temp.cleanup);
  const db = openDatabase(path.join(temp.dir, 'console.sqlite'));
  temps.unshift(() => db.close());
  return db;
}

function candidate(remoteId: string, name: string): AtsCandidateRecord {
  return {
    remoteId,
    name,
    primaryEmail: `${remoteId}@example.com`,
    emails: [`${remoteId}@example.com`],
    phones: [],
    links: [],
    profileUrl: null,
    createdAt: null,
    updatedAt: null,
  };
}

function indexesOf(db: DB, table: string): string[] {
  return (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name",
      )
      .all(table) as Array<{ name: string }>
  ).map((row) => row.name);
}

function rows(db: DB): Array<{ remote_id: string; name: string; seen_pass: number | null }> {
  return db
    .prepare('SELECT remote_id, name, seen_pass FROM ats_candidates ORDER BY remote_id')
    .all() as Array<{ remote_id: string; name: string; seen_pass: number | null }>;
}

describe('cache indexes during a first import', () => {
  it('drops every index of an empty table, the unique key included, and restores them all', () => {
    const db = open();
    const before = indexesOf(db, 'ats_candidates');
    expect(before).toContain('ats_candidates_key');

    expect(deferIndexesIfEmpty(db, 'candidates')).toBe(true);
    expect(indexesOf(db, 'ats_candidates')).toEqual([]);
    expect(hasKeyIndex(db, 'candidates')).toBe(false);

    expect(restoreIndexes(db, 'candidates')).toBe(0);
    expect(indexesOf(db, 'ats_candidates')).toEqual(before);
  });

  it('keeps the indexes of a table that already has rows', () => {
    const db = open();
    const connectionId = addConnection(db, 'ashby');
    upsertBatch(db, connectionId, { candidates: [candidate('c-1', 'Ada')] }, 1);
    expect(deferIndexesIfEmpty(db, 'candidates')).toBe(false);
    expect(hasKeyIndex(db, 'candidates')).toBe(true);
  });

  it('appends a full pass without the key and keeps the latest copy of a record sent twice', () => {
    const db = open();
    const connectionId = addConnection(db, 'ashby');
    deferIndexesIfEmpty(db, 'candidates');

    const first = upsertBatch(
      db,
      connectionId,
      { candidates: [candidate('c-1', 'Ada Old'), candidate('c-2', 'Grace')] },
      7,
    );
    const second = upsertBatch(
      db,
      connectionId,
      { candidates: [candidate('c-1', 'Ada New'), candidate('c-3', 'Alan')] },
      7,
    );
    expect(first.changed + second.changed).toBe(4);
    expect(rows(db)).toHaveLength(4);

    expect(restoreIndexes(db, 'candidates')).toBe(1);
    expect(rows(db)).toEqual([
      { remote_id: 'c-1', name: 'Ada New', seen_pass: 7 },
      { remote_id: 'c-2', name: 'Grace', seen_pass: 7 },
      { remote_id: 'c-3', name: 'Alan', seen_pass: 7 },
    ]);
    expect(hasKeyIndex(db, 'candidates')).toBe(true);
    // Upserts work again once the key is back.
    upsertBatch(db, connectionId, { candidates: [candidate('c-2', 'Grace Hopper')] }, null);
    expect(rows(db).find((row) => row.remote_id === 'c-2')?.name).toBe('Grace Hopper');
  });

  it('the same record id under two connections is not a copy', () => {
    const db = open();
    const ashby = addConnection(db, 'ashby');
    const lever = addConnection(db, 'lever');
    deferIndexesIfEmpty(db, 'candidates');
    upsertBatch(db, ashby, { candidates: [candidate('c-1', 'Ada')] }, 1);
    upsertBatch(db, lever, { candidates: [candidate('c-1', 'Ada')] }, 1);
    expect(restoreIndexes(db, 'candidates')).toBe(0);
    expect(rows(db)).toHaveLength(2);
  });

  it('a write that is not a full pass restores the key first and upserts', () => {
    const db = open();
    const connectionId = addConnection(db, 'ashby');
    deferIndexesIfEmpty(db, 'candidates');
    upsertBatch(db, connectionId, { candidates: [candidate('c-1', 'Ada')] }, 3);
    upsertBatch(db, connectionId, { candidates: [candidate('c-1', 'Ada')] }, 3);

    // Write-back caching what it created (no pass).
    const outcome = upsertBatch(
      db,
      connectionId,
      { candidates: [candidate('c-1', 'Ada Lovelace')] },
      null,
    );
    expect(outcome).toEqual({ changed: 1, unchanged: 0 });
    expect(hasKeyIndex(db, 'candidates')).toBe(true);
    expect(rows(db)).toEqual([{ remote_id: 'c-1', name: 'Ada Lovelace', seen_pass: 3 }]);
  });

  it('deletions restore the key first and remove every copy', () => {
    const db = open();
    const connectionId = addConnection(db, 'ashby');
    deferIndexesIfEmpty(db, 'candidates');
    upsertBatch(
      db,
      connectionId,
      { candidates: [candidate('c-1', 'Ada'), candidate('c-1', 'Ada'), candidate('c-2', 'Bo')] },
      1,
    );
    expect(deleteRecords(db, connectionId, 'candidates', ['c-1'])).toBe(1);
    expect(hasKeyIndex(db, 'candidates')).toBe(true);
    expect(rows(db).map((row) => row.remote_id)).toEqual(['c-2']);
  });

  it('start-up after a crash mid-import leaves the tables deduplicated with all their indexes', () => {
    const db = open();
    const connectionId = addConnection(db, 'ashby');
    const expected = indexesOf(db, 'ats_candidates');
    deferIndexesIfEmpty(db, 'candidates');
    deferIndexesIfEmpty(db, 'applications');
    upsertBatch(
      db,
      connectionId,
      { candidates: [candidate('c-1', 'Ada'), candidate('c-1', 'Ada L.')] },
      2,
    );

    restoreAllIndexes(db);
    expect(indexesOf(db, 'ats_candidates')).toEqual(expected);
    expect(hasKeyIndex(db, 'applications')).toBe(true);
    expect(rows(db)).toEqual([{ remote_id: 'c-1', name: 'Ada L.', seen_pass: 2 }]);
  });
});
