import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../../../src/main/core/db/database';
import { appendLogLine } from '../../../../src/main/core/db/repos/sync-log';
import { queryLog } from '../../../../src/main/core/db/repos/sync-log-query';
import {
  deleteOldest,
  linesOverCap,
  logSize,
  pruneApiUsage,
} from '../../../../src/main/core/sync-log/retention';
import { catchUp } from '../../../../src/main/core/db/repos/sync-log-search';
import { makeTempDir } from '../../../support/temp-dir';
import { openTestCore } from '../../../support/core';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function freshDb(): DB {
  const temp = makeTempDir('kula-retention-');
  const db = openDatabase(path.join(temp.dir, 'console.sqlite'));
  cleanups.push(temp.cleanup, () => {
    db.close();
  });
  return db;
}

/** Lines shaped like real ones: short record lines, longer page and error lines. */
function fill(db: DB, count: number, from = 0): void {
  db.transaction(() => {
    for (let i = from; i < from + count; i++) {
      const long = i % 10 === 0;
      appendLogLine(db, {
        runId: Math.floor(i / 500),
        connectionId: 'ashby-1',
        at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
        level: long ? 'debug' : 'info',
        direction: 'pull',
        entity: 'candidates',
        entityId: `2d6f0c1e-${i.toString(16)}-4b2a-9c1d-${(i * 7919).toString(16)}`,
        rule: long ? 'pull-page-incremental' : 'pull-change',
        apiCall: 'POST /candidate.list',
        result: 'updated',
        requestId: `req_${(i * 2654435761) % 4294967296}`,
        message: long
          ? `Candidates: 100 records received (12 new or changed), incremental read; page ${i}.`
          : `Changed in Ashby; the cache was updated (line ${i}).`,
      });
    }
  })();
  while (catchUp(db, 5000) > 0) {
    // index all
  }
}

function measuredBytes(db: DB): number {
  return db
    .prepare("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'sync_log%'")
    .pluck()
    .get() as number;
}

describe('sync log retention', () => {
  it('estimates the log’s size within 20% of what SQLite measures (table, indexes, search index)', () => {
    const db = freshDb();
    fill(db, 20_000);
    const size = logSize(db, 1);
    expect(size.lines).toBe(20_000);
    const measured = measuredBytes(db);
    expect(Math.abs(size.estimatedBytes - measured) / measured).toBeLessThan(0.2);
  });

  it('deletes the oldest lines, and their search entries, until the log is at 90% of its cap', () => {
    const db = freshDb();
    fill(db, 20_000);
    const capBytes = Math.round(logSize(db, 0).estimatedBytes / 2);
    let remaining = linesOverCap(db, capBytes);
    expect(remaining).toBeGreaterThan(10_000);
    while (remaining > 0) remaining -= deleteOldest(db, Math.min(3000, remaining));
    const after = logSize(db, capBytes);
    expect(after.estimatedBytes).toBeLessThanOrEqual(capBytes * 0.9 + 1000);
    expect(after.estimatedBytes).toBeGreaterThan(capBytes * 0.8);
    expect(linesOverCap(db, capBytes)).toBe(0);
    // Oldest first: what is left is the newest lines, without a hole.
    const oldest = db.prepare('SELECT min(id) FROM sync_log').pluck().get() as number;
    expect(db.prepare('SELECT max(id) FROM sync_log').pluck().get()).toBe(20_000);
    expect(after.lines).toBe(20_000 - oldest + 1);
    // The search index forgot the deleted lines (no entry points at a missing line).
    const indexed = db.prepare('SELECT count(*) FROM sync_log_fts').pluck().get() as number;
    expect(indexed).toBe(after.lines);
    expect(queryLog(db, { search: 'cache' }, undefined, 1_000_000).lines.length).toBe(
      db.prepare("SELECT count(*) FROM sync_log WHERE rule = 'pull-change'").pluck().get(),
    );
    // Space is reused: new lines fill the freed pages before the file grows.
    const pagesBefore = db.pragma('page_count', { simple: true }) as number;
    fill(db, 2000, 20_000);
    expect(db.pragma('page_count', { simple: true })).toBe(pagesBefore);
  });

  it('runs in the background of a core: trims after the admin lowers the cap, and prunes old API usage', async () => {
    const test = openTestCore();
    cleanups.push(test.cleanup);
    const { context } = test.core;
    fill(context.db, 40_000);
    const before = logSize(context.db, 0);
    expect(before.estimatedBytes).toBeGreaterThan(10 * 1024 * 1024);
    context.settings.update({ logRetentionMb: 10 });
    await context.logMaintenance.runNow();
    const after = logSize(context.db, 10 * 1024 * 1024);
    expect(after.estimatedBytes).toBeLessThanOrEqual(0.9 * 10 * 1024 * 1024 + 1000);
    expect(after.lines).toBeLessThan(before.lines);
    expect(pruneApiUsage(context.db, Date.now())).toBe(0);
  });
});
