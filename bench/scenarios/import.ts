/**
 * Scenario: the initial import of a tenant from a simulator in its own process on loopback,
 * client-side throttling off (Ashby: N candidates + N applications; Lever: N opportunities, one
 * person each, so N candidates + N opportunities); then, on the full cache, a sync with nothing
 * changed and a sync after 1% of the candidates and applications changed in the ATS; then the
 * floor: the same rows inserted into a fresh database with raw better-sqlite3 prepared statements,
 * one transaction per 100 rows (the import's page size and commit granularity), the way the import
 * loads an empty table (its indexes dropped, built once at the end), and once more in a single
 * transaction for reference. What the floor leaves out is what the import adds: HTTP, JSON,
 * mapping, the sync log and checkpoints.
 *
 * Run by bench/run.ts in a process of its own; prints one `BENCH_RESULT {json}` line.
 * Args: --ats ashby|lever|greenhouse --size N [--changed 0.01] [--no-floor]
 * (Greenhouse: N candidates with about 1.2 applications each.)
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { deferIndexesIfEmpty, restoreIndexes } from '../../src/main/core/db/cache-indexes';
import { openDatabase, type DB } from '../../src/main/core/db/database';
import {
  benchDataDir,
  connectSim,
  countRows,
  openBenchCore,
  printResult,
  runScenario,
  seconds,
} from '../support/core';
import { startSim, type SimStats } from '../support/sim';
import fs from 'node:fs';

/** The list endpoints an incremental sync reads changes from (the rest are small snapshots). */
const INCREMENTAL_LISTS = {
  ashby: ['/user.list', '/job.list', '/candidate.list', '/application.list'],
  lever: ['/v1/postings', '/v1/opportunities'],
  greenhouse: [
    '/v3/users',
    '/v3/jobs',
    '/v3/job_interview_stages',
    '/v3/candidates',
    '/v3/applications',
  ],
};

runScenario(async () => {
  const { values } = parseArgs({
    options: {
      ats: { type: 'string', default: 'ashby' },
      size: { type: 'string', default: '100000' },
      changed: { type: 'string', default: '0.01' },
      /** The floor does not depend on the run: bench/run.ts measures it in the first run only. */
      'no-floor': { type: 'boolean', default: false },
    },
  });
  const ats = values.ats === 'lever' || values.ats === 'greenhouse' ? values.ats : 'ashby';
  const size = Number(values.size);
  const sim = await startSim(
    ats,
    ats === 'ashby'
      ? { candidates: size, applications: size, rateLimit: null }
      : ats === 'greenhouse'
        ? { candidates: size, rateLimit: null }
        : { opportunities: size, rateLimit: null },
  );
  const dataDir = benchDataDir();
  try {
    const core = openBenchCore(dataDir);
    const ctx = core.context;
    const connectionId = await connectSim(core, sim, { throttle: false });

    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const run = await ctx.sync.run(connectionId, { trigger: 'initial-import' });
    const wallSeconds = seconds(started);
    const cpu = process.cpuUsage(cpuBefore);
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    if (run.status !== 'succeeded') throw new Error(`import ${run.status}: ${run.message}`);
    const countsMatch =
      countRows(core, 'ats_candidates') === sim.counts.candidates &&
      countRows(core, 'ats_applications') === sim.counts.applications;

    await sim.mark();
    const noopStarted = performance.now();
    const noop = await ctx.sync.run(connectionId, { trigger: 'manual' });
    const noopSeconds = seconds(noopStarted);
    const noopStats = await sim.stats();

    const changed = await sim.send<{ candidates: number; applications: number }>({
      cmd: 'change',
      share: Number(values.changed),
    });
    await sim.mark();
    const changedStarted = performance.now();
    const afterChange = await ctx.sync.run(connectionId, { trigger: 'manual' });
    const changedSeconds = seconds(changedStarted);
    const changedStats = await sim.stats();

    const floor = values['no-floor']
      ? { perPage: Number.NaN, singleTransaction: Number.NaN }
      : measureFloor(ctx.db, dataDir);
    await core.shutdown();

    const lists = listRequests(noopStats, INCREMENTAL_LISTS[ats]);
    const records = run.recordsPulled;
    const recordsPerSecond = records / wallSeconds;
    const changedRecords = changed.candidates + changed.applications;
    printResult({
      metrics: {
        records: { value: records, unit: 'records', label: 'Records imported' },
        wallSeconds: { value: wallSeconds, unit: 's', label: 'Import wall time' },
        recordsPerSecond: {
          value: recordsPerSecond,
          unit: 'records/s',
          label: 'Import rate (end to end)',
          bar: '≥ 15,000 records/s',
          target: { min: 15_000 },
        },
        peakRssMb: {
          value: peakRssMb,
          unit: 'MB',
          label: 'Peak RSS of the console process',
          bar: '≤ 300 MB',
          target: { max: 300 },
        },
        cpuSeconds: {
          value: (cpu.user + cpu.system) / 1e6,
          unit: 's',
          label: 'CPU time of the console process during the import',
        },
        floorPerPage: {
          value: floor.perPage,
          unit: 'records/s',
          label:
            'Floor: raw prepared inserts, 1 transaction per 100 rows, indexes built at the end',
        },
        ratio: {
          value: recordsPerSecond / floor.perPage,
          unit: '×',
          label: 'Import rate ÷ floor (medians)',
          bar: 'reported next to the floor',
          ratioOf: { numerator: 'recordsPerSecond', denominator: 'floorPerPage' },
        },
        floorSingleTx: {
          value: floor.singleTransaction,
          unit: 'records/s',
          label: 'Raw prepared inserts, 1 transaction, indexes built at the end (reference)',
        },
        requests: { value: run.requests, unit: 'requests', label: 'HTTP requests of the import' },
        noopSeconds: {
          value: noopSeconds,
          unit: 's',
          label: 'No-op sync on the full cache: wall time',
          bar: '< 1 s',
          target: { max: 0.999 },
        },
        noopRequests: {
          value: noop.requests,
          unit: 'requests',
          label: 'No-op sync: requests (all)',
        },
        noopListRequests: {
          value: lists.most,
          unit: 'requests',
          label: `No-op sync: most requests to one incremental list (${lists.count} lists)`,
          bar: 'one request per incremental resource (plus the small snapshots)',
          target: { max: 1 },
        },
        changedRecords: {
          value: changedRecords,
          unit: 'records',
          label: `Records changed in the ATS (${Number(values.changed) * 100}%)`,
        },
        changedPulled: {
          value: afterChange.recordsPulled,
          unit: 'records',
          label: 'Records read by the sync after that change',
        },
        changedRequests: {
          value: afterChange.requests,
          unit: 'requests',
          label: '1% changed sync: requests',
        },
        changedShare: {
          value: (100 * afterChange.requests) / run.requests,
          unit: '%',
          label: '1% changed sync: requests as a share of the full import’s',
        },
        changedSeconds: {
          value: changedSeconds,
          unit: 's',
          label: '1% changed sync: wall time',
        },
      },
      checks: {
        countsMatch,
        noopIncremental:
          noop.mode === 'incremental' && noop.message?.startsWith('Up to date') === true,
        changedIncremental: afterChange.mode === 'incremental',
        changedAllRead: afterChange.recordsPulled >= changedRecords,
        requestsSeenBySimulator:
          noopStats.requests === noop.requests && changedStats.requests === afterChange.requests,
      },
    });
  } finally {
    sim.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

/** Requests to each incremental list in a window: how many lists were read, and the most to one. */
function listRequests(stats: SimStats, lists: string[]): { count: number; most: number } {
  const counts = lists.map((list) => stats.byPath[list] ?? 0);
  return { count: counts.filter((n) => n > 0).length, most: Math.max(...counts) };
}

/** The same candidate and application rows, inserted raw into a fresh database. */
function measureFloor(source: DB, dataDir: string): { perPage: number; singleTransaction: number } {
  const candidates = source
    .prepare(
      'SELECT connection_id, remote_id, name, primary_email, emails_json, phones_json, links_json, profile_url, remote_created_at, remote_updated_at FROM ats_candidates',
    )
    .raw()
    .all() as unknown[][];
  const applications = source
    .prepare(
      'SELECT connection_id, remote_id, candidate_id, job_id, stage_id, status, archived, archive_reason_id, source_title, profile_url, remote_created_at, remote_updated_at FROM ats_applications',
    )
    .raw()
    .all() as unknown[][];
  const connection = source.prepare('SELECT * FROM connections').raw().all() as unknown[][];
  const rate = (batch: number, name: string) => {
    const db = openDatabase(path.join(dataDir, `floor-${name}.sqlite`));
    db.prepare(
      `INSERT INTO connections (id, provider, label, status, base_url, auth_mode, config_json, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(...(connection[0]!.slice(0, 9) as unknown[]));
    const insertCandidate = db.prepare(
      'INSERT INTO ats_candidates (connection_id, remote_id, name, primary_email, emails_json, phones_json, links_json, profile_url, remote_created_at, remote_updated_at, seen_pass) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)',
    );
    const insertApplication = db.prepare(
      'INSERT INTO ats_applications (connection_id, remote_id, candidate_id, job_id, stage_id, status, archived, archive_reason_id, source_title, profile_url, remote_created_at, remote_updated_at, seen_pass) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)',
    );
    const started = performance.now();
    for (const [rows, statement, entity] of [
      [candidates, insertCandidate, 'candidates'],
      [applications, insertApplication, 'applications'],
    ] as const) {
      // As the import loads an empty table: without its indexes, built once at the end.
      deferIndexesIfEmpty(db, entity);
      for (let offset = 0; offset < rows.length; offset += batch) {
        const slice = rows.slice(offset, offset + batch);
        db.transaction(() => {
          for (const row of slice) statement.run(row);
        }).immediate();
      }
      restoreIndexes(db, entity);
    }
    const elapsed = seconds(started);
    db.close();
    return (candidates.length + applications.length) / elapsed;
  };
  return {
    perPage: rate(100, 'per-page'),
    singleTransaction: rate(Number.MAX_SAFE_INTEGER, 'single'),
  };
}
