import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../../../../src/main/core/db/database';
import { upsertBatch } from '../../../../../src/main/core/db/repos/ats-cache';
import { listCandidates } from '../../../../../src/main/core/db/repos/ats-read';
import type { AtsCandidateRecord } from '../../../../../src/main/core/providers/records';
import { addConnection } from '../../../../support/ats-cache';
import { makeTempDir } from '../../../../support/temp-dir';

const temps: Array<() => void> = [];
afterEach(() => temps.splice(0).forEach((cleanup) => cleanup()));

function candidate(remoteId: string, name: string, email: string | null): AtsCandidateRecord {
  return {
    remoteId,
    name,
    primaryEmail: email,
    emails: email ? [email] : [],
    phones: [],
    links: [],
    profileUrl: null,
    createdAt: null,
    updatedAt: null,
  };
}

/** Two connections' caches; names repeat (and differ in case) so ties and collation matter. */
function cache(): { db: DB; connectionId: string } {
  const temp = makeTempDir('kula-ats-read-');
  temps.push(temp.cleanup);
  const db = openDatabase(path.join(temp.dir, 'console.sqlite'));
  temps.unshift(() => db.close());
  const connectionId = addConnection(db, 'ashby');
  const other = addConnection(db, 'lever');
  const names = [
    'ada Lovelace',
    'Ada Lovelace',
    'Grace Hopper',
    'alan turing',
    'Zoë Kim',
    'Ada Lovelace',
  ];
  const records = Array.from({ length: 60 }, (_, i) =>
    candidate(
      `c-${String(59 - i).padStart(2, '0')}`,
      names[i % names.length]!,
      i % 7 === 0 ? null : `person${i}@example.com`,
    ),
  );
  records.push(candidate('c-pct', 'Percent 100% Sure', 'under_score@example.com'));
  upsertBatch(db, connectionId, { candidates: records }, null);
  upsertBatch(
    db,
    other,
    { candidates: [candidate('x-1', 'Ada Other', 'ada@other.example')] },
    null,
  );
  return { db, connectionId };
}

function allPages(db: DB, connectionId: string, sort: 'name' | '-name', search?: string) {
  const seen: Array<{ id: string; name: string }> = [];
  let total = -1;
  for (let offset = 0; ; offset += 7) {
    const page = listCandidates(db, connectionId, { offset, limit: 7, sort, search });
    total = page.total;
    seen.push(...page.rows.map((row) => ({ id: row.id, name: row.name })));
    if (page.rows.length < 7) break;
  }
  return { seen, total };
}

describe('candidates page from the cache', () => {
  it('pages through every candidate of the connection once, in name order regardless of case', () => {
    const { db, connectionId } = cache();
    const { seen, total } = allPages(db, connectionId, 'name');
    expect(total).toBe(61);
    expect(seen).toHaveLength(61);
    expect(new Set(seen.map((row) => row.id)).size).toBe(61);
    const keys = seen.map((row) => row.name.toLowerCase());
    expect(keys).toEqual([...keys].sort());
    expect(seen.some((row) => row.id === 'x-1')).toBe(false);
  });

  it('pages the reverse order as the exact reverse, ties included', () => {
    const { db, connectionId } = cache();
    const forward = allPages(db, connectionId, 'name').seen.map((row) => row.id);
    const backward = allPages(db, connectionId, '-name').seen.map((row) => row.id);
    expect(backward).toEqual([...forward].reverse());
  });

  it('finds candidates by part of the name or the email, case-insensitively, with the total', () => {
    const { db, connectionId } = cache();
    const byName = allPages(db, connectionId, 'name', 'LOVELACE');
    expect(byName.total).toBe(30);
    expect(byName.seen.every((row) => row.name.toLowerCase() === 'ada lovelace')).toBe(true);
    const byEmail = listCandidates(db, connectionId, {
      offset: 0,
      limit: 50,
      sort: 'name',
      search: 'person13@',
    });
    expect(byEmail.rows.map((row) => row.email)).toEqual(['person13@example.com']);
    expect(byEmail.total).toBe(1);
  });

  it('takes % and _ in a search literally', () => {
    const { db, connectionId } = cache();
    const percent = listCandidates(db, connectionId, {
      offset: 0,
      limit: 50,
      sort: 'name',
      search: '100%',
    });
    expect(percent.rows.map((row) => row.id)).toEqual(['c-pct']);
    const underscore = listCandidates(db, connectionId, {
      offset: 0,
      limit: 50,
      sort: 'name',
      search: 'under_',
    });
    expect(underscore.rows.map((row) => row.id)).toEqual(['c-pct']);
    const none = listCandidates(db, connectionId, {
      offset: 0,
      limit: 50,
      sort: 'name',
      search: 'a_a',
    });
    expect(none.total).toBe(0);
  });

  it('chooses the page and counts a search from the name index alone, reading only the page’s rows', () => {
    const { db, connectionId } = cache();
    const issued: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => {
      issued.push(sql);
      return prepare(sql);
    }) as typeof db.prepare;
    for (const search of [undefined, 'lovelace']) {
      listCandidates(db, connectionId, { offset: 40, limit: 7, sort: 'name', search });
    }
    db.prepare = prepare;
    const params = { connectionId, search: '%lovelace%', limit: 7, offset: 40 };
    const plans = issued.map((sql) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>)
        .map((step) => step.detail)
        .join(' | '),
    );
    expect(plans.length).toBeGreaterThanOrEqual(4);
    for (const plan of plans) {
      // Candidates are read by rowid (the page's own) or through the covering index, never
      // scanned or looked up row by row for the rows an offset skips or a search rejects.
      const reads = plan.split(' | ').filter((step) => /\bats_candidates\b/.test(step));
      for (const step of reads) {
        expect(step).toMatch(
          /COVERING INDEX ats_candidates_by_name|INTEGER PRIMARY KEY \(rowid=\?\)/,
        );
      }
    }
  });
});
