/**
 * Scenario: the initial import of an Ashby tenant (default 100k candidates + 100k applications)
 * from the simulator running in its own process on loopback, client-side throttling off; then a
 * sync with nothing changed on the full cache; then the floor: the same rows inserted into a fresh
 * database with raw better-sqlite3 prepared statements, one transaction per 100 rows (the import's
 * page size and commit granularity), and once more in a single transaction for reference.
 *
 * Run by bench/run.ts in a process of its own; prints one `BENCH_RESULT {json}` line.
 * Args: --candidates N --applications N
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCore } from '../../src/main/core/core';
import { openDatabase, type DB } from '../../src/main/core/db/database';
import { silentLogger } from '../../src/main/core/logging/logger';
import { MemorySettingsStore } from '../../src/main/core/settings/settings-store';
import { PassphraseCipher } from '../../src/main/core/vault/passphrase-cipher';
import { BENCH_ROOT, firstLine, RESULT_PREFIX, spawnTs } from '../support/child';

interface SimInfo {
  url: string;
  key: string;
  counts: { candidates: number; applications: number };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      candidates: { type: 'string', default: '100000' },
      applications: { type: 'string', default: '100000' },
      /** For profiling the import alone. */
      'no-floor': { type: 'boolean', default: false },
    },
  });
  const sim = spawnTs(path.join(BENCH_ROOT, 'support', 'ashby-sim-process.ts'), [
    values.candidates,
    values.applications,
  ]);
  const info = JSON.parse(await firstLine(sim)) as SimInfo;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kula-bench-'));
  try {
    const core = openCore({
      dataDir,
      cipher: new PassphraseCipher('benchmark-passphrase'),
      settings: new MemorySettingsStore(),
      logger: silentLogger,
      actor: 'bench',
    });
    const ctx = core.context;
    const { connection } = await ctx.connections.create({
      provider: 'ashby',
      baseUrl: info.url,
      secret: { kind: 'api_key', apiKey: info.key },
      storeCredential: true,
    });
    ctx.connections.updateSettings(connection.id, { rateLimit: 'off' });

    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const run = await ctx.sync.run(connection.id, { trigger: 'initial-import' });
    const wallSeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    if (run.status !== 'succeeded') throw new Error(`import ${run.status}: ${run.message}`);

    const incrementalStarted = performance.now();
    const second = await ctx.sync.run(connection.id, { trigger: 'manual' });
    const incrementalSeconds = (performance.now() - incrementalStarted) / 1000;

    const count = (table: string) =>
      (ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const countsMatch =
      count('ats_candidates') === info.counts.candidates &&
      count('ats_applications') === info.counts.applications;

    const floor = values['no-floor']
      ? { perPage: Number.NaN, singleTransaction: Number.NaN }
      : measureFloor(ctx.db, dataDir);
    await core.shutdown();

    const records = run.recordsPulled;
    const recordsPerSecond = records / wallSeconds;
    const result = {
      metrics: {
        records: { value: records, unit: 'records', label: 'Records imported' },
        wallSeconds: { value: wallSeconds, unit: 's', label: 'Import wall time' },
        recordsPerSecond: {
          value: recordsPerSecond,
          unit: 'records/s',
          label: 'Import rate (end to end)',
        },
        peakRssMb: { value: peakRssMb, unit: 'MB', label: 'Peak RSS of the console process' },
        cpuSeconds: {
          value: cpuSeconds,
          unit: 's',
          label: 'CPU time of the console process during the import',
        },
        floorPerPage: {
          value: floor.perPage,
          unit: 'records/s',
          label: 'Floor: raw prepared inserts, 1 transaction per 100 rows',
        },
        ratio: { value: recordsPerSecond / floor.perPage, unit: '×', label: 'Import rate ÷ floor' },
        floorSingleTx: {
          value: floor.singleTransaction,
          unit: 'records/s',
          label: 'Raw prepared inserts, 1 transaction (reference)',
        },
        requests: { value: run.requests, unit: 'requests', label: 'HTTP requests of the import' },
        incrementalSeconds: {
          value: incrementalSeconds,
          unit: 's',
          label: 'Sync with nothing changed (full cache)',
        },
        incrementalRequests: {
          value: second.requests,
          unit: 'requests',
          label: 'Requests of that sync',
        },
      },
      checks: { countsMatch, nothingChanged: second.message?.startsWith('Up to date') === true },
    };
    process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
  } finally {
    sim.stdin?.end();
    sim.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
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
    for (const [rows, statement] of [
      [candidates, insertCandidate],
      [applications, insertApplication],
    ] as const) {
      for (let offset = 0; offset < rows.length; offset += batch) {
        const slice = rows.slice(offset, offset + batch);
        db.transaction(() => {
          for (const row of slice) statement.run(row);
        }).immediate();
      }
    }
    const seconds = (performance.now() - started) / 1000;
    db.close();
    return (candidates.length + applications.length) / seconds;
  };
  return {
    perPage: rate(100, 'per-page'),
    singleTransaction: rate(Number.MAX_SAFE_INTEGER, 'single'),
  };
}

void main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
