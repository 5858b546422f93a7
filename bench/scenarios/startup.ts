/**
 * Scenario: start-up on a data directory with at least a 200k-record cache: the same data
 * directory as `ui-data-paths` (200k candidates + 200k applications, 1M sync-log lines), shared so
 * that one build serves both. A fresh process opens it as the app does (migrations check, settings
 * file, vault, services) and answers its first IPC call. Each start is a process of its own (cold
 * JavaScript, warm OS file cache, as when the app is opened again); the median of the starts is
 * reported. No bar is set for start-up: the figure is reported.
 *
 * Run by bench/run.ts in a process of its own; prints one `BENCH_RESULT {json}` line.
 * Args: --candidates N (and as many applications) --log-lines N --starts N
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { databasePath } from '../../src/main/core/paths';
import { BENCH_ROOT, firstLine, spawnTs } from '../support/child';
import { preparedDataDir } from '../support/cache-fixture';
import { printResult, runScenario } from '../support/core';

interface StartTimes {
  sinceProcessStart: number;
  sinceOpen: number;
  firstPageSinceOpen: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

runScenario(async () => {
  const { values } = parseArgs({
    options: {
      candidates: { type: 'string', default: '200000' },
      'log-lines': { type: 'string', default: '1000000' },
      starts: { type: 'string', default: '3' },
    },
  });
  const { dataDir } = await preparedDataDir({
    candidates: Number(values.candidates),
    applications: Number(values.candidates),
    logLines: Number(values['log-lines']),
  });
  try {
    const bytes = fs.statSync(databasePath(dataDir)).size;

    const starts: StartTimes[] = [];
    for (let i = 0; i < Number(values.starts); i++) {
      const child = spawnTs(path.join(BENCH_ROOT, 'support', 'startup-child.ts'), [dataDir]);
      child.stdin?.end();
      starts.push(JSON.parse(await firstLine(child)) as StartTimes);
    }
    const pick = (key: keyof StartTimes) => median(starts.map((start) => start[key]));
    printResult({
      metrics: {
        cacheMb: { value: bytes / 2 ** 20, unit: 'MB', label: 'Database file' },
        sinceOpen: {
          value: pick('sinceOpen'),
          unit: 's',
          label: 'Open the data directory → first IPC answer (connections:list)',
          bar: 'none set',
        },
        sinceProcessStart: {
          value: pick('sinceProcessStart'),
          unit: 's',
          label: 'Process start → first IPC answer (Node and the TypeScript loader included)',
        },
        firstPage: {
          value: pick('firstPageSinceOpen'),
          unit: 's',
          label: 'Open → first page of 200 candidates',
        },
      },
    });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
