/**
 * Scenario: the reads behind the two big views, on a data directory as long use leaves it.
 * - Candidates: the IPC call `ats:list-candidates` through the dispatcher (input validation,
 *   handler, SQL) for a page of 200 from a 200k-row cache, mixing the first page, deep pages,
 *   both sort orders and searches by name and by email.
 * - Sync log: the IPC call `log:query` through the dispatcher for a page of 300 lines (the view's
 *   page) from 1M lines: the newest, older pages by key, a word search, errors only, one record's
 *   history.
 * p50 / p95 of each, over many calls after a few warm-up calls. No bar is set for these: the
 * figures are reported (docs/benchmarks.md lists the bars).
 *
 * Run by bench/run.ts in a process of its own; prints one `BENCH_RESULT {json}` line.
 * Args: --candidates N --log-lines N --calls N
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { LogFilter } from '../../src/shared/domain/sync-log';
import { preparedDataDir } from '../support/cache-fixture';
import { openBenchCore, printResult, runScenario, seconds, type Figure } from '../support/core';

const CALLER = { url: 'app://console/index.html', isMainFrame: true };
const CANDIDATE_PAGE = 200;
const LOG_PAGE = 300;

runScenario(async () => {
  const { values } = parseArgs({
    options: {
      candidates: { type: 'string', default: '200000' },
      'log-lines': { type: 'string', default: '1000000' },
      calls: { type: 'string', default: '200' },
    },
  });
  const calls = Number(values.calls);
  const filling = performance.now();
  const { dataDir, connectionId, built } = await preparedDataDir({
    candidates: Number(values.candidates),
    applications: Number(values.candidates),
    logLines: Number(values['log-lines']),
  });
  const fillSeconds = seconds(filling);
  try {
    const core = openBenchCore(dataDir);
    const db = core.context.db;
    const dispatch = core.createDispatch(() => true);

    // Search terms as an admin would type them: a surname (many hits), part of an email (few).
    const sample = db
      .prepare(
        'SELECT name, primary_email FROM ats_candidates WHERE connection_id = ? ORDER BY remote_id LIMIT 40',
      )
      .all(connectionId) as Array<{ name: string; primary_email: string | null }>;
    const surnames = sample.map((row) => row.name.split(' ').at(-1)!);
    const emails = sample.flatMap((row) =>
      row.primary_email ? [row.primary_email.slice(0, 8)] : [],
    );
    const total = (db.prepare('SELECT count(*) AS n FROM ats_candidates').get() as { n: number }).n;
    const candidateInputs = (i: number): Record<string, unknown> => {
      const sort = i % 2 ? '-name' : 'name';
      switch (i % 4) {
        case 0:
          return { connectionId, limit: CANDIDATE_PAGE, sort };
        case 1: {
          const offset = Math.floor((((i * 7919) % 997) / 997) * (total - CANDIDATE_PAGE));
          return { connectionId, limit: CANDIDATE_PAGE, offset, sort };
        }
        case 2:
          return {
            connectionId,
            limit: CANDIDATE_PAGE,
            search: surnames[i % surnames.length],
            sort,
          };
        default:
          return { connectionId, limit: CANDIDATE_PAGE, search: emails[i % emails.length], sort };
      }
    };
    const candidateTimes = await timeCalls(calls, async (i) => {
      const result = await dispatch('ats:list-candidates', candidateInputs(i), CALLER);
      if (!result.ok) throw new Error(`ats:list-candidates: ${JSON.stringify(result)}`);
    });

    const lastId = (db.prepare('SELECT max(id) AS id FROM sync_log').get() as { id: number }).id;
    const logQueries = (i: number): { filter: LogFilter; beforeId?: number } => {
      switch (i % 5) {
        case 0:
          return { filter: {} };
        case 1:
          return { filter: {}, beforeId: Math.floor((((i * 7919) % 997) / 997) * lastId) + 1 };
        case 2:
          return { filter: { search: `rec-${(i * 31) % 200_000}` } };
        case 3:
          return { filter: { levels: ['error'], connectionId } };
        default:
          return { filter: { entity: 'candidate', entityId: `rec-${(i * 7919 * 2) % 200_000}` } };
      }
    };
    const logTimes = await timeCalls(calls, async (i) => {
      const { filter, beforeId } = logQueries(i);
      const input =
        beforeId === undefined
          ? { filter, limit: LOG_PAGE }
          : { filter, beforeId, limit: LOG_PAGE };
      const result = await dispatch('log:query', input, CALLER);
      if (!result.ok) throw new Error(`log:query: ${JSON.stringify(result)}`);
    });
    await core.shutdown();

    printResult({
      metrics: {
        fillSeconds: {
          value: fillSeconds,
          unit: 's',
          label: `Set-up: data directory ${built ? 'built' : 'copied from bench/.cache'} (not a figure of the view)`,
        },
        ...percentiles(
          'candidates',
          candidateTimes,
          `Candidates page (${CANDIDATE_PAGE} of ${total.toLocaleString('en-US')}, search and sort, over IPC)`,
        ),
        ...percentiles(
          'log',
          logTimes,
          `Sync log page (${LOG_PAGE} of ${lastId.toLocaleString('en-US')} lines, filters and search)`,
        ),
      },
    });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

/** Milliseconds per call, after warm-up calls that are not counted. */
async function timeCalls(calls: number, call: (i: number) => Promise<void>): Promise<number[]> {
  for (let i = 0; i < 10; i++) await call(i);
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await call(i);
    times.push(performance.now() - started);
  }
  return times;
}

function percentiles(key: string, times: number[], label: string): Record<string, Figure> {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (share: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
  return {
    [`${key}P50`]: { value: at(0.5), unit: 'ms', label: `${label}: p50`, bar: 'none set' },
    [`${key}P95`]: {
      value: at(0.95),
      unit: 'ms',
      label: `${label}: p95`,
      bar: 'none set',
    },
    [`${key}Max`]: { value: sorted.at(-1)!, unit: 'ms', label: `${label}: slowest` },
  };
}
