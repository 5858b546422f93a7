/**
 * A data directory as a long-used console leaves it, for the benchmarks of reads and start-up:
 * an Ashby connection (made through the connection service against the simulator), its cache
 * filled with a generated tenant (N candidates + N applications and the jobs, plans, stages,
 * users, sources and archive reasons around them) and a sync log of M record-level lines with
 * its search index brought up to date.
 *
 * The records go through the same path as an import's pages (simulator JSON → the Ashby
 * mappers → `upsertBatch` in a transaction per page) without HTTP: these benchmarks measure what
 * happens after the import, and a 200k import costs a minute here. The search index of the log
 * is built by `catchUp`, as the log upkeep builds it. Built once per size and source version and
 * kept in `bench/.cache/` (see `preparedDataDir`).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ConsoleCore } from '../../src/main/core/core';
import { databasePath } from '../../src/main/core/paths';
import { inTransaction } from '../../src/main/core/db/database';
import { upsertBatch } from '../../src/main/core/db/repos/ats-cache';
import {
  mapApplication,
  mapArchiveReason,
  mapCandidate,
  mapJob,
  mapPlan,
  mapSource,
  mapStage,
  mapUser,
} from '../../src/main/core/providers/ashby/mappers';
import type { RecordBatch } from '../../src/main/core/providers/records';
import { catchUp } from '../../src/main/core/db/repos/sync-log-search';
import {
  applicationJson,
  archiveReasonJson,
  candidateJson,
  jobJson,
  planJson,
  sourceJson,
  stageJson,
  userJson,
} from '../../test/simulators/ashby/serialize';
import { startAshbySimulator } from '../../test/simulators/ashby/server';
import type { AshbyTenant } from '../../test/simulators/ashby/tenant';
import { BENCH_ROOT, REPO_ROOT } from './child';
import { benchDataDir, connectSim, openBenchCore } from './core';

type Json = Parameters<typeof mapCandidate>[0];
const PAGE = 100;

export interface FixtureSize {
  candidates: number;
  applications: number;
  logLines: number;
}

/** What the fixture is made from: if any of it changes, the fixture is built again. */
const FIXTURE_SOURCES = [
  'bench/support/cache-fixture.ts',
  'src/main/core/db/migrations',
  'src/main/core/db/repos/ats-cache.ts',
  'src/main/core/providers/ashby/mappers.ts',
  'test/simulators/ashby',
  'test/simulators/common/people.ts',
];

/**
 * A fresh data directory holding a copy of the fixture of this size. The fixture is built once
 * and kept in `bench/.cache/` (ignored by git) under a key of its size and its sources, so the
 * runs and the scenarios that need the same data share one build. Returns the directory and the
 * connection id.
 */
export async function preparedDataDir(
  size: FixtureSize,
): Promise<{ dataDir: string; connectionId: string; built: boolean }> {
  // One file per size; a new version of the sources replaces the file of its size only.
  const prefix = `fixture-${size.candidates}c-${size.applications}a-${size.logLines}l-`;
  const cacheDir = path.join(BENCH_ROOT, '.cache');
  const cached = path.join(cacheDir, `${prefix}${fixtureKey(size)}.sqlite`);
  let built = false;
  if (!fs.existsSync(cached)) {
    const buildDir = benchDataDir();
    try {
      const core = openBenchCore(buildDir);
      await fillDataDir(core, size);
      core.context.db.pragma('wal_checkpoint(TRUNCATE)');
      await core.shutdown();
      fs.mkdirSync(cacheDir, { recursive: true });
      for (const old of fs.readdirSync(cacheDir).filter((name) => name.startsWith(prefix))) {
        fs.rmSync(path.join(cacheDir, old), { force: true });
      }
      fs.copyFileSync(databasePath(buildDir), `${cached}.partial`);
      fs.renameSync(`${cached}.partial`, cached);
      built = true;
    } finally {
      fs.rmSync(buildDir, { recursive: true, force: true });
    }
  }
  const dataDir = benchDataDir();
  fs.copyFileSync(cached, databasePath(dataDir));
  const core = openBenchCore(dataDir);
  const { id } = core.context.db.prepare('SELECT id FROM connections').get() as { id: string };
  await core.shutdown();
  return { dataDir, connectionId: id, built };
}

function fixtureKey(size: FixtureSize): string {
  const hash = crypto.createHash('sha256').update(JSON.stringify(size));
  const add = (file: string) => {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(file).sort()) add(path.join(file, name));
    } else {
      hash.update(path.relative(REPO_ROOT, file)).update(fs.readFileSync(file));
    }
  };
  for (const source of FIXTURE_SOURCES) add(path.join(REPO_ROOT, source));
  return hash.digest('hex').slice(0, 16);
}

/** Connects an Ashby connection and fills its cache and the log; returns the connection id. */
export async function fillDataDir(core: ConsoleCore, size: FixtureSize): Promise<string> {
  const sim = await startAshbySimulator({
    tenant: { candidates: size.candidates, applications: size.applications, confidentialShare: 0 },
  });
  try {
    const connectionId = await connectSim(
      core,
      { ats: 'ashby', url: sim.url, key: sim.keys.full },
      { throttle: false },
    );
    fillCache(core, connectionId, sim.tenant);
    fillLog(core, connectionId, size.logLines);
    return connectionId;
  } finally {
    await sim.close();
  }
}

function fillCache(core: ConsoleCore, connectionId: string, tenant: AshbyTenant): void {
  const db = core.context.db;
  const write = (batch: RecordBatch) =>
    inTransaction(db, () => upsertBatch(db, connectionId, batch, 1));
  const json = (value: unknown) => value as Json;
  write({
    sources: tenant.sources.map((source) => mapSource(json(sourceJson(source)))),
    archiveReasons: tenant.archiveReasons.map((reason) =>
      mapArchiveReason(json(archiveReasonJson(reason))),
    ),
    users: tenant.users.map((user) => mapUser(json(userJson(user)))),
    plans: tenant.plans.map((plan) => mapPlan(json(planJson(plan)))),
    stages: tenant.plans.flatMap((plan) =>
      plan.stages.map((stage) => mapStage(plan.id)(json(stageJson(stage)))),
    ),
    jobs: tenant.jobs.map((job) => mapJob(json(jobJson(tenant, job)))),
  });
  for (let start = 0; start < tenant.candidateCount(); start += PAGE) {
    const candidates = [];
    for (let index = start; index < Math.min(start + PAGE, tenant.candidateCount()); index++) {
      const candidate = tenant.candidate(index);
      if (candidate) candidates.push(mapCandidate(json(candidateJson(tenant, candidate))));
    }
    write({ candidates });
  }
  for (let start = 0; start < tenant.applicationCount(); start += PAGE) {
    const applications = [];
    for (let index = start; index < Math.min(start + PAGE, tenant.applicationCount()); index++) {
      const application = tenant.application(index);
      if (application)
        applications.push(mapApplication(json(applicationJson(tenant, application))));
    }
    write({ applications });
  }
}

/**
 * Record-level lines as sync runs write them (the columns `appendLogLine` fills): mostly info, a
 * few warnings and errors, 2,000 lines per run. Written by one INSERT … SELECT per 100k lines: a
 * call per line would make this set-up cost minutes on a busy machine.
 */
function fillLog(core: ConsoleCore, connectionId: string, lines: number): void {
  const db = core.context.db;
  const insert = db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT CAST(@from AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @to),
     lines AS (
       SELECT i, CASE WHEN i % 500 = 0 THEN 'error' WHEN i % 50 = 0 THEN 'warn' ELSE 'info' END AS level,
              CASE i % 5 WHEN 0 THEN 'pull-upsert' WHEN 1 THEN 'pull-unchanged' WHEN 2 THEN 'push-note'
                         WHEN 3 THEN 'push-stage-move' ELSE 'ats-stage-change' END AS rule,
              'rec-' || ((i * 7919) % 200000) AS record
         FROM n)
     INSERT INTO sync_log (run_id, connection_id, at, level, direction, entity, entity_id, rule,
                           api_call, result, retries, request_id, message, next_step)
     SELECT i / 2000 + 1, @connectionId, strftime('%Y-%m-%dT%H:%M:%fZ', 1767225600 + i, 'unixepoch'),
            level, CASE WHEN rule LIKE 'push%' THEN 'push' ELSE 'pull' END,
            CASE i % 2 WHEN 1 THEN 'application' ELSE 'candidate' END, record, rule,
            CASE WHEN rule LIKE 'push%' THEN '/candidate.createNote' ELSE '/candidate.list' END,
            CASE level WHEN 'error' THEN 'failed' ELSE 'ok' END, 0, 'req-' || i,
            CASE level
              WHEN 'error' THEN 'Ashby refused the write for record ' || record || ': the application was archived.'
              ELSE 'Record ' || record || ' ' || CASE rule WHEN 'pull-unchanged' THEN 'unchanged' ELSE 'updated' END
                   || ' (stage ' || (i % 9) || ', page ' || (i / 100) || ').'
            END,
            CASE level WHEN 'error' THEN 'Retry it from the outbox, or discard it.' END
       FROM lines`,
  );
  for (let from = 0; from < lines; from += 100_000) {
    const to = Math.min(from + 100_000, lines);
    inTransaction(db, () => insert.run({ from, to, connectionId }));
  }
  while (catchUp(db, 100_000) > 0);
}
