import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LOG_DIRECTIONS,
  LOG_LEVELS,
  type LogLevel,
  type SyncLogLine,
} from '../../../../src/shared/domain/runs';
import type { LogFilter } from '../../../../src/shared/domain/sync-log';
import { openDatabase, type DB } from '../../../../src/main/core/db/database';
import { appendLogLine } from '../../../../src/main/core/db/repos/sync-log';
import { csvLines, CSV_HEADER } from '../../../../src/main/core/sync-log/csv';
import { lineDetail, logFacets } from '../../../../src/main/core/sync-log/detail';
import { countLog, iterateLog, queryLog } from '../../../../src/main/core/db/repos/sync-log-query';
import { catchUp, indexedUpTo } from '../../../../src/main/core/db/repos/sync-log-search';
import { SeededRandom } from '../../../simulators/common/random';
import { makeTempDir } from '../../../support/temp-dir';

const CONNECTIONS = ['ashby-1', 'lever-2', 'ashby-3'];
const ENTITIES = ['candidates', 'applications', 'jobs', 'notes'];
const RULES = ['pull-change', 'pull-page-full', 'push-stage-move', 'ats-unavailable', 'conflict'];
const WORDS = ['Grace', 'Hopper', 'Onsite', 'Offer', 'moved', 'archived', 'timeout', 'Ada'];
const START = Date.parse('2026-02-01T00:00:00.000Z');
const LINES = 3000;

let db: DB;
let all: SyncLogLine[];
let cleanup: () => void;

beforeAll(() => {
  const temp = makeTempDir('kula-log-');
  db = openDatabase(path.join(temp.dir, 'console.sqlite'));
  cleanup = () => {
    db.close();
    temp.cleanup();
  };
  const random = new SeededRandom(7);
  all = [];
  const insert = db.transaction(() => {
    for (let i = 0; i < LINES; i++) {
      const roll = random.next();
      const level: LogLevel =
        roll < 0.01 ? 'error' : roll < 0.05 ? 'warn' : roll < 0.2 ? 'debug' : 'info';
      all.push(
        appendLogLine(db, {
          runId: 1 + Math.floor(i / 400),
          connectionId: random.pick(CONNECTIONS),
          at: new Date(START + i * 60_000).toISOString(),
          level,
          direction: random.pick(LOG_DIRECTIONS),
          entity: random.pick(ENTITIES),
          entityId: `rec-${random.int(0, 60)}`,
          rule: random.pick(RULES),
          apiCall: random.chance(0.5) ? 'POST /candidate.list' : null,
          result: level === 'error' ? 'failed' : 'ok',
          retries: level === 'error' ? 2 : 0,
          requestId: `req_${i.toString(16)}`,
          message: `${random.pick(WORDS)} ${random.pick(WORDS)} line ${i}.`,
          nextStep: level === 'error' ? 'Try again in a few minutes.' : null,
        }),
      );
    }
  });
  insert();
  // Index the first two thirds; the last third is the not-yet-indexed tail.
  while (indexedUpTo(db) < 2000) catchUp(db, 500);
});

afterAll(() => cleanup());

/** The filter, applied the slow obvious way. */
function reference(filter: LogFilter): SyncLogLine[] {
  const words = filter.search?.split(/\s+/).filter(Boolean) ?? [];
  return all
    .filter(
      (line) =>
        (!filter.connectionId || line.connectionId === filter.connectionId) &&
        (filter.runId === undefined || line.runId === filter.runId) &&
        (!filter.levels?.length || filter.levels.includes(line.level)) &&
        (!filter.directions?.length || filter.directions.includes(line.direction)) &&
        (!filter.entity || line.entity === filter.entity) &&
        (!filter.entityId || line.entityId === filter.entityId) &&
        (!filter.rule || line.rule === filter.rule) &&
        (!filter.since || line.at >= filter.since) &&
        (!filter.until || line.at < filter.until) &&
        words.every((word) =>
          // Whole words of the message (the search matches word prefixes; these words are whole).
          line.message.toLowerCase().split(/\W+/).includes(word.toLowerCase()),
        ),
    )
    .reverse();
}

const filterArbitrary: fc.Arbitrary<LogFilter> = fc.record(
  {
    connectionId: fc.constantFrom(...CONNECTIONS),
    runId: fc.integer({ min: 1, max: 8 }),
    levels: fc.subarray([...LOG_LEVELS], { minLength: 1 }),
    directions: fc.subarray([...LOG_DIRECTIONS], { minLength: 1 }),
    entity: fc.constantFrom(...ENTITIES),
    entityId: fc.constantFrom('rec-3', 'rec-17', 'rec-59'),
    rule: fc.constantFrom(...RULES),
    since: fc
      .integer({ min: 0, max: LINES })
      .map((i) => new Date(START + i * 60_000).toISOString()),
    until: fc
      .integer({ min: 0, max: LINES })
      .map((i) => new Date(START + i * 60_000).toISOString()),
    search: fc.subarray(WORDS, { minLength: 1, maxLength: 2 }).map((words) => words.join(' ')),
  },
  { requiredKeys: [] },
);

describe('sync log queries', () => {
  it('return exactly the lines a filter selects, newest first, over keyset pages (property)', () => {
    fc.assert(
      fc.property(filterArbitrary, fc.integer({ min: 7, max: 400 }), (filter, pageSize) => {
        const expected = reference(filter).map((line) => line.id);
        const got: number[] = [];
        let beforeId: number | undefined;
        for (let pages = 0; pages < 1000; pages++) {
          const page = queryLog(db, filter, beforeId, pageSize);
          got.push(...page.lines.map((line) => line.id));
          expect(page.lines.length).toBeLessThanOrEqual(pageSize);
          if (page.nextBeforeId === null) break;
          beforeId = page.nextBeforeId;
        }
        expect(got).toEqual(expected);
        const count = countLog(db, filter, 100);
        expect(count).toEqual({
          count: Math.min(expected.length, 100),
          capped: expected.length > 100,
        });
      }),
      { numRuns: 150, seed: 20260302 },
    );
  });

  it('find a word in lines before and after the search index mark alike', () => {
    expect(indexedUpTo(db)).toBeGreaterThan(0);
    expect(indexedUpTo(db)).toBeLessThan(LINES);
    const hits = queryLog(db, { search: 'hopper' }, undefined, 5000).lines;
    expect(hits.some((line) => line.id > indexedUpTo(db))).toBe(true);
    expect(hits.some((line) => line.id <= indexedUpTo(db))).toBe(true);
    expect(hits.map((line) => line.id)).toEqual(reference({ search: 'Hopper' }).map((l) => l.id));
  });

  it('search key fields too: a request id, a record id, an API call; by word prefix', () => {
    const line = all[1234]!;
    expect(queryLog(db, { search: line.requestId! }, undefined, 10).lines.map((l) => l.id)).toEqual(
      [line.id],
    );
    const byRecord = queryLog(db, { search: 'rec-17' }, undefined, 5000).lines;
    expect(byRecord.length).toBeGreaterThan(0);
    expect(byRecord.every((l) => l.entityId === 'rec-17')).toBe(true);
    expect(queryLog(db, { search: 'candidate.list' }, undefined, 1).lines).toHaveLength(1);
    expect(queryLog(db, { search: 'Hopp' }, undefined, 5000).lines.length).toBe(
      reference({ search: 'Hopper' }).length,
    );
  });

  it('treat search text as plain words: FTS syntax, quotes and symbols never raise an error', () => {
    for (const text of [
      '"',
      'NEAR(grace onsite)',
      'grace OR hopper',
      '*',
      '- -',
      'a:b',
      '^x',
      '""',
    ]) {
      expect(() => queryLog(db, { search: text }, undefined, 10), text).not.toThrow();
    }
    expect(queryLog(db, { search: '"moved Onsite"' }, undefined, 5000).lines.length).toBeLessThan(
      queryLog(db, { search: 'moved Onsite' }, undefined, 5000).lines.length + 1,
    );
  });

  it('iterate every matching line for an export, in pages', () => {
    const filter: LogFilter = { levels: ['error', 'warn'] };
    const chunks = [...iterateLog(db, filter, 25)];
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flat().map((line) => line.id)).toEqual(reference(filter).map((line) => line.id));
  });

  it('give a line’s detail with its record history and the facets for the filter menus', () => {
    const line = all[2500]!;
    const detail = lineDetail(db, line.id);
    expect(detail.line).toEqual(line);
    expect(detail.recordHistory.length).toBeGreaterThan(1);
    expect(
      detail.recordHistory.every(
        (other) => other.entity === line.entity && other.entityId === line.entityId,
      ),
    ).toBe(true);
    expect(() => lineDetail(db, 999_999)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(logFacets(db)).toEqual({ entities: [...ENTITIES].sort(), rules: [...RULES].sort() });
  });
});

describe('CSV export', () => {
  it('quotes what needs quoting and defuses cells a spreadsheet would run as formulas', () => {
    const line: SyncLogLine = {
      ...all[0]!,
      message: '=HYPERLINK("http://evil.example","click"), then "quoted", and a\nnew line',
      entityId: '+1 555 0100',
      nextStep: '@SUM(A1)',
      apiCall: '-2+3',
    };
    const csv = csvLines([line], () => 'Ashby, main');
    expect(CSV_HEADER[0]).toBe('id');
    expect(csv).toContain('"Ashby, main"');
    expect(csv).toContain(
      `"'=HYPERLINK(""http://evil.example"",""click""), then ""quoted"", and a\nnew line"`,
    );
    expect(csv).toContain(",'+1 555 0100,");
    expect(csv).toContain(",'-2+3,");
    expect(csv).toContain(",'@SUM(A1)\r\n");
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});
