/**
 * The sync log at a million lines: what writing a line costs (with the search index filled in
 * batches, against a per-row trigger), how long the log view's queries take (first page, filters,
 * search, a deep page, counts), how fast an export and retention run, and what a line costs on
 * disk. Prints `BENCH_RESULT {...}` for bench/run.ts.
 *
 *   tsx bench/scenarios/sync-log.ts --lines 1000000
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { LogLevel } from '../../src/shared/domain/runs';
import type { LogFilter } from '../../src/shared/domain/sync-log';
import { openDatabase, type DB } from '../../src/main/core/db/database';
import { appendLogLine } from '../../src/main/core/db/repos/sync-log';
import { csvLines } from '../../src/main/core/sync-log/csv';
import { logFacets } from '../../src/main/core/sync-log/detail';
import { countLog, iterateLog, queryLog } from '../../src/main/core/db/repos/sync-log-query';
import { deleteOldest, logSize } from '../../src/main/core/sync-log/retention';
import { catchUp } from '../../src/main/core/db/repos/sync-log-search';
import { RESULT_PREFIX } from '../support/child';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '1000000' } } });
const LINES = Number(values.lines);
const PAGE = 100; // lines per transaction, as a sync commits them (one page's lines)
const CONNECTIONS = ['ashby-4f2a91c0', 'lever-77d0e1b2', 'ashby-0c33aa19'];
const ENTITIES = ['candidates', 'applications', 'jobs', 'users', 'kula_candidate'];
const WORDS = ['Grace', 'Hopper', 'Onsite', 'Offer', 'moved', 'archived', 'Screen', 'Ada'];
const START = Date.parse('2026-01-01T00:00:00.000Z');

/** A deterministic stream of lines shaped like a busy year of syncs. */
function line(i: number) {
  const roll = (i * 2654435761) % 1000;
  const level: LogLevel = roll < 10 ? 'error' : roll < 50 ? 'warn' : roll < 200 ? 'debug' : 'info';
  const connectionId = CONNECTIONS[i % 3]!;
  const entity = ENTITIES[(i >> 3) % ENTITIES.length]!;
  const push = entity === 'kula_candidate';
  return {
    runId: 1 + Math.floor(i / 5000),
    connectionId,
    at: new Date(START + i * 30_000).toISOString(),
    level,
    direction: push ? ('push' as const) : ('pull' as const),
    entity,
    entityId: `${(i % 50_000).toString(16).padStart(8, '0')}-4b2a-9c1d-${((i * 7919) % 65536).toString(16)}`,
    rule:
      level === 'error'
        ? 'ats-unavailable'
        : level === 'debug'
          ? 'pull-page-incremental'
          : push
            ? 'outbox-stage.move'
            : 'pull-change',
    apiCall: push ? 'POST /application.changeStage' : 'POST /candidate.list',
    result: level === 'error' ? 'failed' : 'updated',
    retries: level === 'error' ? 3 : 0,
    requestId: `01J${((i * 40503) % 1e9).toString(36).toUpperCase()}`,
    message:
      level === 'debug'
        ? `Candidates: 100 records received (${i % 97} new or changed), incremental read.`
        : `${WORDS[i % 8]} ${WORDS[(i >> 4) % 8]}: changed in the ATS; the cache was updated (${i}).`,
    nextStep:
      level === 'error' ? 'The ATS is having trouble right now. Try again in a few minutes.' : null,
  };
}

function time<T>(work: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = work();
  return { ms: performance.now() - started, value };
}

/** Median of a query's time over a few repetitions (the first warms the cache). */
function queryMs(db: DB, filter: LogFilter, beforeId?: number): number {
  const samples: number[] = [];
  for (let i = 0; i < 7; i++) samples.push(time(() => queryLog(db, filter, beforeId, 200)).ms);
  samples.sort((a, b) => a - b);
  return Math.round(samples[3]! * 100) / 100;
}

function insertAll(db: DB, count: number, from = 0): number {
  const batch = db.transaction((start: number, end: number) => {
    for (let i = start; i < end; i++) appendLogLine(db, line(i));
  });
  return time(() => {
    for (let i = from; i < from + count; i += PAGE)
      batch.immediate(i, Math.min(i + PAGE, from + count));
  }).ms;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kula-bench-log-'));
try {
  const db = openDatabase(path.join(dir, 'console.sqlite'));
  const insertMs = insertAll(db, LINES);
  const indexMs = time(() => {
    while (catchUp(db, 5000) > 0) {
      // batches of 5,000, as the app's upkeep does them (in smaller steps)
    }
  }).ms;

  // The alternative kept out: a trigger that indexes every line inside the page's transaction.
  const sample = Math.min(LINES, 100_000);
  const scratch = openDatabase(path.join(dir, 'trigger.sqlite'));
  const plainSampleMs = insertAll(scratch, sample);
  scratch.exec(`CREATE TRIGGER bench_fts AFTER INSERT ON sync_log BEGIN
    INSERT INTO sync_log_fts (rowid, message, entity_id, rule, api_call, request_id, next_step, result)
    VALUES (new.id, new.message, new.entity_id, new.rule, new.api_call, new.request_id, new.next_step, new.result);
  END;`);
  const triggerSampleMs = insertAll(scratch, sample, sample);
  scratch.close();

  const last = LINES;
  const sampleLine = line(Math.floor(LINES * 0.73));
  const deepBefore = Math.floor(LINES * 0.1);
  const queries: Record<string, [string, LogFilter, number?]> = {
    qFirstPage: ['First page, no filter', {}],
    qErrors: ['Errors only', { levels: ['error'] }],
    qConnectionWarn: [
      'One connection, warnings and errors',
      { connectionId: CONNECTIONS[1], levels: ['warn', 'error'] },
    ],
    qEntityPush: ['One record type, pushed', { entity: 'kula_candidate', directions: ['push'] }],
    qRecord: ['One record’s history', { entity: sampleLine.entity, entityId: sampleLine.entityId }],
    qRun: ['One run', { runId: sampleLine.runId }],
    qLastDay: [
      'Last 24 hours of the log',
      { since: new Date(START + (last - 2880) * 30_000).toISOString() },
    ],
    qSearchCommon: ['Search a common word', { search: 'hopper' }],
    qSearchId: ['Search a request id', { search: sampleLine.requestId }],
    qSearchErrors: ['Search a word, errors only', { search: 'onsite', levels: ['error'] }],
    qDeep: ['A page 90% of the way down', {}, deepBefore],
  };
  const metrics: Record<string, { value: number; unit: string; label: string }> = {
    lines: { value: LINES, unit: 'lines', label: 'Lines in the log' },
    insertPerLine: {
      value: Math.round(((insertMs * 1000) / LINES) * 10) / 10,
      unit: 'µs',
      label: 'Write a line (100-line transactions, 6 indexes)',
    },
    ftsBatchPerLine: {
      value: Math.round(((indexMs * 1000) / LINES) * 10) / 10,
      unit: 'µs',
      label: 'Search index, filled in batches: per line',
    },
    ftsTriggerPerLine: {
      value: Math.round((((triggerSampleMs - plainSampleMs) * 1000) / sample) * 10) / 10,
      unit: 'µs',
      label: `Search index by per-row trigger instead: extra per line (${sample.toLocaleString('en-US')} lines)`,
    },
  };
  for (const [key, [label, filter, beforeId]] of Object.entries(queries)) {
    metrics[key] = {
      value: queryMs(db, filter, beforeId),
      unit: 'ms',
      label: `Query, 200 lines: ${label}`,
    };
  }
  metrics.countCapped = {
    value: Math.round(time(() => countLog(db, { levels: ['info', 'warn', 'error'] }, 100_000)).ms),
    unit: 'ms',
    label: 'Count matching lines (capped at 100,000)',
  };
  metrics.facets = {
    value: Math.round(time(() => logFacets(db)).ms * 100) / 100,
    unit: 'ms',
    label: 'Filter menus (distinct types and rules)',
  };
  let exported = 0;
  const exportMs = time(() => {
    for (const page of iterateLog(db, { levels: ['warn', 'error'] }, 10_000)) {
      exported += csvLines(page, () => 'Ashby').length > 0 ? page.length : 0;
    }
  }).ms;
  metrics.exportRate = {
    value: Math.round(exported / (exportMs / 1000)),
    unit: 'lines/s',
    label: `CSV export (${exported.toLocaleString('en-US')} warnings and errors)`,
  };
  const measured = db
    .prepare("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'sync_log%'")
    .pluck()
    .get() as number;
  const estimate = time(() => logSize(db, 1));
  metrics.bytesPerLine = {
    value: Math.round(measured / LINES),
    unit: 'B',
    label: 'Disk per line (table, indexes, search index)',
  };
  metrics.estimateRatio = {
    value: Math.round((estimate.value.estimatedBytes / measured) * 100) / 100,
    unit: '×',
    label: 'Size estimate ÷ measured size',
  };
  metrics.estimateMs = {
    value: Math.round(estimate.ms * 100) / 100,
    unit: 'ms',
    label: 'Size estimate (no page scan)',
  };
  const toDelete = Math.floor(LINES / 10);
  const deleteMs = time(() => {
    for (let done = 0; done < toDelete; done += 2000) deleteOldest(db, 2000);
  }).ms;
  metrics.retentionRate = {
    value: Math.round(toDelete / (deleteMs / 1000)),
    unit: 'lines/s',
    label: 'Retention: delete the oldest (2,000 a transaction)',
  };
  db.close();
  process.stdout.write(
    `${RESULT_PREFIX}${JSON.stringify({
      metrics,
      checks: {
        estimateWithin20Percent: Math.abs(estimate.value.estimatedBytes / measured - 1) < 0.2,
      },
    })}\n`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
